"""A criterion measured by an indicator names it on the plan's pages: the indicator comes with
the criteria, so the pages' queries do not grow with the number of such criteria."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Indicator
from tests.factories import AreaCriterionFactory, DelaftaleFactory, FocusAreaFactory


@pytest.mark.parametrize("page", ["agreement", "delaftale"])
def test_criteria_with_indicators_cost_no_query_each(plan, leader_client, page):
    area = FocusAreaFactory(plan=plan)
    DelaftaleFactory(focus_area=area)
    url = (reverse("activities:agreement_detail", args=[plan.slug]) if page == "agreement"
           else reverse("activities:delaftale_detail", args=[plan.slug, area.slug]))

    def queries_with(more: int) -> int:
        start = Indicator.objects.filter(plan=plan).count()
        for n in range(start, start + more):
            indicator = Indicator.objects.create(plan=plan, name=f"Indikator {n}", order=n)
            AreaCriterionFactory(focus_area=area, indicator=indicator, order=n)
        leader_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = leader_client.get(url)
        assert response.status_code == 200
        assert f"Indikator {start + more - 1}" in response.text
        return len(queries.captured_queries)

    assert queries_with(1) == queries_with(3)
