"""Taking an approval action: the only code that changes a document's approval state.

An approval freezes the document as a `plans.models.DocumentVersion`: its snapshot (data,
made here), its PDF and the PDF's SHA-256. The PDF is rendered by `reporting`, which this app
must not import, so the caller passes the renderer in (`reporting.versions.render_approved`).
It is rendered inside the approval's transaction because a version is written once and never
changed (a database trigger refuses any UPDATE): the PDF and its hash are part of the
evidence, and a PDF rendered later from the live rows could show edits made after the
approval.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helhedsplan.audit import audit_event
from helhedsplan.tasks import send_email
from plans.models import ApprovalState, Delaftale, DocumentVersion
from plans.selectors import PlanAccess

from .rules import Role, Rule, document_kind, document_plan_id, rule_for
from .selectors import approval_status_text, document_snapshot, versions_of


@dataclass(frozen=True)
class RenderedPdf:
    """What the renderer hands back: the printed document's title and its PDF."""

    title: str
    pdf: bytes


# render_pdf(document=…, status=…) prints the document as it is now with the approval `status`
# in place of the draft mark.
PdfRenderer = Callable[..., RenderedPdf]


def _area_slug(document) -> str:
    return document.focus_area.slug if isinstance(document, Delaftale) else ""


@transaction.atomic
def transition(
    *,
    document,
    action: str,
    user,
    access: PlanAccess,
    reason: str = "",
    render_pdf: PdfRenderer | None = None,
    notify: bool = True,
    link: str = "",
) -> DocumentVersion | None:
    """Take one action on a delaftale or the strategic agreement; returns the frozen version
    when the action approves. Refuses (PermissionDenied for the role, ValidationError with a
    message otherwise) without writing anything. `link` is the document's page as an absolute
    address, for the e-mail."""
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
        if render_pdf is None:
            raise ValueError("An approval needs a PDF renderer.")
        # The approved document, its PDF and its snapshot are in the documents' language,
        # whichever language the approver's interface uses.
        with translation.override(settings.LANGUAGE_CODE):
            version = _freeze(document=current, kind=kind, state=rule.target, user=user,
                              render_pdf=render_pdf)
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


def _freeze(*, document, kind, state, user, render_pdf: PdfRenderer) -> DocumentVersion:
    number = (versions_of(document).order_by("-number").values_list("number", flat=True)
              .first() or 0) + 1
    approved_at = timezone.now()
    rendered = render_pdf(document=document,
                          status=approval_status_text(state, approved_at, number))
    version = DocumentVersion(
        plan_id=document_plan_id(document),
        kind=kind,
        area_slug=_area_slug(document),
        document_pk=document.pk,
        title=rendered.title,
        number=number,
        state=state,
        approved_at=approved_at,
        approvers=[{"id": user.pk, "name": user.get_full_name() or user.get_username()}],
        data=document_snapshot(document),
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
    )
    name = f"{kind}-{version.area_slug or 'aftale'}-v{number}.pdf"
    version.pdf.save(name, ContentFile(rendered.pdf), save=False)
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
