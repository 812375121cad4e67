"""The board dashboard and the portfolio: content and query counts."""

import datetime

from django.test import Client
from django.urls import reverse

from plans.models import Membership
from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    AreaCriterionFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    MeasurementFactory,
    MembershipFactory,
    MilestoneFactory,
    PlanFactory,
)


def _queries(client, url, django_assert_max_num_queries, limit=25):
    with django_assert_max_num_queries(limit) as context:
        response = client.get(url)
        assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def _grow(plan, criteria=2):
    area = FocusAreaFactory(plan=plan)
    activity = ActivityFactory(delaftale=DelaftaleFactory(focus_area=area))
    for _ in range(criteria):
        AreaCriterionFactory(focus_area=area)
        MeasurementFactory(criterion=ActivityCriterionFactory(activity=activity))
    MilestoneFactory(plan=plan, activity=activity, due_year=2021, due_quarter=1)


def test_dashboard_shows_reasons_overdue_milestones_and_money(
    leader_client, plan, django_assert_max_num_queries
):
    _grow(plan)
    count, html = _queries(
        leader_client,
        reverse("reporting:dashboard", args=[plan.slug]),
        django_assert_max_num_queries,
    )

    assert "Baseline 27,8 %" in html or "seneste måling" in html
    assert "10 unge tilknyttet lommepengeprojektet" in html  # overdue milestone
    assert "Forbrug mod forløbet tid" in html or "Budget brugt" in html


def test_dashboard_queries_do_not_grow_with_criteria(
    leader_client, plan, django_assert_max_num_queries
):
    url = reverse("reporting:dashboard", args=[plan.slug])
    _grow(plan, criteria=1)
    small, _ = _queries(leader_client, url, django_assert_max_num_queries)
    for _ in range(3):
        _grow(plan, criteria=6)
    big, _ = _queries(leader_client, url, django_assert_max_num_queries)

    assert big == small


def test_portfolio_has_a_row_per_plan_and_area_and_constant_queries(
    user, django_assert_max_num_queries
):
    client = Client()
    client.force_login(user)
    first = PlanFactory()
    MembershipFactory(plan=first, user=user, role=Membership.Role.BOARD)
    _grow(first)
    small, html = _queries(client, reverse("reporting:portfolio"), django_assert_max_num_queries)
    for _ in range(5):
        other = PlanFactory()
        MembershipFactory(plan=other, user=user, role=Membership.Role.READER)
        _grow(other, criteria=4)
        _grow(other, criteria=3)
    big, html = _queries(client, reverse("reporting:portfolio"), django_assert_max_num_queries)

    assert big == small
    assert html.count("badge status-paa_sporet") - 1 == 11  # rows, less the legend


def test_portfolio_shows_only_my_plans(user, outsider):
    client = Client()
    client.force_login(user)
    foreign = outsider.plan_memberships.get().plan
    FocusAreaFactory(plan=foreign, name="Hemmeligt område")

    assert "Hemmeligt område" not in client.get(reverse("reporting:portfolio")).content.decode()


def test_portfolio_sorts_by_overdue_milestones(user):
    client = Client()
    client.force_login(user)
    calm, busy = PlanFactory(name="A-plan"), PlanFactory(name="B-plan")
    for plan in (calm, busy):
        MembershipFactory(plan=plan, user=user)
        FocusAreaFactory(plan=plan)
    area = busy.focus_areas.get()
    MilestoneFactory(plan=busy, focus_area=area, due_year=2021, due_quarter=1)

    html = client.get(reverse("reporting:portfolio") + "?sorter=forsinket").content.decode()

    assert html.index("B-plan") < html.index("A-plan")
    assert datetime.date.today().year > 2021
