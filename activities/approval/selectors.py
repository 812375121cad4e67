"""Where a delaftale or the strategic agreement stands: the one read of its approval state.

`approval_states_get` is what the document pages, the lists, the dashboards and the PDF's
running header (the stamp) all read, so that a screen and a print never disagree: the page
shows `ApprovalInfo.label`, the print `ApprovalInfo.stamp`.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from plans.models import ApprovalState, Delaftale, DocumentVersion

from .. import selectors as activity_selectors
from ..history import plan_data_state
from . import snapshots
from .rules import APPROVED_STATES, WAITING_STATES, document_kind, document_plan_id


def approval_status_text(state: str, when, number: int) -> str:
    """What the approved PDF prints, e.g. 'Godkendt af bestyrelsen 22.11.2026, version 2'."""
    return _("%(state)s %(date)s, version %(number)s") % {
        "state": ApprovalState(state).label,
        "date": formats.date_format(timezone.localtime(when), "SHORT_DATE_FORMAT"),
        "number": number,
    }


@dataclass(frozen=True)
class ApprovalInfo:
    """Where a document stands: its state, its last approved version (number, the state it was
    approved in and when) and whether the text has changed since (then it is a draft of a new
    version)."""

    state: str
    version: int | None
    changed: bool
    reason: str = ""
    version_state: str = ""
    approved_at: datetime.datetime | None = None

    @property
    def label(self) -> str:
        """The page's badge. Waiting for someone comes first: a changed delaftale sent to the
        board says so."""
        if self.changed and self.state not in WAITING_STATES:
            return _("Changed since version %(number)s") % {"number": self.version}
        return str(ApprovalState(self.state).label)

    @property
    def tone(self) -> str:
        """The badge's colour: approved green, waiting blue, returned or changed yellow."""
        if self.state in WAITING_STATES:
            return "info"
        if self.changed or self.state == ApprovalState.RETURNED:
            return "warning"
        if self.state in APPROVED_STATES:
            return "success"
        return "light"

    @property
    def draft(self) -> bool:
        """A print is a draft unless its text is exactly the last approved version's."""
        return self.version is None or self.changed

    @property
    def stamp(self) -> tuple[str, bool]:
        """(text, draft) for the print's running header: the last approved version's approval
        while the text is as approved, otherwise that it is a draft and since which version."""
        if self.version is None:
            return _("DRAFT – not approved"), True
        if self.changed:
            return _("DRAFT – changed since version %(number)s") % {"number": self.version}, True
        return approval_status_text(self.version_state, self.approved_at, self.version), False


def approval_states_get(documents, live: dict | None = None) -> dict[tuple[str, int], ApprovalInfo]:
    """The approval state of each document (delaftaler and strategic agreements, of any
    plans), keyed by (kind, pk). One query finds the last versions; a document with a version
    is compared with it (its snapshot, or `live[key]` when the caller has it, against the
    version's). The screens, the lists and the prints all read their state here."""
    live = live or {}
    documents = list(documents)
    keys = {(document_kind(d), d.pk): d for d in documents}
    latest: dict[tuple[str, int], dict] = {}
    if keys:
        by_kind = {}
        for kind, pk in keys:
            by_kind.setdefault(kind, []).append(pk)
        query = Q()  # one IN list a kind: composed faster than an OR of (kind, pk) pairs
        for kind, pks in by_kind.items():
            query |= Q(kind=kind, document_pk__in=pks)
        # Not the versions' content: that is read only for a comparison not yet kept.
        for version in (DocumentVersion.objects.filter(query)
                        .values("pk", "kind", "document_pk", "number", "state", "approved_at")
                        .order_by("number")):
            latest[(version["kind"], version["document_pk"])] = version
    found = {}
    data_states = {}  # plan id → its data state, read once a plan
    for key, document in keys.items():
        version = latest.get(key)
        if version is None:
            found[key] = ApprovalInfo(state=document.approval_state, version=None, changed=False,
                                      reason=document.approval_reason)
            continue
        found[key] = ApprovalInfo(
            state=document.approval_state,
            version=version["number"],
            changed=_changed_since(version, key, document, live, data_states),
            reason=document.approval_reason,
            version_state=version["state"],
            approved_at=version["approved_at"],
        )
    return found


def _changed_since(version: dict, key: tuple[str, int], document, live: dict,
                   data_states: dict) -> bool:
    """Whether the live document differs from `version`. Building a document's snapshot costs
    as much as its page, so the answer is kept for as long as the plan's data state (one
    query a plan, kept in `data_states` for the other documents of the same plan) and the
    version stay the same: lists of plans with approved delaftaler then cost one query a
    plan, not a document build a delaftale. `live[key]` is the snapshot (or a function
    making it) when the caller has built the document anyway."""
    plan_id = document_plan_id(document)
    if plan_id not in data_states:
        data_states[plan_id] = plan_data_state(plan_id)
    state = repr((key, version["number"], translation.get_language(), data_states[plan_id]))
    cache_key = "approval-changed:" + hashlib.sha256(state.encode()).hexdigest()
    changed = cache.get(cache_key)
    if changed is None:
        data = live[key] if key in live else document_snapshot(document)
        if callable(data):  # made only now that there is a version to compare it with
            data = data()
        approved = DocumentVersion.objects.values_list("data", flat=True).get(pk=version["pk"])
        changed = bool(snapshots.compare(approved, data))
        cache.set(cache_key, changed, timeout=24 * 3600)
    return changed


def approval_state_get(document, live=None) -> ApprovalInfo:
    """One document's `approval_states_get`; `live` is its snapshot, or a function making it."""
    key = (document_kind(document), document.pk)
    return approval_states_get([document], {key: live} if live is not None else None)[key]


def approval_state_from_versions(document, versions, live=None) -> ApprovalInfo:
    """`approval_state_get` from the document's versions read already (`versions_of`, newest
    first, their content may be left out), for the page that lists them anyway: the same
    answer without a second query."""
    if not versions:
        return ApprovalInfo(state=document.approval_state, version=None, changed=False,
                            reason=document.approval_reason)
    latest = versions[0]
    key = (document_kind(document), document.pk)
    version = {"pk": latest.pk, "number": latest.number}
    return ApprovalInfo(
        state=document.approval_state,
        version=latest.number,
        changed=_changed_since(version, key, document, {key: live} if live is not None else {},
                               {}),
        reason=document.approval_reason,
        version_state=latest.state,
        approved_at=latest.approved_at,
    )


def versions_of(document):
    """The versions made of this very document: a delaftale made again for the same area
    (after the old one was deleted) has none of the old one's."""
    return DocumentVersion.objects.filter(
        plan_id=document_plan_id(document),
        kind=document_kind(document),
        document_pk=document.pk,
    )


def document_snapshot(document) -> dict:
    """The document as it is now, read as its page reads it, as plain data."""
    if isinstance(document, Delaftale):
        area = document.focus_area
        return snapshots.delaftale_data(
            activity_selectors.delaftale_get(plan=area.plan, area_slug=area.slug))
    return snapshots.agreement_data(activity_selectors.agreement_get(plan=document.plan))

