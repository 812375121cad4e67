"""Money through the year (issue 18, point 4): the co-financing rule per year as well as per
period, at its edge for a single year, on the budget page and the board overview; spending per
line with the remaining amount and variance, and per area and year."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.budget import spending_get
from activities.models import BudgetAmount, BudgetLine
from activities.selectors import money_overview_get
from plans.financing import Split, co_financing_rule, summarise
from plans.models import BudgetGroup, FinancingAmount, FinancingLine
from tests.factories import FocusAreaFactory

MIN = Decimal(25)


def _summary(by_year: dict[int, tuple[int, int]]):
    amounts = []
    for year, (lbf, local) in by_year.items():
        amounts += [(True, None, year, lbf), (False, None, year, local)]
    return summarise(years=sorted(by_year), minimum=MIN, amounts=amounts)


def test_a_single_year_at_24_99_percent_is_flagged_with_the_amount_missing():
    summary = _summary({2022: (750_100, 249_900)})

    rule = summary.year_rule(2022)

    assert not rule.ok
    assert rule.message.startswith("2022: ")
    assert "24,99 %" in rule.message
    assert summary.year_missing(2022) == 100
    assert "100 kr." in rule.message


def test_a_single_year_at_25_00_percent_is_not_flagged():
    summary = _summary({2022: (750_000, 250_000)})

    assert summary.year_rule(2022).ok
    assert summary.year_missing(2022) == 0


def test_a_year_below_the_minimum_is_flagged_even_when_the_period_meets_it():
    """2021 has 22 % local money, 2022 makes up for it: the period passes, 2021 does not."""
    summary = _summary({2021: (780_000, 220_000), 2022: (700_000, 300_000)})

    assert summary.rule.ok
    assert [rule.ok for rule in summary.year_rules()] == [False, True]
    assert "30.000 kr." in summary.year_rules()[0].message
    assert co_financing_rule(Split(780_000, 220_000), MIN, year=2021).message \
        == summary.year_rules()[0].message


def test_a_year_without_money_has_no_year_rule():
    summary = _summary({2021: (0, 0), 2022: (750_000, 250_000)})

    assert summary.year_rule(2021) is None
    assert len(summary.year_rules()) == 1


@pytest.fixture
def money_plan(plan):
    plan.period_start, plan.period_end = datetime.date(2021, 1, 1), datetime.date(2023, 12, 31)
    plan.save()
    area = FocusAreaFactory(plan=plan, name="Tryghed og trivsel")
    lbf = FinancingLine.objects.create(plan=plan, kind="lbf", name="Landsbyggefonden")
    local = FinancingLine.objects.create(plan=plan, kind="kommune", name="Kommunen")
    for year, (a, b) in {2021: (780_000, 220_000), 2022: (750_000, 250_000),
                         2023: (600_000, 400_000)}.items():
        FinancingAmount.objects.create(line=lbf, year=year, amount=a)
        FinancingAmount.objects.create(line=local, year=year, amount=b)
    line = BudgetLine.objects.create(plan=plan, text="Netværksmedarbejder", category="loen",
                                     focus_area=area)
    office = BudgetLine.objects.create(plan=plan, text="Kontor", category="drift")
    for year in (2021, 2022, 2023):
        BudgetAmount.objects.create(line=line, year=year, amount=600_000,
                                    spent={2021: 650_000, 2022: 500_000}.get(year))
        BudgetAmount.objects.create(line=office, year=year, amount=400_000,
                                    spent={2021: 400_000}.get(year))
    return plan


def test_the_budget_page_and_board_overview_flag_the_year_with_the_amount_missing(
    leader_client, money_plan
):
    budget = leader_client.get(reverse("activities:budget", args=[money_plan.slug]))
    board = leader_client.get(reverse("reporting:dashboard", args=[money_plan.slug]))

    page = budget.content.decode()
    assert "2021: Den lokale medfinansiering er kun 22,0 %" in page
    assert "mangler 30.000 kr. i lokal medfinansiering" in page  # under 2021's share
    assert "2022: Den lokale medfinansiering er 25,0 %" in page
    assert "2021: Den lokale medfinansiering er kun 22,0 %" in board.content.decode()
    assert "2022: Den lokale" not in board.content.decode()  # only what fails is listed


def test_spending_per_line_has_remaining_and_variance_and_per_area_and_year(money_plan):
    grid = money_overview_get(plan=money_plan).grid

    spending = spending_get(grid, through_year=2022)

    by_text = {line.row.line.text: line for line in spending.lines}
    worker = by_text["Netværksmedarbejder"]
    assert (worker.budget, worker.spent, worker.remaining) == (1_800_000, 1_150_000, 650_000)
    assert worker.budget_to_date == 1_200_000
    assert worker.variance == -50_000
    office = by_text["Kontor"]
    assert (office.remaining, office.variance) == (800_000, -400_000)
    areas = {area.label: area for area in spending.areas}
    assert areas["Tryghed og trivsel"].cells[0] == (2021, 600_000, 650_000, -50_000)
    assert areas["Tværgående"].cells[1] == (2022, 400_000, 0, 400_000)
    assert spending.remaining == grid.total - grid.spent


def test_the_spending_view_shows_remaining_and_variance(leader_client, money_plan):
    page = leader_client.get(
        reverse("activities:budget", args=[money_plan.slug]) + "?visning=forbrug"
    ).content.decode()

    assert "Forbrug pr. linje" in page and "Restbeløb" in page and "Afvigelse" in page
    assert "650.000 kr." in page  # the line's remaining amount
    assert "Budget og forbrug pr. indsatsområde og år" in page


def test_the_sums_only_overview_adds_up_as_the_full_grid(money_plan):
    """The plan overview reads the sums without the lines (`lines=False`): per year, per area,
    in total, spent, the rules and the pace are the full grid's, with a blank cell, a line in a
    group of its own and an amount outside the period (which counts in neither)."""
    area = money_plan.focus_areas.get()
    group = BudgetGroup.objects.create(plan=money_plan, name="Egen gruppe", focus_area=area)
    grouped = BudgetLine.objects.create(plan=money_plan, text="I gruppe", category="drift",
                                        focus_area=area, group=group)
    BudgetAmount.objects.create(line=grouped, year=2022, amount=None, spent=5_000)
    BudgetAmount.objects.create(line=grouped, year=2023, amount=70_000)
    BudgetAmount.objects.create(line=grouped, year=2030, amount=9_000, spent=9_000)
    today = datetime.date(2022, 7, 1)

    full = money_overview_get(plan=money_plan, today=today)
    sums = money_overview_get(plan=money_plan, today=today, lines=False)

    for name in ("years", "total", "spent"):
        assert getattr(sums.grid, name) == getattr(full.grid, name), name
    for year in full.grid.years:
        assert sums.grid.by_year[year] == full.grid.by_year[year]
        assert sums.grid.spent_by_year[year] == full.grid.spent_by_year[year]
    for area_id in (area.pk, None):
        assert sums.grid.area_total(area_id) == full.grid.area_total(area_id)
    assert sums.rules == full.rules and sums.pace == full.pace
    assert sums.with_lbf == full.with_lbf
    assert sums.grid.total == 3_070_000 and sums.grid.spent == 1_555_000
