"""The PDFs print criteria and budgets as real plans write them (issue #14), read back with
pdftotext: a range as 5-10, headings over criteria, the focus area's målgruppe, a footnote
under its table, a blank amount blank, a local plan without Landsbyggefonden, and no money
rule in the agreement."""

import datetime
from decimal import Decimal

import pytest

from activities.models import BudgetAmount, BudgetLine, CriterionGroup
from plans.models import BudgetGroup, FinancingAmount, FinancingLine, Plan, RuleSet
from plans.services import focus_area_create_local, plan_create
from tests.factories import AreaCriterionFactory, DelaftaleFactory, FocusAreaFactory, UserFactory
from tests.reporting.test_pdf import _render, _text


def _pdf_text(plan, spec: str) -> str:
    return _text(_render(plan, spec).pdf)


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def area(plan):
    area = FocusAreaFactory(plan=plan, name="Tryghed og trivsel", target_group="- Unge 15-24 år")
    DelaftaleFactory(focus_area=area)
    return area


def test_a_range_prints_as_5_10_under_its_heading_in_agreement_and_delaftale(plan, area):
    heading = CriterionGroup.objects.create(focus_area=area, heading="Fritidsjob og uddannelse")
    AreaCriterionFactory(
        focus_area=area, group=heading, kind="antal", unit="unge", direction="op",
        text="Unge får fritidsjob:\n- ordinært job\n- fastholdt i 6 måneder",
        target_kind="interval", target_value=Decimal("5"), target_value_max=Decimal("10"),
        baseline_value=None,
    )
    AreaCriterionFactory(focus_area=area, kind="antal", target_kind="tekst",
                         text="Beboerredaktion", target_text="En redaktion er i gang")

    for spec in ("agreement", f"delaftale:{area.slug}"):
        text = _pdf_text(plan, spec)
        assert "Mål: 5-10 unge (2023)" in text, spec
        assert "Fritidsjob og uddannelse" in text
        assert "• ordinært job" in text or "ordinært job" in text
        assert "- ordinært job" not in text  # the list renders, not the markup
        assert "En redaktion er i gang" in text
        assert "Målgruppe" in text and "Unge 15-24 år" in text


def test_an_area_without_a_target_group_prints_no_empty_heading(plan):
    area = FocusAreaFactory(plan=plan)
    DelaftaleFactory(focus_area=area)

    assert "Målgruppe" not in _pdf_text(plan, f"delaftale:{area.slug}")


def _budget(plan, **line_fields):
    group = BudgetGroup.objects.create(plan=plan, name="Løn og drift")
    line = BudgetLine.objects.create(plan=plan, text="Kontorhold", category="drift",
                                     group=group, **line_fields)
    years = list(range(plan.period_start.year, plan.period_end.year + 1))
    BudgetAmount.objects.create(line=line, year=years[0], amount=0)
    BudgetAmount.objects.create(line=line, year=years[1], amount=1_234_567)
    BudgetAmount.objects.create(line=line, year=years[2], amount=None, spent=5_000)
    return line


def test_the_budget_table_prints_caption_group_blank_zero_and_the_footnote(plan):
    plan.budget_caption = "Budget for indsatsen"
    plan.save()
    _budget(plan, footnote="Husleje og telefoni")

    text = _pdf_text(plan, "budget")
    row = _between(text, "Kontorhold", "I alt")

    assert "Budget for indsatsen (kr.)" in text
    assert "Løn og drift" in text
    # 0 prints 0; the blank year prints nothing, never "0 kr." a second time.
    assert row.count("0 kr.") == 1 and "1.234.567 kr." in row
    assert "1 Husleje og telefoni" in text
    assert text.index("1 Husleje og telefoni") > text.index("Hele planen")


def test_the_budget_table_prints_whole_thousands_when_the_plan_says_so(plan):
    plan.budget_unit = Plan.BudgetUnit.THOUSANDS
    plan.save()
    _budget(plan)

    text = _pdf_text(plan, "budget")

    assert "Budget (i hele tusinde kr.)" in text
    table = _between(text, "Budgetlinje", "Finansiering")
    assert "1.235" in table and "1.234.567" not in table and "kr." not in table


def test_a_locally_funded_plan_prints_no_landsbyggefonden(db):
    plan = plan_create(user=UserFactory(), plan=Plan(
        name="Lokal plan", area_name="Parken", slug="lokal-plan",
        rule_set=RuleSet.objects.get(code="lokal"),
        period_start=datetime.date(2020, 1, 1), period_end=datetime.date(2023, 12, 31),
    ))
    area = focus_area_create_local(plan=plan, name="Børn og unge")
    DelaftaleFactory(focus_area=area)
    line = BudgetLine.objects.create(plan=plan, text="Lektiecafé", category="aktiviteter",
                                     focus_area=area, group=area.budget_groups.get())
    BudgetAmount.objects.create(line=line, year=2020, amount=400_000)
    source = FinancingLine.objects.create(plan=plan, kind="kommune", name="Parkby Kommune")
    FinancingAmount.objects.create(line=source, year=2020, amount=400_000)

    budget = _pdf_text(plan, "budget")
    assert "Landsbyggefonden" not in budget and "Lokal medfinansiering" not in budget
    assert "Parkby Kommune" in budget and "400.000 kr." in budget
    # The financing sections of the agreement and the delaftale (their prose is the
    # standard wording, offered per plan elsewhere).
    agreement = _pdf_text(plan, "agreement")
    resources = _between(agreement, "Ressourcer i den boligsociale indsats", "Underretning")
    assert "400.000 kr." in resources and "Landsbyggefonden" not in resources
    delaftale = _pdf_text(plan, f"delaftale:{area.slug}")
    economy = _between(delaftale, "Indsatsområdets økonomi", "Konflikthåndtering")
    # The area's budget, the financing being one pot for the whole plan.
    assert "400.000 kr." in economy and "Landsbyggefonden" not in economy


def _between(text: str, start: str, end: str) -> str:
    first = text.index(start)
    return text[first:text.index(end, first)]


def test_a_money_rule_that_is_not_met_is_never_printed(plan, area):
    line = BudgetLine.objects.create(plan=plan, text="Aktiviteter", category="aktiviteter",
                                     focus_area=area)
    BudgetAmount.objects.create(line=line, year=plan.period_start.year, amount=100_000)

    for spec in ("agreement", f"delaftale:{area.slug}", "budget"):
        text = _pdf_text(plan, spec)
        assert "Reglerne for økonomien" not in text, spec
        assert "budgetlinjerne giver" not in text, spec
        assert "finansieringen er" not in text, spec
