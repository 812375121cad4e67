"""Godkendelse: who may move a delaftale or the strategic agreement from which state to which.

LBF's rules: the bestyrelse approves every change to a delaftale, LBF approves every change to
the strategic agreement. The leder submits and records LBF's answer. `RULES` is the whole
role × state × action matrix; `transition` is the only code that changes an approval state,
and an approval freezes the document as a `DocumentVersion` (data, PDF and its SHA-256).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhedsplan.audit import audit_event
from helhedsplan.tasks import send_email

from .models import (
    ApprovalState,
    Delaftale,
    DocumentVersion,
    Membership,
    StrategicAgreement,
    VersionFrozen,
)
from .selectors import PlanAccess

S = ApprovalState
Role = Membership.Role
DELAFTALE, AGREEMENT = DocumentVersion.Kind.DELAFTALE, DocumentVersion.Kind.AGREEMENT
BOTH = frozenset({DELAFTALE, AGREEMENT})


@dataclass(frozen=True)
class Rule:
    action: str
    label: str
    kinds: frozenset
    role: str
    sources: frozenset
    target: str
    needs_reason: bool = False
    freezes: bool = False


RULES = (
    Rule(
        "submit",
        gettext_lazy("Submit to the board"),
        BOTH,
        Role.LEADER,
        frozenset({S.DRAFT, S.RETURNED, S.BOARD_APPROVED, S.LBF_APPROVED}),
        S.SUBMITTED,
    ),
    Rule(
        "approve",
        gettext_lazy("Approve"),
        BOTH,
        Role.BOARD,
        frozenset({S.SUBMITTED}),
        S.BOARD_APPROVED,
        freezes=True,
    ),
    Rule(
        "return",
        gettext_lazy("Return for revision"),
        BOTH,
        Role.BOARD,
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        needs_reason=True,
    ),
    Rule(
        "send_to_lbf",
        gettext_lazy("Record as sent to LBF"),
        frozenset({AGREEMENT}),
        Role.LEADER,
        frozenset({S.BOARD_APPROVED}),
        S.SENT_TO_LBF,
    ),
    Rule(
        "lbf_approve",
        gettext_lazy("Record LBF's approval"),
        frozenset({AGREEMENT}),
        Role.LEADER,
        frozenset({S.SENT_TO_LBF}),
        S.LBF_APPROVED,
        freezes=True,
    ),
    Rule(
        "lbf_return",
        gettext_lazy("Record that LBF returned it"),
        frozenset({AGREEMENT}),
        Role.LEADER,
        frozenset({S.SENT_TO_LBF}),
        S.RETURNED,
        needs_reason=True,
    ),
)
__all__ = ["VersionFrozen", "transition"]
ACTIONS = tuple(dict.fromkeys(rule.action for rule in RULES))


@dataclass(frozen=True)
class Frozen:
    """What `freeze` hands back: the document as plain data and its rendered PDF."""

    title: str
    data: dict
    pdf: bytes


# freeze(document=…, status=…) renders the approved document; it lives in `reporting`, which
# `plans` must not import, so the caller passes it in.
Freezer = Callable[..., Frozen]


def document_kind(document) -> str:
    if isinstance(document, Delaftale):
        return DELAFTALE
    if isinstance(document, StrategicAgreement):
        return AGREEMENT
    raise TypeError(document)


def document_plan_id(document) -> int:
    return document.focus_area.plan_id if isinstance(document, Delaftale) else document.plan_id


def rule_for(kind: str, action: str) -> Rule | None:
    return next((r for r in RULES if r.action == action and kind in r.kinds), None)


def allowed_rules(*, document, access: PlanAccess) -> list[Rule]:
    """The buttons to show: the actions the user's role may take in the document's state."""
    kind = document_kind(document)
    return [
        rule
        for rule in RULES
        if kind in rule.kinds
        and rule.role == access.role
        and document.approval_state in rule.sources
    ]


def _area_slug(document) -> str:
    return document.focus_area.slug if isinstance(document, Delaftale) else ""


def versions_of(document):
    """The versions made of this very document: a delaftale made again for the same area
    (after the old one was deleted) has none of the old one's."""
    return DocumentVersion.objects.filter(
        plan_id=document_plan_id(document),
        kind=document_kind(document),
        document_pk=document.pk,
    )


def approval_status_text(state: str, when, number: int) -> str:
    """What the approved PDF prints, e.g. 'Godkendt af bestyrelsen 22.11.2026, version 2'."""
    return _("%(state)s %(date)s, version %(number)s") % {
        "state": ApprovalState(state).label,
        "date": formats.date_format(timezone.localtime(when), "SHORT_DATE_FORMAT"),
        "number": number,
    }


@transaction.atomic
def transition(
    *,
    document,
    action: str,
    user,
    access: PlanAccess,
    reason: str = "",
    freeze: Freezer | None = None,
    notify: bool = True,
    link: str = "",
) -> DocumentVersion | None:
    """Take one action on a delaftale or the strategic agreement; returns the frozen version
    when the action approves. Refuses (PermissionDenied for the role, ValidationError with a
    message otherwise) without writing anything. `link` is the document's page as an absolute
    address, for the e-mail (`plans` does not know the pages' addresses)."""
    kind = document_kind(document)
    if document_plan_id(document) != access.plan.pk:
        raise PermissionDenied
    rule = rule_for(kind, action)
    if rule is None or rule.role != access.role:
        raise PermissionDenied
    # Lock the row: two board members pressing "Approve" at once make one version, not two.
    current = type(document).objects.select_for_update().get(pk=document.pk)
    if current.approval_state not in rule.sources:
        raise ValidationError(
            _("This cannot be done while the document is '%(state)s'.")
            % {"state": current.get_approval_state_display()}
        )
    reason = reason.strip()
    if rule.needs_reason and not reason:
        raise ValidationError(_("Write why the document is returned."))
    if (
        rule.role == Role.BOARD
        and current.submitted_by_id == user.pk
        and not access.plan.allow_self_approval
    ):
        raise ValidationError(
            _("You submitted this document, so someone else must approve or return it.")
        )

    version = None
    if rule.freezes:
        if freeze is None:
            raise ValueError("An approval needs a freeze function.")
        # The approved document, its PDF and its snapshot are in the documents' language,
        # whichever language the approver's interface uses.
        with translation.override(settings.LANGUAGE_CODE):
            version = _freeze(document=current, kind=kind, state=rule.target, user=user,
                              freeze=freeze)
    fields = ["approval_state", "approval_reason"]
    current.approval_state = rule.target
    current.approval_reason = reason if rule.needs_reason else ""
    if action == "submit":
        current.submitted_by = user
        fields.append("submitted_by")
    # Not save(): an approval is no edit, so `updated_at` keeps telling when the text changed.
    type(current).objects.filter(pk=current.pk).update(
        **{field: getattr(current, field) for field in fields}
    )
    document.approval_state, document.approval_reason = rule.target, current.approval_reason
    # The action is its own entry in the plan's history, by the person who took it, so that it
    # is not credited to whoever edits the document next.
    with translation.override(settings.LANGUAGE_CODE):
        entry = str(rule.label)
    type(current).history.bulk_history_create(
        [current], update=True, default_user=user, default_change_reason=entry
    )
    document.submitted_by_id = current.submitted_by_id
    audit_event(
        "approval",
        user_id=user.pk,
        plan_id=access.plan.pk,
        object_type=kind,
        object_id=document.pk,
        reason=action,
    )
    if notify:  # the demo data's approvals e-mail nobody
        _notify(document=current, rule=rule, plan=access.plan, reason=reason, link=link)
    return version


def _freeze(*, document, kind, state, user, freeze: Freezer) -> DocumentVersion:
    number = (versions_of(document).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    approved_at = timezone.now()
    frozen = freeze(document=document, status=approval_status_text(state, approved_at, number))
    version = DocumentVersion(
        plan_id=document_plan_id(document),
        kind=kind,
        area_slug=_area_slug(document),
        document_pk=document.pk,
        title=frozen.title,
        number=number,
        state=state,
        approved_at=approved_at,
        approvers=[{"id": user.pk, "name": user.get_full_name() or user.get_username()}],
        data=frozen.data,
        sha256=hashlib.sha256(frozen.pdf).hexdigest(),
    )
    name = f"{kind}-{version.area_slug or 'aftale'}-v{number}.pdf"
    version.pdf.save(name, ContentFile(frozen.pdf), save=False)
    version.save()
    return version


def _notify(*, document, rule: Rule, plan, reason: str, link: str = "") -> None:
    """The bestyrelse hears of a submission, the leder of the board's answer."""
    if rule.action == "submit":
        role, subject = Role.BOARD, _("For approval: %(document)s")
    elif rule.role == Role.BOARD:
        role, subject = Role.LEADER, _("%(state)s: %(document)s")
    else:
        return
    recipients = [
        email
        for email in plan.memberships.filter(role=role).values_list("user__email", flat=True)
        if email
    ]
    if not recipients:
        return
    values = {"document": str(document), "state": ApprovalState(rule.target).label}
    subject = subject % values
    body = _("%(document)s in %(plan)s is now '%(state)s'.") % {**values, "plan": plan.name}
    if reason:
        body += "\n\n" + _("Reason: %(reason)s") % {"reason": reason}
    if link:
        body += "\n\n" + _("Open the page: %(url)s") % {"url": link}
    transaction.on_commit(
        lambda: send_email.enqueue(subject, body, recipients, settings.DEFAULT_FROM_EMAIL)
    )
