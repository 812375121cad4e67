"""Exported workbooks: Danish headers, real numbers and dates, widths, a frozen header, formula
escaping, and templates with one example row."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from activities.models import BudgetAmount, BudgetLine, Measurement
from plans.models import FinancingAmount, FinancingLine
from reporting.exchange.sheets.export import export_build, template_build
from tests.factories import MeasurementFactory

from .spreadsheet_files import read_workbook


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.fixture
def money_plan(filled_plan):
    line = BudgetLine.objects.get(plan=filled_plan)
    BudgetAmount.objects.create(line=line, year=2021, amount=550_000, spent=512_345)
    financing = FinancingLine.objects.get(plan=filled_plan)
    FinancingAmount.objects.create(line=financing, year=2021, amount=550_000)
    return filled_plan


def _headers(sheet):
    return [cell.value for cell in sheet[1]]


def test_the_whole_plan_has_a_sheet_per_kind(money_plan):
    workbook = read_workbook(export_build(plan=money_plan, kind="plan"))

    assert workbook.sheetnames == [
        "Aktiviteter",
        "Succeskriterier",
        "Målinger",
        "Milepæle",
        "Budget",
        "Finansiering",
    ]


def test_measurement_sheet_has_danish_headers_numbers_dates_widths_and_a_frozen_header(
    filled_plan,
):
    workbook = read_workbook(export_build(plan=filled_plan, kind="maalinger"))
    sheet = workbook["Målinger"]

    assert _headers(sheet) == [
        "Kriterie-ID",
        "Indsatsområde",
        "Aktivitet",
        "Succeskriterium",
        "Datakilde",
        "Baseline",
        "Mål",
        "Enhed",
        "Dato",
        "Værdi",
        "Opnået",
        "Kommentar",
        "Kilde",
    ]
    row = {header: cell for header, cell in zip(_headers(sheet), sheet[2], strict=True)}
    assert row["Dato"].value == datetime.datetime(2021, 12, 1)
    assert row["Dato"].number_format == "DD.MM.YYYY"
    assert row["Værdi"].data_type == "n" and row["Værdi"].value == 4
    assert isinstance(row["Kriterie-ID"].value, int)
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet.auto_filter.ref == "A1:M2"
    assert sheet.column_dimensions["D"].width == 48
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDEFGHIJKLM")


def test_budget_sheet_has_kroner_as_whole_numbers_with_thousands_format(money_plan):
    workbook = read_workbook(export_build(plan=money_plan, kind="budget"))
    budget = workbook["Budget"]
    row_2021 = next(row for row in budget.iter_rows(min_row=2) if row[6].value == 2021)

    assert _headers(budget) == [
        "ID",
        "Indsatsområde",
        "Budgetgruppe",
        "Aktivitet",
        "Budgetlinje",
        "Kategori",
        "År",
        "Budget",
        "Forbrug",
    ]
    assert (row_2021[5].value, row_2021[7].value, row_2021[8].value) == ("Løn", 550_000, 512_345)
    assert row_2021[7].number_format == "#,##0"
    financing = workbook["Finansiering"]
    assert _headers(financing)[3:] == ["2020", "2021", "2022", "2023", "2024", "I alt"]
    assert [c.value for c in financing[2]][3:] == [0, 550_000, 0, 0, 0, 550_000]


def test_milestones_and_activities_export_their_choices_as_danish_labels(filled_plan):
    milestones = read_workbook(export_build(plan=filled_plan, kind="milepaele"))["Milepæle"]
    activities = read_workbook(export_build(plan=filled_plan, kind="aktiviteter"))

    assert [c.value for c in milestones[2]][1:6] == [
        "10 unge tilknyttet lommepengeprojektet",
        2021,
        2,
        None,
        "Planlagt",
    ]
    assert activities["Aktiviteter"]["E2"].value == "Planlagt"
    assert "10 unge får ordinært fritidsjob" in activities["Aktiviteter"]["K2"].value
    assert activities.sheetnames == ["Aktiviteter", "Succeskriterier"]


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil","klik")', "+45 1234", "-1", "@SUM(1)"])
def test_formula_like_text_is_exported_as_text_never_as_a_formula(filled_plan, text):
    Measurement.objects.update(comment=text)

    sheet = read_workbook(export_build(plan=filled_plan, kind="maalinger"))["Målinger"]
    cell = sheet.cell(row=2, column=12)

    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_export_holds_only_this_plans_rows(filled_plan, outsider):
    other_plan = outsider.plan_memberships.get().plan
    MeasurementFactory(
        criterion__activity__delaftale__focus_area__plan=other_plan, value=Decimal("77")
    )

    sheet = read_workbook(export_build(plan=filled_plan, kind="maalinger"))["Målinger"]

    assert sheet.max_row == 2
    assert 77 not in [cell.value for cell in sheet["J"]]


@pytest.mark.parametrize(
    ("kind", "sheet", "first"),
    [
        ("maalinger", "Målinger", "Kriterie-ID"),
        ("milepaele", "Milepæle", "ID"),
        ("budget", "Budget", "ID"),
        ("aktiviteter", "Aktiviteter", "ID"),
    ],
)
def test_a_template_has_the_headers_and_one_example_row(filled_plan, kind, sheet, first):
    workbook = read_workbook(template_build(plan=filled_plan, kind=kind))

    assert workbook.sheetnames[0] == sheet
    rows = list(workbook[sheet].iter_rows(values_only=True))
    assert rows[0][0] == first
    assert len(rows) == 2
    assert workbook[sheet].freeze_panes == "A2"
