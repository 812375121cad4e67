"""Benchmark of the pages that list a user's plans: the plan list and the portfolio at 50 and
at 1,000 plans (issue #16: `plan_list_1000_over_50`, `portfolio_1000_over_50`).

The plans are made with bulk inserts (a plan, its membership, 4 indsatsområder with a
delaftale, 3 success criteria with 2 measurements each, a budget line with 2 years and an
overdue milestone per area), inside the bench's transaction that is rolled back. One user
belongs to 50 plans, another to 1,000; the two pages are asked for in turn, so that both
sizes see the same load on the machine, and the ratio of the medians is reported.
"""

import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import BudgetAmount, BudgetLine, Measurement, Milestone, SuccessCriterion
from plans.models import Delaftale, FocusArea, Membership, Plan, RuleSet

AREAS_PER_PLAN = 4


def build_plans(*, users, count: int, prefix: str, role: str = "bestyrelse") -> list[Plan]:
    """`count` plans the `users` are members of, made in a few bulk inserts."""
    rule_set = RuleSet.objects.get(code="lbf-2015-18")
    rule_areas = list(rule_set.areas.all()[:AREAS_PER_PLAN])
    plans = Plan.objects.bulk_create(
        Plan(
            name=f"{prefix} {n:04d}",
            area_name=f"Område {n}",
            slug=f"{prefix.lower()}-{n}",
            rule_set=rule_set,
            period_start=datetime.date(2020, 1, 1),
            period_end=datetime.date(2023, 12, 31),
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(
        Membership(plan=plan, user=user, role=role) for plan in plans for user in users
    )
    areas = FocusArea.objects.bulk_create(
        FocusArea(plan=plan, rule_set_area=rule_area, name=rule_area.name,
                  slug=f"omraade-{i}", order=i)
        for plan in plans
        for i, rule_area in enumerate(rule_areas)
    )
    Delaftale.objects.bulk_create(Delaftale(focus_area=area) for area in areas)
    criteria = SuccessCriterion.objects.bulk_create(
        SuccessCriterion(focus_area=area, text=f"Kriterium {i}", kind="antal", baseline_value=0,
                         target_value=10, target_year=2023, order=i)
        for area in areas
        for i in range(3)
    )
    Measurement.objects.bulk_create(
        Measurement(criterion=criterion, value=year - 2019 + i,
                    measured_on=datetime.date(year, 6, 1))
        for i, criterion in enumerate(criteria)
        for year in (2020, 2021)
    )
    lines = BudgetLine.objects.bulk_create(
        BudgetLine(plan=area.plan, focus_area=area, text="Aktiviteter", category="aktiviteter")
        for area in areas
    )
    BudgetAmount.objects.bulk_create(
        BudgetAmount(line=line, year=year, amount=100_000, spent=40_000 + 1_000 * (n % 50))
        for n, line in enumerate(lines)
        for year in (2020, 2021)
    )
    Milestone.objects.bulk_create(
        Milestone(plan=area.plan, focus_area=area, title="Milepæl", due_year=2022,
                  due_quarter=1 + n % 4)
        for n, area in enumerate(areas)
    )
    return plans


def _time(client, url) -> tuple[float, int]:
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    assert response.status_code == 200, (url, response.status_code)
    return seconds * 1000, len(queries.captured_queries)


def measure_lists(runs: int = 30, small: int = 50, large: int = 1000) -> dict:
    """The plan list and the portfolio for a user with `small` and one with `large` plans,
    measured in turn; call inside a transaction that is rolled back."""
    make = get_user_model().objects.create_user
    few, many = make("bench-lister-50", password=None), make("bench-lister-1000", password=None)
    build_plans(users=[few, many], count=small, prefix="Lister")
    build_plans(users=[many], count=large - small, prefix="Listerstor")
    clients = {}
    for name, user in (("small", few), ("large", many)):
        clients[name] = Client()
        clients[name].force_login(user)
    result = {}
    for page, url in (("plan_list", reverse("plans:plan_list")),
                      ("portfolio", reverse("reporting:portfolio"))):
        times = {"small": [], "large": []}
        queries = {}
        for name in times:
            _time(clients[name], url)  # templates loaded, connections warm
        for _ in range(runs):
            for name in times:
                milliseconds, queries[name] = _time(clients[name], url)
                times[name].append(milliseconds)
        medians = {name: statistics.median(values) for name, values in times.items()}
        result[f"{page}_{small}_ms"] = round(medians["small"], 1)
        result[f"{page}_{large}_ms"] = round(medians["large"], 1)
        result[f"{page}_{small}_queries"] = queries["small"]
        result[f"{page}_{large}_queries"] = queries["large"]
        result[f"{page}_{large}_over_{small}"] = round(medians["large"] / medians["small"], 2)
    return result
