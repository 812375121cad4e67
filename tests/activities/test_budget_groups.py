"""Budgets as real plans write them (issue #14): the plan's own budget groups, footnotes,
blank versus 0, one pot of financing where the rule set says so, and the rule set's default
financing sources."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from activities.models import BudgetAmount, BudgetLine
from activities.selectors import money_overview_get
from activities.services import budget_cells_save
from plans.models import BudgetGroup, FinancingAmount, FinancingLine, Plan, RuleSet
from plans.services import focus_area_create_local, focus_areas_add, plan_create
from tests.factories import FocusAreaFactory, UserFactory


@pytest.fixture
def local_plan(db):
    plan = Plan(
        name="Lokal plan", area_name="Parken", slug="lokal-plan",
        rule_set=RuleSet.objects.get(code="lokal"),
        period_start=datetime.date(2020, 1, 1), period_end=datetime.date(2023, 12, 31),
    )
    return plan_create(user=UserFactory(), plan=plan)


def _line(plan, text, area=None, **fields):
    return BudgetLine.objects.create(plan=plan, text=text, category="drift", focus_area=area,
                                     **fields)


def test_the_rule_sets_say_which_financing_sources_and_checks_a_plan_has(db):
    rule_sets = {r.code: r for r in RuleSet.objects.all()}

    for code in ("lbf-2011-14", "lbf-2015-18", "lbf-2019-26"):
        assert rule_sets[code].financing_sources == ["lbf", "kommune", "boligorganisation"]
        assert rule_sets[code].per_area_balance and rule_sets[code].has_lbf_financing
    assert "lbf" not in rule_sets["lokal"].financing_sources
    assert not rule_sets["lokal"].per_area_balance


def test_a_new_plan_gets_one_group_per_focus_area_and_a_cross_cutting_group_last(local_plan):
    first = focus_area_create_local(plan=local_plan, name="Børn og unge")
    second = focus_area_create_local(plan=local_plan, name="Familie")

    groups = list(local_plan.budget_groups.order_by("order"))

    assert [g.focus_area for g in groups] == [first, second, None]
    assert [g.label for g in groups] == ["Børn og unge", "Familie", "Tværgående"]


def test_lbf_areas_get_their_groups_too(plan):
    BudgetGroup.objects.create(plan=plan, order=0)
    added = focus_areas_add(plan=plan, rule_set_areas=plan.rule_set.areas.all()[:2])

    labels = [g.label for g in plan.budget_groups.order_by("order")]

    assert labels == [added[0].name, added[1].name, "Tværgående"]


def test_lines_print_under_the_plans_own_groups_in_their_order(plan):
    area = FocusAreaFactory(plan=plan, name="Tryghed")
    salaries = BudgetGroup.objects.create(plan=plan, name="Løn", order=0)
    area_group = BudgetGroup.objects.create(plan=plan, focus_area=area, order=1)
    _line(plan, "Aktivitetsmidler", area, group=area_group)
    _line(plan, "Leder", None, group=salaries)
    _line(plan, "Medarbejder", area, group=salaries)
    _line(plan, "Uden gruppe", None)  # e.g. its group was deleted: under tværgående

    grid = money_overview_get(plan=plan).grid

    assert [(g.label, [r.line.text for r in g.rows]) for g in grid.groups] == [
        ("Løn", ["Leder", "Medarbejder"]),
        ("Tryghed", ["Aktivitetsmidler"]),
        ("Tværgående", ["Uden gruppe"]),
    ]


def test_the_migration_gives_every_existing_line_its_areas_group(plan):
    area = FocusAreaFactory(plan=plan, name="Tryghed")
    in_area, cross = _line(plan, "A", area), _line(plan, "B")
    migration = importlib.import_module("activities.migrations.0006_budget_groups_data")

    migration.forwards(django_apps, None)

    in_area.refresh_from_db()
    cross.refresh_from_db()
    assert in_area.group.focus_area == area and in_area.group.label == "Tryghed"
    assert cross.group.focus_area is None and cross.group.label == "Tværgående"
    grid = money_overview_get(plan=plan).grid
    assert [g.label for g in grid.groups] == ["Tryghed", "Tværgående"]


def test_blank_stays_blank_and_zero_stays_zero(plan):
    line = _line(plan, "Kontorhold")
    year = plan.period_start.year

    budget_cells_save(plan=plan, cells={(line.pk, year): 0, (line.pk, year + 1): None})

    assert BudgetAmount.objects.get(line=line, year=year).amount == 0
    assert not BudgetAmount.objects.filter(line=line, year=year + 1).exists()
    budget_cells_save(plan=plan, cells={(line.pk, year): None})
    assert BudgetAmount.objects.get(line=line, year=year).amount is None


def test_the_grid_shows_blank_and_zero_as_typed(leader_client, plan):
    line = _line(plan, "Kontorhold")
    year = plan.period_start.year
    BudgetAmount.objects.create(line=line, year=year, amount=0)

    html = leader_client.get(reverse("activities:budget", args=[plan.slug])).content.decode()

    assert f'name="b-{line.pk}-{year}" value="0"' in html
    assert f'name="b-{line.pk}-{year + 1}" value=""' in html


def test_footnotes_are_numbered_in_print_order(plan):
    _line(plan, "Leder", footnote="Inkl. pension")
    _line(plan, "Husleje")
    _line(plan, "Evaluering", footnote="Ekstern evaluator")

    grid = money_overview_get(plan=plan).grid

    assert grid.footnotes == [(1, "Inkl. pension"), (2, "Ekstern evaluator")]
    assert [r.footnote for r in grid.groups[-1].rows] == [1, None, 2]


def _finance(plan, kind, amount, area=None):
    line = FinancingLine.objects.create(plan=plan, kind=kind, name=kind, focus_area=area)
    FinancingAmount.objects.create(line=line, year=plan.period_start.year, amount=amount)


def test_one_pot_financing_is_not_checked_per_area(local_plan):
    area = focus_area_create_local(plan=local_plan, name="Børn og unge")
    line = _line(local_plan, "Lektiecafé", area)
    BudgetAmount.objects.create(line=line, year=2020, amount=100_000)
    _finance(local_plan, "kommune", 100_000)  # the whole plan's pot, not the area's

    money = money_overview_get(plan=local_plan)

    assert money.ok, [r.message for r in money.failures]
    assert not money.with_lbf
    assert not any("Landsbyggefonden" in r.message or "medfinansiering" in r.message
                   for r in money.rules)


def test_an_lbf_plan_still_checks_each_area(plan):
    area = FocusAreaFactory(plan=plan, name="Tryghed")
    line = _line(plan, "Aktiviteter", area)
    BudgetAmount.objects.create(line=line, year=plan.period_start.year, amount=100_000)
    _finance(plan, "lbf", 75_000)
    _finance(plan, "kommune", 25_000)

    money = money_overview_get(plan=plan)

    assert money.with_lbf
    assert [r.message for r in money.failures] == [
        "Tryghed: finansieringen er 0 kr., men budgetlinjerne giver 100.000 kr.",
        "Tværgående: finansieringen er 100.000 kr., men budgetlinjerne giver 0 kr.",
    ]


def test_a_local_plan_is_not_offered_landsbyggefonden_as_a_source(leader_client, local_plan):
    user = local_plan.memberships.get().user
    leader_client.force_login(user)

    html = leader_client.get(
        reverse("activities:finansiering_create", args=[local_plan.slug])
    ).content.decode()
    response = leader_client.post(reverse("activities:finansiering_create", args=[local_plan.slug]),
                                  {"kind": "lbf", "name": "Landsbyggefonden", "focus_area": ""})

    assert 'value="lbf"' not in html and 'value="kommune"' in html
    assert response.status_code in (200, 400)
    assert not local_plan.financing_lines.exists()


def test_the_leader_adds_a_group_and_puts_a_line_with_a_footnote_in_it(leader_client, plan):
    response = leader_client.post(reverse("activities:budgetgrupper_create", args=[plan.slug]),
                                  {"name": "Løn", "focus_area": ""})
    assert response.status_code == 302
    group = plan.budget_groups.get(name="Løn")

    response = leader_client.post(
        reverse("activities:budgetlinjer_create", args=[plan.slug]),
        {"text": "Leder", "category": "loen", "focus_area": "", "group": group.pk,
         "footnote": "Inkl. pension"},
    )

    assert response.status_code == 302, response.content.decode()[:500]
    line = BudgetLine.objects.get(plan=plan)
    assert line.group == group and line.footnote == "Inkl. pension"
    html = leader_client.get(reverse("activities:budget", args=[plan.slug])).content.decode()
    assert "Løn" in html and "Inkl. pension" in html


def test_a_line_without_a_chosen_group_goes_to_its_areas_group(leader_client, plan):
    area = FocusAreaFactory(plan=plan, name="Tryghed")
    area_group = BudgetGroup.objects.create(plan=plan, focus_area=area)

    leader_client.post(reverse("activities:budgetlinjer_create", args=[plan.slug]),
                       {"text": "Café", "category": "aktiviteter", "focus_area": area.pk,
                        "group": ""})

    assert BudgetLine.objects.get(plan=plan).group == area_group


def test_a_group_of_another_plan_is_refused_and_nothing_is_written(leader_client, plan):
    foreign = BudgetGroup.objects.create(
        plan=Plan.objects.create(name="Anden", area_name="X", slug="anden",
                                 rule_set=plan.rule_set, period_start=plan.period_start,
                                 period_end=plan.period_end), name="Fremmed")

    response = leader_client.post(
        reverse("activities:budgetlinjer_create", args=[plan.slug]),
        {"text": "Leder", "category": "loen", "focus_area": "", "group": foreign.pk},
    )

    assert "Vælg en af planens budgetgrupper." in response.content.decode()
    assert not BudgetLine.objects.filter(plan=plan).exists()


def test_a_second_nameless_cross_cutting_group_is_refused(leader_client, plan):
    BudgetGroup.objects.create(plan=plan)

    response = leader_client.post(reverse("activities:budgetgrupper_create", args=[plan.slug]),
                                  {"name": "", "focus_area": ""})

    assert "Giv gruppen en overskrift" in response.content.decode()
    assert plan.budget_groups.count() == 1


def test_deleting_a_group_keeps_its_lines_under_their_area(leader_client, plan):
    group = BudgetGroup.objects.create(plan=plan, name="Løn")
    line = _line(plan, "Leder", group=group)

    leader_client.post(reverse("activities:budgetgrupper_delete", args=[plan.slug, group.pk]))

    line.refresh_from_db()
    assert line.group is None
    grid = money_overview_get(plan=plan).grid
    assert [(g.label, len(g.rows)) for g in grid.groups] == [("Tværgående", 1)]
