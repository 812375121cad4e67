"""The plan list and the portfolio stay flat at any number of plans (issue #16): a fixed
number of queries, one page of rows at a time, sorting and counting in the database."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Milestone
from devtools.lists_bench import AREAS_PER_PLAN, build_plans
from plans import selectors as plan_selectors
from plans.paging import Page, page_number
from reporting import selectors
from tests.factories import MilestoneFactory


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.mark.parametrize("sort", ["plan", "omraade", "ikke-paa-sporet", "forbrug", "forsinket"])
def test_portfolio_queries_are_the_same_at_5_and_50_plans(user, sort):
    client = _client(user)
    url = reverse("reporting:portfolio") + f"?sorter={sort}"
    build_plans(users=[user], count=5, prefix="Lille")
    small, html = _queries(client, url)
    assert html.count('class="badge status-paa_sporet"') - 1 == 5 * AREAS_PER_PLAN

    build_plans(users=[user], count=45, prefix="Stor")
    large, html = _queries(client, url)

    assert large == small
    assert small <= 10
    # 200 rows: the first page of 100, with the controls to the next.
    assert html.count('class="badge status-paa_sporet"') - 1 == selectors.ROWS_PER_PAGE


def test_plan_list_queries_are_the_same_at_5_and_50_plans(user):
    client = _client(user)
    url = reverse("plans:plan_list")
    build_plans(users=[user], count=5, prefix="Lille")
    small, html = _queries(client, url)
    assert html.count("Lille 000") == 5

    build_plans(users=[user], count=50, prefix="Stor")
    large, html = _queries(client, url)

    assert large == small
    assert small <= 8
    assert html.count("/planer/stor-") + html.count("/planer/lille-") == 50  # one page


def test_plan_list_pages_are_in_danish_and_keep_every_plan(user, monkeypatch):
    monkeypatch.setattr(plan_selectors, "PLANS_PER_PAGE", 4)
    build_plans(users=[user], count=10, prefix="Side")
    client = _client(user)
    seen = []
    for number in (1, 2, 3):
        html = client.get(reverse("plans:plan_list") + f"?side={number}").content.decode()
        seen += [f"side-{n}" for n in range(10) if f'/planer/side-{n}/' in html]
        assert 'aria-label="Sider i planlisten"' in html
        assert f"side {number} af 3" in html
    assert sorted(seen) == sorted(f"side-{n}" for n in range(10))
    first = client.get(reverse("plans:plan_list")).content.decode()
    assert "Næste side" in first and "Forrige side" not in first
    assert 'aria-current="page"' in first


@pytest.mark.parametrize("side", ["0", "-1", "abc", "²", "99999", "1" * 30, ""])
def test_a_page_number_that_cannot_be_is_the_nearest_page(user, side):
    build_plans(users=[user], count=2, prefix="Skaev")
    for name in ("plans:plan_list", "reporting:portfolio"):
        response = _client(user).get(reverse(name), {"side": side})
        assert response.status_code == 200
        assert "Skaev 0001" in response.content.decode()


def test_portfolio_pages_keep_the_sort_order(user, monkeypatch):
    monkeypatch.setattr(selectors, "ROWS_PER_PAGE", 6)
    build_plans(users=[user], count=3, prefix="Rang")  # 12 rows: two pages
    client = _client(user)
    html = client.get(reverse("reporting:portfolio") + "?sorter=forbrug").content.decode()
    assert "?sorter=forbrug&amp;side=2" in html
    assert 'aria-label="Sider i porteføljen"' in html
    second = client.get(reverse("reporting:portfolio") + "?sorter=forbrug&side=2")
    assert second.status_code == 200


def test_sorting_in_the_database_gives_the_order_of_the_rule(user):
    """Every sort of the paged portfolio lists the rows in the order the Python keys give
    when all rows are read (the portfolio before pages)."""
    build_plans(users=[user], count=6, prefix="Orden")
    today = datetime.date(2022, 8, 15)
    every = selectors.portfolio_get(user=user, sort="plan", today=today).rows
    assert len(every) == 24
    for sort, key in selectors.SORTS.items():
        expected = [(r.plan.pk, r.area.pk) for r in sorted(every, key=key)]
        paged = selectors.portfolio_get(user=user, sort=sort, today=today).rows
        assert [(r.plan.pk, r.area.pk) for r in paged] == expected, sort
    assert {r.overdue for r in every} == {1, 0}  # quarters 1-2 of 2022 passed, 3-4 not
    assert len({r.use for r in every}) > 1


def test_overdue_in_the_database_is_the_milestones_own_rule(plan):
    milestones = [
        MilestoneFactory(plan=plan, due_date=datetime.date(2022, 8, 14)),
        MilestoneFactory(plan=plan, due_date=datetime.date(2022, 8, 15)),
        MilestoneFactory(plan=plan, due_year=2022, due_quarter=2),
        MilestoneFactory(plan=plan, due_year=2022, due_quarter=3),
        MilestoneFactory(plan=plan, due_year=2021, due_quarter=4),
        MilestoneFactory(plan=plan, due_year=2023, due_quarter=1),
        MilestoneFactory(plan=plan, due_year=2021, due_quarter=1,
                         status=Milestone.Status.DROPPED),
    ]
    today = datetime.date(2022, 8, 15)
    expected = {m.pk for m in milestones if m.is_overdue(today)}
    found = set(Milestone.objects.filter(plan=plan).filter(selectors._overdue(today))
                .values_list("pk", flat=True))
    assert found == expected == {milestones[0].pk, milestones[2].pk, milestones[4].pk}


def test_page_arithmetic():
    page = Page.of(total=250, per_page=100, number=9, keep={"sorter": "plan"})
    assert (page.number, page.pages, page.first_row, page.last_row) == (3, 3, 201, 250)
    assert page.previous_url == "?sorter=plan&side=2" and not page.has_next
    assert [n for n, _url in Page.of(total=1000, per_page=10, number=50).links] == [
        1, 0, 48, 49, 50, 51, 52, 0, 100]
    assert Page.of(total=0, per_page=10, number=1).first_row == 0


def test_page_number_reads_ascii_digits_only(rf):
    assert page_number(rf.get("/", {"side": "3"}).GET) == 3
    assert page_number(rf.get("/", {"side": "٣"}).GET) == 1
    assert page_number(rf.get("/").GET) == 1


def test_portfolio_shows_only_my_plans_on_every_page(user, outsider, monkeypatch):
    monkeypatch.setattr(selectors, "ROWS_PER_PAGE", 2)
    build_plans(users=[outsider], count=3, prefix="Fremmed")
    build_plans(users=[user], count=1, prefix="Egen")
    for side in ("1", "2", "3"):
        html = _client(user).get(reverse("reporting:portfolio"), {"side": side}).content.decode()
        assert "Fremmed" not in html
