"""Selectors: scoping, and query counts that do not grow with the data."""

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from plans import selectors
from plans.models import Membership
from tests.factories import (
    AreaCriterionFactory,
    DelaftaleFactory,
    DelaftalePartyFactory,
    FocusAreaFactory,
    ForumFactory,
    ForumMemberFactory,
    GoalFactory,
    MembershipFactory,
    PlanFactory,
    PlanPartyFactory,
    StaffResourceFactory,
)


def test_plan_access_of_a_non_member_is_404(plan, outsider):
    with pytest.raises(Http404):
        selectors.plan_access_get(user=outsider, slug=plan.slug)


def test_plan_access_knows_the_role(plan, reader):
    access = selectors.plan_access_get(user=reader, slug=plan.slug)

    assert access.role == Membership.Role.READER
    assert not access.can_edit


def _grow(user, plans: int, areas: int, members: int):
    """Give `user` several plans, each with areas, delaftaler, parties and members."""
    for _ in range(plans):
        plan = PlanFactory()
        MembershipFactory(plan=plan, user=user, role=Membership.Role.LEADER)
        for _ in range(members):
            MembershipFactory(plan=plan, role=Membership.Role.READER)
        for _ in range(areas):
            area = FocusAreaFactory(plan=plan)
            GoalFactory(focus_area=area)
            AreaCriterionFactory(focus_area=area)
            DelaftaleFactory(focus_area=area)
            PlanPartyFactory(plan=plan)


def _count_queries(django_assert_max_num_queries, client, url, limit):
    with django_assert_max_num_queries(limit) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("page", ["plan_list", "plan_detail"])
def test_page_queries_do_not_grow_with_plans_areas_or_members(
    page, user, django_assert_max_num_queries
):
    client = Client()
    client.force_login(user)

    def url():
        if page == "plan_list":
            return reverse("plans:plan_list")
        return reverse("activities:plan_detail", args=[user.plan_memberships.first().plan.slug])

    _grow(user, plans=1, areas=1, members=1)
    small = _count_queries(django_assert_max_num_queries, client, url(), 15)
    _grow(user, plans=6, areas=4, members=5)
    for membership in user.plan_memberships.all():
        plan = membership.plan
        for _ in range(4):
            FocusAreaFactory(plan=plan)
    large = _count_queries(django_assert_max_num_queries, client, url(), 15)

    assert large == small


@pytest.mark.parametrize(
    "page",
    [
        "agreement_detail",
        "organisation",
        "focus_areas",
        "members",
        "plan_parties",
        "focus_area_detail",
        "delaftale_detail",
        "budget",
    ],
)
def test_plan_section_pages_do_not_grow_with_rows(
    page, filled_plan, leader_client, django_assert_max_num_queries
):
    area = filled_plan.focus_areas.get()
    with_area = page in ("focus_area_detail", "delaftale_detail")
    args = [filled_plan.slug] + ([area.slug] if with_area else [])
    namespace = (
        "activities"
        if page in ("agreement_detail", "focus_area_detail", "delaftale_detail", "budget")
        else "plans"
    )
    url = reverse(f"{namespace}:{page}", args=args)
    # At most 30: the delaftale page reads its afdelinger, the activities' afdelinger, the
    # staff's split and the criteria's values per afdeling (one query each, whatever the rows).
    small = _count_queries(django_assert_max_num_queries, leader_client, url, 30)
    for _ in range(5):
        GoalFactory(focus_area=area)
        AreaCriterionFactory(focus_area=area)
        StaffResourceFactory(delaftale=area.delaftale)
        DelaftalePartyFactory(delaftale=area.delaftale)
        ForumMemberFactory(forum=ForumFactory(plan=filled_plan))
        PlanPartyFactory(plan=filled_plan)
        extra = FocusAreaFactory(plan=filled_plan)
        GoalFactory(focus_area=extra)
        AreaCriterionFactory(focus_area=extra)
        MembershipFactory(plan=filled_plan, role=Membership.Role.READER)
    large = _count_queries(django_assert_max_num_queries, leader_client, url, 30)

    assert large == small
