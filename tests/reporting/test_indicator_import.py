"""Indicator values from a workbook (issue 18, point 7): new indicators and values, the same
file twice changes nothing, Danish row errors and nothing half-saved, tied criteria measured."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities.models import Indicator, IndicatorValue
from reporting.exchange.sheets.imports import import_preview
from reporting.exchange.sheets.services import spreadsheet_import
from tests.factories import AreaCriterionFactory, FocusAreaFactory
from tests.reporting.spreadsheet_files import access_for, workbook_bytes

HEADERS = ["Indikator", "Enhed", "Kilde", "Boligafdeling", "Periode", "Dato", "Værdi"]
NAME = "Andel af 18-64-årige uden for arbejdsmarkedet"


def _file(*rows):
    return workbook_bytes({"Indikatorer": [HEADERS, *rows]})


def _import(leader, plan, content):
    return spreadsheet_import(access=access_for(leader, plan), kind="indikatorer",
                              name="data.xlsx", content=content, user_id=leader.pk)


@pytest.fixture
def estate(filled_plan):
    return filled_plan.plan_estates.get()  # "Parken"


def test_import_adds_indicators_and_values_and_twice_changes_nothing(filled_plan, leader,
                                                                     estate):
    plan = filled_plan
    content = _file(
        [NAME, "%", "Boligsociale Data", "", "2021", datetime.date(2021, 12, 31), 31.4],
        [NAME, "%", "Boligsociale Data", "Parken", "2021", datetime.date(2021, 12, 31), 35],
        ["Andel unge uden uddannelse", "%", "Boligsociale Data", "", "2022",
         datetime.date(2022, 12, 31), "27,8"],
    )

    preview = _import(leader, plan, content)

    assert preview.counts["ny"] == 3
    indicator = Indicator.objects.get(plan=plan, name=NAME)
    assert (indicator.unit, indicator.source) == ("%", "Boligsociale Data")
    assert set(indicator.values.values_list("plan_estate", "value")) == {
        (None, Decimal("31.4")), (estate.pk, Decimal("35"))}
    again = import_preview(access=access_for(leader, plan), kind="indikatorer",
                           name="data.xlsx", content=content)
    assert again.counts["uaendret"] == 3 and again.change_count == 0


def test_a_row_error_saves_nothing_and_says_why_in_danish(filled_plan, leader):
    plan = filled_plan
    before = IndicatorValue.objects.count()
    content = _file(
        [NAME, "%", "Boligsociale Data", "", "2021", datetime.date(2021, 12, 31), 31.4],
        [NAME, "%", "Boligsociale Data", "Ukendt afdeling", "2021",
         datetime.date(2021, 12, 31), 35],
        [NAME, "%", "", "", "2022", None, 30],
    )

    preview = import_preview(access=access_for(leader, plan), kind="indikatorer",
                             name="data.xlsx", content=content)
    messages = [p.message for row in preview.error_rows for p in row.problems]
    assert "Planen har ingen boligafdeling ved navn “Ukendt afdeling”." in messages
    assert "Angiv datoen, som værdien beskriver." in messages
    with pytest.raises(ValidationError):
        _import(leader, plan, content)
    assert IndicatorValue.objects.count() == before
    assert not Indicator.objects.filter(plan=plan, name=NAME).exists()


def test_imported_values_become_the_tied_criterions_measurements(plan, leader):
    indicator = Indicator.objects.create(plan=plan, name=NAME, unit="%")
    criterion = AreaCriterionFactory(focus_area=FocusAreaFactory(plan=plan), indicator=indicator)

    _import(leader, plan, _file(
        [NAME, "", "", "", "2021", datetime.date(2021, 12, 31), 26],
        [NAME, "", "", "", "2022", datetime.date(2022, 12, 31), 25],
    ))

    assert list(criterion.measurements.values_list("value", flat=True)) == [26, 25]
