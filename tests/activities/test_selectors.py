"""Activity pages: the query count does not grow with criteria and measurements."""

import datetime

from django.urls import reverse

from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    ComparisonValueFactory,
    MeasurementFactory,
    MilestoneFactory,
)


def _fill(activity, criteria: int, measurements: int):
    for _ in range(criteria):
        criterion = ActivityCriterionFactory(activity=activity)
        ComparisonValueFactory(criterion=criterion)
        for day in range(measurements):
            MeasurementFactory(
                criterion=criterion, measured_on=datetime.date(2021, 1, 1) + datetime.timedelta(day)
            )
    MilestoneFactory(plan=activity.delaftale.focus_area.plan, activity=activity)


def _queries(client, url, django_assert_max_num_queries):
    with django_assert_max_num_queries(30) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_activity_page_queries_do_not_grow_with_criteria_and_measurements(
    leader_client, plan, delaftale, django_assert_max_num_queries
):
    small_activity = ActivityFactory(delaftale=delaftale)
    _fill(small_activity, criteria=1, measurements=1)
    big_activity = ActivityFactory(delaftale=delaftale)
    _fill(big_activity, criteria=10, measurements=20)

    small = _queries(
        leader_client,
        reverse("activities:activity_detail", args=[plan.slug, small_activity.pk]),
        django_assert_max_num_queries,
    )
    big = _queries(
        leader_client,
        reverse("activities:activity_detail", args=[plan.slug, big_activity.pk]),
        django_assert_max_num_queries,
    )

    assert big == small


def test_delaftale_page_queries_do_not_grow_with_activities(
    leader_client, plan, delaftale, django_assert_max_num_queries
):
    url = reverse("activities:delaftale_detail", args=[plan.slug, delaftale.focus_area.slug])
    _fill(ActivityFactory(delaftale=delaftale), criteria=1, measurements=1)
    small = _queries(leader_client, url, django_assert_max_num_queries)
    for _ in range(5):
        _fill(ActivityFactory(delaftale=delaftale), criteria=3, measurements=4)
    big = _queries(leader_client, url, django_assert_max_num_queries)

    assert big == small


def test_milestone_plan_queries_do_not_grow_with_milestones(
    leader_client, plan, delaftale, django_assert_max_num_queries
):
    url = reverse("activities:milestone_plan_year", args=[plan.slug, 2021])
    MilestoneFactory(plan=plan)
    small = _queries(leader_client, url, django_assert_max_num_queries)
    activity = ActivityFactory(delaftale=delaftale)
    for quarter in (1, 2, 3, 4, 4, 4):
        MilestoneFactory(plan=plan, due_quarter=quarter, activity=activity)
    big = _queries(leader_client, url, django_assert_max_num_queries)

    assert big == small
