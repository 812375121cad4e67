"""The plan's history page (django-simple-history): who changed which field, before → after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, BudgetLine, Measurement
from plans.models import Delaftale, FinancingAmount
from plans.selectors import plan_access_get
from reporting.exchange.sheets.export import export_build
from reporting.exchange.sheets.services import spreadsheet_import
from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    MeasurementFactory,
)
from tests.plan_rows import section_edit
from tests.reporting.spreadsheet_files import read_workbook, save_workbook


def test_a_change_through_a_form_shows_who_and_before_and_after(leader, leader_client,
                                                                  filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    section = delaftale.sections.get(key="kommunal")
    edit, data = section_edit(section, "Gammel tekst")
    assert leader_client.post(edit, data).status_code == 302
    assert leader_client.post(edit, {**data, "text": "Ny tekst"}).status_code == 302

    page = leader_client.get(reverse("activities:plan_history", args=[filled_plan.slug]))

    assert page.status_code == 200
    assert "Gammel tekst" in page.text
    assert "Ny tekst" in page.text
    assert leader.get_username() in page.text


def test_the_history_stays_within_the_plan(leader_client, filled_plan, outsider):
    other_plan = outsider.plan_memberships.get().plan
    FocusAreaFactory(plan=other_plan, name="Fremmed område")
    page = leader_client.get(reverse("activities:plan_history", args=[filled_plan.slug]))
    assert "Fremmed område" not in page.text


def test_the_history_page_reads_a_fixed_number_of_queries(
    leader_client, filled_plan, django_assert_max_num_queries
):
    url = reverse("activities:plan_history", args=[filled_plan.slug])
    with django_assert_max_num_queries(60):
        assert leader_client.get(url).status_code == 200


# --- Bulk writes, per-object pages, fixed query count -------------------------------------------



def _budget_url(plan):
    return reverse("activities:budget", args=[plan.slug])


def test_a_change_through_the_budget_grid_shows_with_its_source(leader, leader_client,
                                                                  filled_plan):
    line = BudgetLine.objects.get(plan=filled_plan)
    year = filled_plan.period_start.year
    cell = f"b-{line.pk}-{year}"
    assert leader_client.post(_budget_url(filled_plan),
                              {"grid": "budget", cell: "100.000"}).status_code == 302
    assert leader_client.post(_budget_url(filled_plan),
                              {"grid": "budget", cell: "250.000"}).status_code == 302

    page = leader_client.get(reverse("activities:plan_history", args=[filled_plan.slug])).text

    assert "Budgetgitter" in page  # the source of a bulk write
    assert "100.000" in page and "250.000" in page  # before → after of the bulk update
    amounts = line.amounts.get(year=year).history.order_by("history_date")
    assert [(h.history_type, h.amount, h.history_user_id) for h in amounts] == [
        ("+", 100000, leader.pk),
        ("~", 250000, leader.pk),
    ]


def test_a_change_through_the_financing_grid_is_recorded_also_when_a_cell_is_emptied(
    leader, leader_client, filled_plan
):
    line = filled_plan.financing_lines.get()
    cell = f"f-{line.pk}-{filled_plan.period_start.year}"
    leader_client.post(_budget_url(filled_plan), {"grid": "finansiering", cell: "500.000"})
    leader_client.post(_budget_url(filled_plan), {"grid": "finansiering", cell: ""})

    records = FinancingAmount.history.filter(line=line).order_by("history_date")
    assert [(r.history_type, r.history_user_id, r.history_change_reason) for r in records] == [
        ("+", leader.pk, "Finansieringsgitter"),
        ("-", leader.pk, "Finansieringsgitter"),
    ]


def test_form_change_and_import_change_both_show_on_the_history_page(leader, leader_client,
                                                                      filled_plan):
    measurement = Measurement.objects.get(
        criterion__activity__delaftale__focus_area__plan=filled_plan
    )
    area = measurement.criterion.activity.delaftale.focus_area
    edit, data = section_edit(area.delaftale.sections.get(key="kommunal"), "Tekst fra formularen")
    assert leader_client.post(edit, data).status_code == 302
    workbook = read_workbook(export_build(plan=filled_plan, kind="maalinger"))
    sheet = workbook["Målinger"]
    header_row = next(row for row in sheet.iter_rows() if any(c.value == "Kommentar" for c in row))
    column = next(c.column_letter for c in header_row if c.value == "Kommentar")
    sheet[f"{column}{header_row[0].row + 1}"].value = "Rettet i regnearket"
    spreadsheet_import(access=plan_access_get(user=leader, slug=filled_plan.slug),
                       kind="maalinger", name="maalinger-2024.xlsx",
                       content=save_workbook(workbook), user_id=leader.pk)

    page = leader_client.get(reverse("activities:plan_history", args=[filled_plan.slug])).text

    assert "Tekst fra formularen" in page
    assert "Import fra regneark: maalinger-2024.xlsx" in page
    assert "Rettet i regnearket" in page


def _object_url(plan, kind, pk):
    return reverse("activities:object_history", args=[plan.slug, kind, pk])


def test_an_activity_has_its_own_history_with_what_belongs_to_it(leader_client, filled_plan):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    other = ActivityFactory(delaftale=activity.delaftale, name="Lektiecafé")
    measurement = Measurement.objects.get(criterion__activity=activity)
    measurement.comment = "Målt i uge 12"
    measurement.save()
    other.name = "Lektiecafé for 7.-9. klasse"
    other.save()

    page = leader_client.get(_object_url(filled_plan, "activity", activity.pk))

    assert page.status_code == 200
    assert activity.name in page.text
    assert "Målt i uge 12" in page.text  # a measurement of one of its criteria
    assert "Lektiecafé" not in page.text  # another activity's change
    delaftale_page = leader_client.get(
        _object_url(filled_plan, "delaftale", activity.delaftale.pk)
    ).text
    assert "Målt i uge 12" in delaftale_page and "Lektiecafé for 7.-9. klasse" in delaftale_page


def test_a_deleted_object_keeps_its_history_page(leader_client, filled_plan):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    doomed = ActivityFactory(delaftale=activity.delaftale, name="Sommerlejr")
    pk = doomed.pk
    doomed.delete()

    page = leader_client.get(_object_url(filled_plan, "activity", pk))

    assert page.status_code == 200
    assert "Sommerlejr" in page.text and "Den er siden slettet." in page.text


def test_object_history_of_another_plan_or_an_unknown_kind_is_not_found(
    leader_client, filled_plan, outsider
):
    other_plan = outsider.plan_memberships.get().plan
    foreign_area = FocusAreaFactory(plan=other_plan)
    foreign = ActivityFactory(delaftale=DelaftaleFactory(focus_area=foreign_area))
    assert leader_client.get(_object_url(filled_plan, "activity", foreign.pk)).status_code == 404
    assert leader_client.get(_object_url(filled_plan, "membership", 1)).status_code == 404
    assert leader_client.get(_object_url(filled_plan, "activity", 10**9)).status_code == 404


def _touch_many(plan, times):
    activity = Activity.objects.get(delaftale__focus_area__plan=plan)
    for number in range(times):
        criterion = ActivityCriterionFactory(activity=activity)
        measurement = MeasurementFactory(criterion=criterion)
        measurement.comment = f"Rettelse {number}"
        measurement.save()
        activity.purpose = f"Formål {number}"
        activity.save()
    return activity


def test_history_pages_read_the_same_number_of_queries_with_many_changes(
    leader_client, filled_plan
):
    activity = _touch_many(filled_plan, 1)
    urls = [reverse("activities:plan_history", args=[filled_plan.slug]),
            _object_url(filled_plan, "activity", activity.pk)]
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as few:
            assert leader_client.get(url).status_code == 200
        counts.append(len(few))
    _touch_many(filled_plan, 30)
    for url, before in zip(urls, counts, strict=True):
        with CaptureQueriesContext(connection) as many:
            page = leader_client.get(url)
        assert "Rettelse 29" in page.text
        # At most two queries per kind of row on the page: never one per change.
        assert len(many) <= before, url


def test_older_changes_are_reached_page_by_page(leader_client, filled_plan, monkeypatch):
    from activities import history

    monkeypatch.setattr(history, "LIMIT", 5)
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    for number in range(12):
        activity.purpose = f"Formål nummer {number:02d}"
        activity.save()
    url = reverse("activities:plan_history", args=[filled_plan.slug])

    first = leader_client.get(url).text
    second = leader_client.get(url + "?side=2").text

    assert "<ins>Formål nummer 11</ins>" in first and "<ins>Formål nummer 06</ins>" not in first
    assert "?side=2" in first and "Ældre ændringer" in first
    assert "<ins>Formål nummer 06</ins>" in second and "Nyere ændringer" in second
    # Every change is on some page.
    pages, side = "", 1
    while True:
        page = leader_client.get(f"{url}?side={side}").text
        pages += page
        if f"?side={side + 1}" not in page:
            break
        side += 1
    assert all(f"<ins>Formål nummer {number:02d}</ins>" in pages for number in range(1, 12))


@pytest.mark.parametrize(
    "side", ["0", "-1", "abc", "1.5", "501", "99999999999999999999", "²", "３", "٣", " 2", ""]
)
def test_a_page_number_that_cannot_exist_is_not_found(leader_client, filled_plan, side):
    url = reverse("activities:plan_history", args=[filled_plan.slug])
    assert leader_client.get(url, {"side": side}).status_code == 404
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    assert leader_client.get(_object_url(filled_plan, "activity", activity.pk),
                             {"side": side}).status_code == 404


def test_the_times_print_as_the_date_filter_prints_them():
    """The view formats each minute once; the text is the template filter's, in local time,
    also across the change to summer time and within one minute."""
    import datetime

    from django.template.defaultfilters import date as date_filter
    from django.utils import timezone, translation

    from activities.history import Change, HistoryPage
    from activities.views import _with_times

    utc = datetime.UTC
    moments = [
        datetime.datetime(2026, 3, 29, 0, 59, 59, tzinfo=utc),
        datetime.datetime(2026, 3, 29, 1, 0, 1, tzinfo=utc),
        datetime.datetime(2026, 5, 1, 9, 30, 0, tzinfo=utc),
        datetime.datetime(2026, 5, 1, 9, 30, 59, 999999, tzinfo=utc),
        datetime.datetime(2026, 12, 31, 23, 5, 0, tzinfo=utc),
    ]
    page = HistoryPage(changes=[Change(when=moment, who="", kind="+", model="", model_key="",
                                       object_id=1, label="") for moment in moments],
                       number=1, has_older=False)
    with translation.override("da"):
        _with_times(page)
        expected = [date_filter(timezone.localtime(moment), "j. b. Y H:i") for moment in moments]
    assert [change.when_text for change in page.changes] == expected
    assert expected[0] != expected[1] and expected[-1].startswith("1. jan. 2027")
