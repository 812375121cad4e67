"""The approval matrix (activities.approval), without HTTP: every cell of role × state × action for
both documents, separation of duties, the return reason and the e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from activities import approval
from plans.models import (
    ApprovalState,
    Delaftale,
    DocumentVersion,
    Membership,
    StrategicAgreement,
    VersionFrozen,
)
from plans.selectors import PlanAccess
from tests.factories import DelaftaleFactory, FocusAreaFactory, MembershipFactory, UserFactory

S = ApprovalState
ROLES = [role.value for role in Membership.Role]
DELAFTALE_STATES = [S.DRAFT, S.SUBMITTED, S.BOARD_APPROVED, S.RETURNED]

# The matrix as the README writes it: (document, action, role, state) that are allowed.
ALLOWED = {
    ("delaftale", "submit", "leder", S.DRAFT),
    ("delaftale", "submit", "leder", S.RETURNED),
    ("delaftale", "submit", "leder", S.BOARD_APPROVED),
    ("delaftale", "approve", "bestyrelse", S.SUBMITTED),
    ("delaftale", "return", "bestyrelse", S.SUBMITTED),
    ("agreement", "submit", "leder", S.DRAFT),
    ("agreement", "submit", "leder", S.RETURNED),
    ("agreement", "submit", "leder", S.BOARD_APPROVED),
    ("agreement", "submit", "leder", S.LBF_APPROVED),
    ("agreement", "approve", "bestyrelse", S.SUBMITTED),
    ("agreement", "return", "bestyrelse", S.SUBMITTED),
    ("agreement", "send_to_lbf", "leder", S.BOARD_APPROVED),
    ("agreement", "lbf_approve", "leder", S.SENT_TO_LBF),
    ("agreement", "lbf_return", "leder", S.SENT_TO_LBF),
}
CELLS = [
    (kind, action, role, state)
    for kind, states in (("delaftale", DELAFTALE_STATES), ("agreement", list(S)))
    for action in approval.ACTIONS
    for role in ROLES
    for state in states
]


def fake_render(*, document, status):
    return approval.RenderedPdf(title=str(document), pdf=b"%PDF-1.7 " + status.encode())


def _document(plan, kind, state, submitted_by=None):
    if kind == "delaftale":
        document = DelaftaleFactory(focus_area=FocusAreaFactory(plan=plan))
    else:
        document = StrategicAgreement.objects.get(plan=plan)
    type(document).objects.filter(pk=document.pk).update(
        approval_state=state, submitted_by=submitted_by
    )
    document.refresh_from_db()
    return document


def _access(plan, role):
    membership = MembershipFactory(plan=plan, role=role)
    return membership.user, PlanAccess(plan=plan, role=role, membership_id=membership.pk)


@pytest.mark.parametrize(("kind", "action", "role", "state"), CELLS)
def test_every_cell_of_the_matrix(kind, action, role, state, plan):
    document = _document(plan, kind, state, submitted_by=UserFactory())
    user, access = _access(plan, role)
    allowed = (kind, action, role, state) in ALLOWED

    def act():
        return approval.transition(document=document, action=action, user=user, access=access,
                                   reason="Mangler budget", render_pdf=fake_render)

    if allowed:
        act()
        document.refresh_from_db()
        assert document.approval_state == approval.rule_for(kind, action).target
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            act()
        document.refresh_from_db()
        assert document.approval_state == state
        assert not DocumentVersion.objects.exists()


def test_the_buttons_follow_the_matrix(plan):
    document = _document(plan, "agreement", S.BOARD_APPROVED)
    _user, access = _access(plan, "leder")
    actions = [rule.action for rule in approval.allowed_rules(document=document, access=access)]
    assert actions == ["submit", "send_to_lbf"]


def test_return_without_a_reason_is_refused_and_changes_nothing(plan):
    document = _document(plan, "delaftale", S.SUBMITTED, submitted_by=UserFactory())
    user, access = _access(plan, "bestyrelse")
    with pytest.raises(ValidationError, match="Skriv hvorfor|Write why"):
        approval.transition(document=document, action="return", user=user, access=access,
                            reason="  ")
    document.refresh_from_db()
    assert document.approval_state == S.SUBMITTED


def test_return_keeps_the_reason(plan):
    document = _document(plan, "delaftale", S.SUBMITTED, submitted_by=UserFactory())
    user, access = _access(plan, "bestyrelse")
    approval.transition(document=document, action="return", user=user, access=access,
                        reason="Budgettet mangler")
    document.refresh_from_db()
    assert (document.approval_state, document.approval_reason) == (
        S.RETURNED, "Budgettet mangler")


def test_the_submitter_cannot_approve_their_own_submission(plan):
    user, access = _access(plan, "bestyrelse")
    document = _document(plan, "delaftale", S.SUBMITTED, submitted_by=user)
    with pytest.raises(ValidationError):
        approval.transition(document=document, action="approve", user=user, access=access,
                            render_pdf=fake_render)
    document.refresh_from_db()
    assert document.approval_state == S.SUBMITTED
    assert not DocumentVersion.objects.exists()


def test_the_plan_may_allow_the_submitter_to_approve(plan):
    plan.allow_self_approval = True
    plan.save()
    user, access = _access(plan, "bestyrelse")
    document = _document(plan, "delaftale", S.SUBMITTED, submitted_by=user)
    approval.transition(document=document, action="approve", user=user, access=access,
                        render_pdf=fake_render)
    document.refresh_from_db()
    assert document.approval_state == S.BOARD_APPROVED


def test_a_document_of_another_plan_is_refused(plan):
    from tests.factories import PlanFactory

    other = DelaftaleFactory(focus_area=FocusAreaFactory(plan=PlanFactory()))
    user, access = _access(plan, "leder")
    with pytest.raises(PermissionDenied):
        approval.transition(document=other, action="submit", user=user, access=access)
    other.refresh_from_db()
    assert other.approval_state == S.DRAFT


def test_submit_records_the_submitter_and_mails_the_board(plan, django_capture_on_commit_callbacks):
    _board_user, _ = _access(plan, "bestyrelse")
    document = _document(plan, "delaftale", S.DRAFT)
    user, access = _access(plan, "leder")
    with django_capture_on_commit_callbacks(execute=True):
        approval.transition(document=document, action="submit", user=user, access=access)
    document.refresh_from_db()
    assert document.submitted_by == user
    assert [message.to for message in mail.outbox] == [[_board_user.email]]


def test_approval_mails_the_leader_and_numbers_the_versions(
    plan, django_capture_on_commit_callbacks
):
    leader, leader_access = _access(plan, "leder")
    board, board_access = _access(plan, "bestyrelse")
    document = _document(plan, "delaftale", S.DRAFT)
    for _round in range(2):
        approval.transition(document=document, action="submit", user=leader,
                            access=leader_access)
        with django_capture_on_commit_callbacks(execute=True):
            version = approval.transition(document=document, action="approve", user=board,
                                          access=board_access, render_pdf=fake_render)
    assert version.number == 2
    with version.pdf.open("rb") as pdf:
        assert b"version 2" in pdf.read()
    assert version.data == approval.document_snapshot(document)
    assert version.approvers == [{"id": board.pk, "name": board.get_username()}]
    assert mail.outbox[-1].to == [leader.email]


def test_an_approved_version_cannot_be_changed_or_deleted(plan):
    leader, leader_access = _access(plan, "leder")
    board, board_access = _access(plan, "bestyrelse")
    document = _document(plan, "delaftale", S.DRAFT)
    approval.transition(document=document, action="submit", user=leader, access=leader_access)
    version = approval.transition(document=document, action="approve", user=board,
                                  access=board_access, render_pdf=fake_render)
    version.title = "Ændret"
    with pytest.raises(VersionFrozen):
        version.save()
    with pytest.raises(VersionFrozen):
        version.delete()
    with pytest.raises(VersionFrozen):
        DocumentVersion.objects.filter(pk=version.pk).update(title="Ændret")
    with pytest.raises(VersionFrozen):
        DocumentVersion.objects.filter(pk=version.pk).delete()
    with pytest.raises(VersionFrozen):
        DocumentVersion.objects.bulk_update([version], ["title"])
    assert DocumentVersion.objects.get().title != "Ændret"


def test_deleting_an_approved_delaftale_keeps_its_versions(plan):
    leader, leader_access = _access(plan, "leder")
    board, board_access = _access(plan, "bestyrelse")
    document = _document(plan, "delaftale", S.DRAFT)
    approval.transition(document=document, action="submit", user=leader, access=leader_access)
    approval.transition(document=document, action="approve", user=board, access=board_access,
                        render_pdf=fake_render)
    Delaftale.objects.filter(pk=document.pk).get().focus_area.delete()
    assert DocumentVersion.objects.count() == 1


def test_the_leader_turns_on_self_approval_in_the_plan_form(leader_client, plan):
    from django.urls import reverse

    url = reverse("plans:plan_edit", args=[plan.slug])
    form = leader_client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["allow_self_approval"] = "on"
    assert leader_client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert plan.allow_self_approval is True
