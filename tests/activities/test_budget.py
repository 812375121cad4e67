"""Budget and financing through services and views: seed 001's figures, the rules, bad input."""

import datetime

import pytest
from django.urls import reverse

from activities.models import BudgetAmount, BudgetLine
from activities.services import budget_cells_save
from plans.models import FinancingAmount, FinancingLine
from plans.services import financing_cells_save
from tests.factories import FocusAreaFactory

SEED_001 = {
    # area: (LBF, local), from the seed's "Indsatsområdets økonomi"
    "Tryghed og trivsel": (2_701_000, 849_000),
    "Uddannelse og beskæftigelse": (3_257_000, 1_279_000),
    "Forebyggelse og forældreansvar": (2_936_000, 1_551_000),
}
CROSS_CUTTING_LBF = 1_060_000


@pytest.fixture
def seed_plan(plan):
    plan.period_start, plan.period_end = datetime.date(2020, 1, 1), datetime.date(2023, 12, 31)
    plan.save()
    return plan


def _url(plan, **query):
    base = reverse("activities:budget", args=[plan.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _add_financing_line(client, plan, **data):
    response = client.post(reverse("activities:finansiering_create", args=[plan.slug]), data)
    assert response.status_code == 302, response.content.decode()[:400]
    return FinancingLine.objects.filter(plan=plan).order_by("-pk").first()


def test_seed_001_financing_entered_in_the_grid_shows_the_seeds_totals(leader_client, seed_plan):
    cells = {}
    for name, (lbf, local) in SEED_001.items():
        area = FocusAreaFactory(plan=seed_plan, name=name)
        lbf_line = _add_financing_line(
            leader_client, seed_plan, kind="lbf", name="Landsbyggefonden", focus_area=area.pk
        )
        local_line = _add_financing_line(
            leader_client, seed_plan, kind="kommune", name="Gladsaxe Kommune", focus_area=area.pk
        )
        # Spread over the four years the way a secretariat types it: in Danish format.
        for index, year in enumerate(range(2020, 2024)):
            share_lbf = lbf // 4 + (lbf % 4 if index == 0 else 0)
            share_local = local // 4 + (local % 4 if index == 0 else 0)
            cells[f"f-{lbf_line.pk}-{year}"] = f"{share_lbf:,}".replace(",", ".")
            cells[f"f-{local_line.pk}-{year}"] = f"{share_local:,}".replace(",", ".") + " kr."
    cross = _add_financing_line(
        leader_client, seed_plan, kind="lbf", name="Landsbyggefonden", focus_area=""
    )
    cells[f"f-{cross.pk}-2020"] = "1.060.000"

    response = leader_client.post(_url(seed_plan), {"grid": "finansiering", **cells})

    assert response.status_code == 302
    page = leader_client.get(_url(seed_plan)).content.decode()
    assert "9.954.000 kr." in page and "3.679.000 kr." in page and "13.633.000 kr." in page
    assert "27,0 %" in page
    for name, (lbf, local) in SEED_001.items():
        assert _area_total(seed_plan, name) == lbf + local
    overview = leader_client.get(reverse("activities:plan_detail", args=[seed_plan.slug]))
    assert "27,0 %" in overview.content.decode()


def _area_total(plan, name):
    from plans.selectors import financing_summary_get

    return financing_summary_get(plan=plan).by_area[plan.focus_areas.get(name=name).pk].total


def test_delaftale_prints_its_areas_financing(leader_client, seed_plan):
    from tests.factories import DelaftaleFactory

    area = FocusAreaFactory(plan=seed_plan, name="Tryghed og trivsel")
    DelaftaleFactory(focus_area=area)
    lbf = FinancingLine.objects.create(plan=seed_plan, kind="lbf", name="LBF", focus_area=area)
    local = FinancingLine.objects.create(
        plan=seed_plan, kind="kommune", name="Kommunen", focus_area=area
    )
    financing_cells_save(
        plan=seed_plan, cells={(lbf.pk, 2020): 2_701_000, (local.pk, 2021): 849_000}
    )

    page = leader_client.get(
        reverse("activities:delaftale_detail", args=[seed_plan.slug, area.slug])
    ).content.decode()

    assert "2.701.000 kr." in page and "849.000 kr." in page and "3.550.000 kr." in page


def test_rules_compare_budget_with_financing_per_year_and_per_area(leader_client, seed_plan):
    area = FocusAreaFactory(plan=seed_plan, name="Tryghed og trivsel")
    money = FinancingLine.objects.create(plan=seed_plan, kind="lbf", name="LBF", focus_area=area)
    line = BudgetLine.objects.create(
        plan=seed_plan, text="Netværksmedarbejder", category="loen", focus_area=area
    )
    financing_cells_save(plan=seed_plan, cells={(money.pk, 2020): 500_000})
    budget_cells_save(plan=seed_plan, cells={(line.pk, 2020): 450_000})

    page = leader_client.get(_url(seed_plan)).content.decode()

    assert "2020: budgettet er 450.000 kr., men finansieringen er 500.000 kr." in page
    assert "Tryghed og trivsel: finansieringen er 500.000 kr., men budgetlinjerne" in page


# --- Bad input: a Danish message, nothing written ----------------------------------------


@pytest.fixture
def budget_line(seed_plan):
    return BudgetLine.objects.create(plan=seed_plan, text="Kontorhold", category="drift")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-5.000", "Et beløb kan ikke være negativt."),
        ("mange penge", "Angiv et beløb i hele kroner, fx 2.701.000."),
        ("12.000.000.000", "Et beløb kan højst være 10 mia. kr."),
        ("12,5", "Angiv et beløb i hele kroner, fx 2.701.000."),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(
    leader_client, seed_plan, budget_line, typed, message
):
    response = leader_client.post(
        _url(seed_plan),
        {
            "grid": "budget",
            f"b-{budget_line.pk}-2020": "100.000",
            f"b-{budget_line.pk}-2021": typed,
        },
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'value="' + typed + '"' in response.content.decode()
    assert not BudgetAmount.objects.exists()


def test_a_year_outside_the_period_is_refused(leader_client, seed_plan, budget_line):
    response = leader_client.post(
        _url(seed_plan),
        {
            "grid": "budget",
            f"b-{budget_line.pk}-2020": "100.000",
            f"b-{budget_line.pk}-2031": "5.000",
        },
    )

    assert response.status_code == 400
    assert "2031 ligger uden for planens periode (2020-2023)." in response.content.decode()
    assert not BudgetAmount.objects.exists()


def test_a_line_of_another_plan_is_refused(leader_client, seed_plan, budget_line, outsider):
    foreign = BudgetLine.objects.create(
        plan=outsider.plan_memberships.get().plan, text="Fremmed", category="drift"
    )

    response = leader_client.post(
        _url(seed_plan),
        {
            "grid": "budget",
            f"b-{budget_line.pk}-2020": "1",
            f"b-{foreign.pk}-2020": "5.000",
        },
    )

    assert response.status_code == 400
    assert not BudgetAmount.objects.exists()


def test_a_line_for_an_area_the_plan_has_not_chosen_is_refused(leader_client, seed_plan, outsider):
    foreign_area = FocusAreaFactory(plan=outsider.plan_memberships.get().plan)

    response = leader_client.post(
        reverse("activities:budgetlinjer_create", args=[seed_plan.slug]),
        {
            "text": "Løn",
            "category": "loen",
            "focus_area": foreign_area.pk,
        },
    )

    assert response.status_code == 400
    assert "Vælg et af planens indsatsområder, eller lad feltet stå tomt." in (
        response.content.decode()
    )
    assert not BudgetLine.objects.exists()


def test_services_refuse_cells_outside_the_plan(seed_plan, budget_line):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        budget_cells_save(plan=seed_plan, cells={(budget_line.pk, 2019): 5})
    with pytest.raises(ValidationError):
        financing_cells_save(plan=seed_plan, cells={(999_999, 2020): 5})

    assert not BudgetAmount.objects.exists() and not FinancingAmount.objects.exists()


def test_reader_cannot_save_the_grid(reader_client, seed_plan, budget_line):
    response = reader_client.post(
        _url(seed_plan), {"grid": "budget", f"b-{budget_line.pk}-2020": "5"}
    )

    assert response.status_code == 403
    assert not BudgetAmount.objects.exists()


# --- Spending -------------------------------------------------------------------------------


def test_spending_is_saved_beside_the_budget_and_shown_against_time(
    leader_client, seed_plan, budget_line
):
    budget_cells_save(
        plan=seed_plan, cells={(budget_line.pk, 2020): 100_000, (budget_line.pk, 2021): 100_000}
    )

    leader_client.post(
        _url(seed_plan, visning="forbrug"),
        {
            "grid": "forbrug",
            f"b-{budget_line.pk}-2020": "90.000",
            f"b-{budget_line.pk}-2021": "",
        },
    )

    cells = {a.year: (a.amount, a.spent) for a in BudgetAmount.objects.all()}
    assert cells == {2020: (100_000, 90_000), 2021: (100_000, None)}
    page = leader_client.get(_url(seed_plan)).content.decode()
    assert "45,0 % af budgettet er brugt" in page


def test_live_check_uses_typed_numbers_without_saving(leader_client, seed_plan, budget_line):
    money = FinancingLine.objects.create(plan=seed_plan, kind="lbf", name="LBF")
    financing_cells_save(plan=seed_plan, cells={(money.pk, 2020): 100_000})

    response = leader_client.post(
        reverse("activities:budget_check", args=[seed_plan.slug]),
        {
            "grid": "budget",
            f"b-{budget_line.pk}-2020": "100.000",
        },
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert "2020: budget og finansiering er begge 100.000 kr." in response.content.decode()
    assert not BudgetAmount.objects.exists()


# --- Speed ------------------------------------------------------------------------------------


def test_budget_grid_queries_do_not_grow_with_lines(
    leader_client, seed_plan, django_assert_max_num_queries
):
    def grow(count):
        lines = BudgetLine.objects.bulk_create(
            BudgetLine(plan=seed_plan, text=f"Linje {n}", category="aktiviteter", order=n)
            for n in range(count)
        )
        BudgetAmount.objects.bulk_create(
            BudgetAmount(line=line, year=year, amount=1000)
            for line in lines
            for year in range(2020, 2024)
        )

    def count():
        with django_assert_max_num_queries(25) as context:
            assert leader_client.get(_url(seed_plan)).status_code == 200
        return len(context.captured_queries)

    grow(1)
    small = count()
    grow(49)

    assert count() == small
