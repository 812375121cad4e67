"""The plan list's header in one query (plans.selectors.plan_list_header_get): the count of the
user's plans, whether they may start one, and whether anything waits for them, each equal to
what the slower reads it replaces answer."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans import selectors
from plans.models import ApprovalState, Membership
from tests.factories import (
    AgreementFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    MembershipFactory,
    PlanFactory,
    UserFactory,
    may_create_plans,
)

pytestmark = pytest.mark.django_db


def _add_plan() -> Permission:
    return Permission.objects.get(content_type__app_label="plans", codename="add_plan")


def _header(user):
    with CaptureQueriesContext(connection) as queries:
        header = selectors.plan_list_header_get(user=user)
    # An inactive user is answered without asking the database.
    assert len(queries.captured_queries) == (1 if user.is_active else 0)
    return header


def test_the_count_is_the_users_memberships_only():
    user = UserFactory()
    for _ in range(3):
        MembershipFactory(user=user)
    MembershipFactory()  # someone else's
    assert _header(user).total == 3
    assert _header(UserFactory()).total == 0


@pytest.mark.parametrize("how", ["none", "direct", "group", "superuser", "inactive"])
def test_may_start_a_plan_as_has_perm_answers(how):
    user = UserFactory()
    if how == "direct":
        may_create_plans(user)
    elif how == "group":
        group = Group.objects.create(name="Sekretariater")
        group.permissions.add(_add_plan())
        user.groups.add(group)
    elif how == "superuser":
        user.is_superuser = True
        user.save()
    elif how == "inactive":
        may_create_plans(user)
        user.is_active = False
        user.save()
    expected = get_fresh(user).has_perm("plans.add_plan")
    assert _header(get_fresh(user)).can_create is expected
    assert expected is (how in ("direct", "group", "superuser"))


def get_fresh(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize(
    "role, state, waits",
    [
        (Membership.Role.BOARD, ApprovalState.SUBMITTED, True),
        (Membership.Role.BOARD, ApprovalState.RETURNED, False),
        (Membership.Role.LEADER, ApprovalState.RETURNED, True),
        (Membership.Role.LEADER, ApprovalState.SUBMITTED, False),
        (Membership.Role.READER, ApprovalState.SUBMITTED, False),
    ],
)
@pytest.mark.parametrize("document", ["agreement", "delaftale"])
def test_something_waits_exactly_when_the_waiting_lists_have_a_row(role, state, waits, document):
    user = UserFactory()
    plan = PlanFactory()
    MembershipFactory(user=user, plan=plan, role=role)
    if document == "agreement":
        AgreementFactory(plan=plan, approval_state=state)
    else:
        DelaftaleFactory(focus_area=FocusAreaFactory(plan=plan), approval_state=state)
    lists = selectors.waiting_for_user(user=user)
    assert _header(user).anything_waiting is waits
    assert bool(lists["approve"] or lists["revise"]) is waits


def test_someone_elses_waiting_document_does_not_count():
    user = UserFactory()
    MembershipFactory(user=user, role=Membership.Role.BOARD)
    other = PlanFactory()
    AgreementFactory(plan=other, approval_state=ApprovalState.SUBMITTED)
    assert _header(user).anything_waiting is False


def test_the_plan_list_reads_the_waiting_lists_only_when_something_waits(client):
    user = UserFactory()
    plan = PlanFactory()
    MembershipFactory(user=user, plan=plan, role=Membership.Role.BOARD)
    agreement = AgreementFactory(plan=plan)
    client.force_login(user)
    url = reverse("plans:plan_list")
    client.get(url)
    with CaptureQueriesContext(connection) as quiet:
        page = client.get(url)
    assert "til-godkendelse" not in page.text
    agreement.approval_state = ApprovalState.SUBMITTED
    agreement.save()
    with CaptureQueriesContext(connection) as busy:
        page = client.get(url)
    assert 'id="til-godkendelse"' in page.text
    assert len(busy.captured_queries) == len(quiet.captured_queries) + 2
