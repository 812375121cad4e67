"""Imports through the preview and the one atomic write, without HTTP."""

import datetime
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from activities.models import Activity, BudgetAmount, BudgetLine, Measurement, Milestone
from plans.history import BATCH_SIZE
from plans.models import Membership
from reporting.exchange.sheets.export import export_build
from reporting.exchange.sheets.imports import CHANGED, ERROR, NEW, UNCHANGED, import_preview
from reporting.exchange.sheets.services import spreadsheet_import
from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    MeasurementFactory,
    MembershipFactory,
    MilestoneFactory,
)

from .spreadsheet_files import access_for, measurements_file, read_workbook, save_workbook


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


@pytest.fixture
def criterion(filled_plan):
    """The count criterion of the filled plan's activity (measured 4 on 01.12.2021)."""
    from activities.models import SuccessCriterion

    return SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=filled_plan)


@pytest.fixture
def measured_plan(filled_plan, criterion):
    """Six more measurements, so a round trip has something to keep unchanged."""
    for month in range(1, 7):
        MeasurementFactory(
            criterion=criterion,
            measured_on=datetime.date(2022, month, 1),
            value=Decimal(month),
            comment=f"Måling {month}",
            source="Logbog",
        )
    return filled_plan


def _preview(user, plan, kind, content):
    return import_preview(
        access=access_for(user, plan), kind=kind, name="fil.xlsx", content=content
    )


def _import(user, plan, kind, content):
    return spreadsheet_import(
        access=access_for(user, plan), kind=kind, name="fil.xlsx", content=content, user_id=user.pk
    )


def _statuses(preview):
    return [row.status for row in preview.rows]


# --- Round trip -------------------------------------------------------------------------------


def test_exported_measurements_imported_unchanged_change_nothing(measured_plan, leader):
    content = export_build(plan=measured_plan, kind="maalinger")
    before = list(Measurement.objects.values())

    preview = _import(leader, measured_plan, "maalinger", content)

    assert preview.counts == {NEW: 0, CHANGED: 0, UNCHANGED: 7, ERROR: 0}
    assert list(Measurement.objects.values()) == before


def test_three_edited_values_show_as_exactly_three_updates_before_they_are_saved(
    measured_plan, leader
):
    workbook = read_workbook(export_build(plan=measured_plan, kind="maalinger"))
    sheet = workbook["Målinger"]
    value_column = [cell.value for cell in sheet[1]].index("Værdi") + 1
    for row in (3, 5, 7):
        sheet.cell(row=row, column=value_column).value += 10
    content = save_workbook(workbook)

    preview = _preview(leader, measured_plan, "maalinger", content)

    assert preview.counts == {NEW: 0, CHANGED: 3, UNCHANGED: 4, ERROR: 0}
    assert [row.row for row in preview.rows if row.status == CHANGED] == [3, 5, 7]
    assert preview.rows[1].changes == ["Værdi: 1 → 11"]
    assert Measurement.objects.filter(value__gt=10).count() == 0  # a preview writes nothing

    saved = _import(leader, measured_plan, "maalinger", content)

    assert saved.counts[CHANGED] == 3
    assert sorted(Measurement.objects.filter(value__gt=10).values_list("value", flat=True)) == [
        Decimal(11),
        Decimal(13),
        Decimal(15),
    ]
    assert _preview(leader, measured_plan, "maalinger", content).counts[CHANGED] == 0


def test_importing_the_same_file_twice_adds_the_measurements_once(filled_plan, leader, criterion):
    content = measurements_file(
        [
            [criterion.pk, datetime.date(2022, 3, 1), 6, None, "Forår", "Logbog"],
            [criterion.pk, "01.09.2022", "7,5", None, "", ""],
        ]
    )

    first = _import(leader, filled_plan, "maalinger", content)
    second = _import(leader, filled_plan, "maalinger", content)

    assert first.counts[NEW] == 2
    assert second.counts == {NEW: 0, CHANGED: 0, UNCHANGED: 2, ERROR: 0}
    assert Measurement.objects.filter(criterion=criterion).count() == 3
    assert Measurement.objects.get(measured_on=datetime.date(2022, 9, 1)).value == Decimal("7.5")


def test_a_qualitative_criterion_takes_yes_or_no(filled_plan, leader, criterion):
    criterion.kind = criterion.Kind.QUALITATIVE
    criterion.save()
    content = measurements_file(
        [
            [criterion.pk, datetime.date(2022, 3, 1), None, "Ja", "", ""],
            [criterion.pk, datetime.date(2022, 4, 1), 4, None, "", ""],
        ]
    )

    preview = _preview(leader, filled_plan, "maalinger", content)

    assert _statuses(preview) == [NEW, ERROR]
    assert preview.rows[1].problems[0].column == "Værdi"


def test_a_file_with_one_bad_row_writes_nothing(filled_plan, leader, criterion):
    content = measurements_file(
        [
            [criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""],
            [criterion.pk, datetime.date(2022, 4, 1), "seks", None, "", ""],
        ]
    )
    before = Measurement.objects.count()

    with pytest.raises(ValidationError) as refused:
        _import(leader, filled_plan, "maalinger", content)

    assert "intet blev indlæst" in refused.value.messages[0]
    assert Measurement.objects.count() == before


def test_a_stale_preview_is_refused(measured_plan, leader, criterion):
    workbook = read_workbook(export_build(plan=measured_plan, kind="maalinger"))
    workbook["Målinger"]["J3"].value = 99
    content = save_workbook(workbook)
    fingerprint = _preview(leader, measured_plan, "maalinger", content).fingerprint
    Measurement.objects.filter(criterion=criterion, measured_on=datetime.date(2022, 1, 1)).update(
        value=99
    )

    with pytest.raises(ValidationError) as refused:
        spreadsheet_import(
            access=access_for(leader, measured_plan),
            kind="maalinger",
            name="x.xlsx",
            content=content,
            user_id=leader.pk,
            expected_fingerprint=fingerprint,
        )

    assert refused.value.code == "stale"


def test_an_import_shows_in_the_plans_history_with_who_made_it(measured_plan, leader, criterion):
    history = Measurement.history.model
    workbook = read_workbook(export_build(plan=measured_plan, kind="maalinger"))
    workbook["Målinger"]["J3"].value = 99
    new_row = [criterion.pk, *[None] * 7, datetime.date(2022, 9, 1), 5]  # ID, …, Dato, Værdi
    workbook["Målinger"].append(new_row)
    before = history.objects.count()

    _import(leader, measured_plan, "maalinger", save_workbook(workbook))

    added = history.objects.order_by("-history_id")[: history.objects.count() - before]
    assert sorted((r.history_type, r.history_user_id) for r in added) == [
        ("+", leader.pk),
        ("~", leader.pk),
    ]
    assert {r.history_change_reason for r in added} == {"Import fra regneark: fil.xlsx"}


def test_an_import_is_recorded_in_the_audit_log(filled_plan, leader, criterion, caplog):
    content = measurements_file([[criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""]])

    with caplog.at_level(logging.INFO, logger="helhedsplan.audit"):
        _import(leader, filled_plan, "maalinger", content)

    record = next(r for r in caplog.records if r.getMessage() == "spreadsheet_import")
    assert (record.user_id, record.plan_id, record.object_type) == (
        leader.pk,
        filled_plan.pk,
        "maalinger",
    )
    assert record.reason == "new=1 changed=0"


# --- Who may import ---------------------------------------------------------------------------


def test_a_staff_member_imports_measurements_only_for_their_own_activities(filled_plan, criterion):
    staff = MembershipFactory(plan=filled_plan, role=Membership.Role.STAFF)
    Activity.objects.filter(pk=criterion.activity_id).update(responsible=staff)
    other = ActivityCriterionFactory(
        activity=ActivityFactory(delaftale=criterion.activity.delaftale)
    )
    content = measurements_file(
        [
            [criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""],
            [other.pk, datetime.date(2022, 3, 1), 6, None, "", ""],
        ]
    )

    preview = _preview(staff.user, filled_plan, "maalinger", content)

    assert _statuses(preview) == [NEW, ERROR]
    assert "ansvarlig" in preview.rows[1].problems[0].message


@pytest.mark.parametrize("role", [Membership.Role.BOARD, Membership.Role.READER])
def test_board_members_and_readers_cannot_import(filled_plan, criterion, role):
    user = MembershipFactory(plan=filled_plan, role=role).user
    content = measurements_file([[criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""]])

    with pytest.raises(PermissionDenied):
        _preview(user, filled_plan, "maalinger", content)


def test_a_staff_member_cannot_import_the_budget(filled_plan):
    staff = MembershipFactory(plan=filled_plan, role=Membership.Role.STAFF).user

    with pytest.raises(PermissionDenied):
        _preview(staff, filled_plan, "budget", export_build(plan=filled_plan, kind="budget"))


# --- Milestones -------------------------------------------------------------------------------


def _milestone_rows(*rows):
    headers = [
        "ID",
        "Milepæl",
        "År",
        "Kvartal",
        "Frist",
        "Status",
        "Nået den",
        "Aktivitet",
        "Indsatsområde",
        "Note",
    ]
    from .spreadsheet_files import workbook_bytes

    return workbook_bytes({"Milepæle": [headers, *rows]})


def test_milestones_update_by_id_and_are_added_when_new(filled_plan, leader):
    milestone = Milestone.objects.get(plan=filled_plan)
    activity = milestone.activity
    content = _milestone_rows(
        [
            milestone.pk,
            milestone.title,
            2021,
            2,
            None,
            "Nået",
            "15.05.2021",
            activity.name,
            None,
            "Godt",
        ],
        [None, "Evaluering godkendt", 2022, 4, None, "Planlagt", None, None, None, None],
        [
            None,
            "Sommerfest",
            None,
            None,
            datetime.date(2022, 7, 2),
            None,
            None,
            None,
            filled_plan.focus_areas.get().name,
            None,
        ],
    )

    preview = _import(leader, filled_plan, "milepaele", content)

    assert _statuses(preview) == [CHANGED, NEW, NEW]
    milestone.refresh_from_db()
    assert (milestone.status, milestone.reached_on, milestone.note) == (
        "naaet",
        datetime.date(2021, 5, 15),
        "Godt",
    )
    party = Milestone.objects.get(title="Sommerfest")
    assert (party.due_year, party.due_quarter, party.focus_area.plan) == (2022, 3, filled_plan)
    assert _preview(leader, filled_plan, "milepaele", content).counts[UNCHANGED] == 3


def test_milestone_rows_without_id_match_by_title_year_and_quarter(filled_plan, leader):
    milestone = Milestone.objects.get(plan=filled_plan)
    content = _milestone_rows(
        [None, milestone.title, 2021, 2, None, "Forsinket", None, None, None, None]
    )

    preview = _import(leader, filled_plan, "milepaele", content)

    assert _statuses(preview) == [CHANGED]
    assert Milestone.objects.get().status == "forsinket"


def test_milestone_errors_name_the_row_and_column(filled_plan, leader, outsider):
    other = MilestoneFactory(plan=outsider.plan_memberships.get().plan)
    content = _milestone_rows(
        [other.pk, "Fremmed", 2021, 2, None, "Planlagt", None, None, None, None],
        [None, "Uden frist", None, None, None, "Planlagt", None, None, None, None],
        [None, "Forkert kvartal", 2022, 1, datetime.date(2022, 8, 1), None, None, None, None, None],
        [None, "Ukendt aktivitet", 2022, 1, None, None, None, "Findes ikke", None, None],
        [None, "Ukendt status", 2022, 1, None, "Måske", None, None, None, None],
        [None, "Nået uden dato", 2022, 1, None, "Nået", None, None, None, None],
    )

    preview = _preview(leader, filled_plan, "milepaele", content)

    assert [(r.row, r.problems[0].column) for r in preview.rows] == [
        (2, "ID"),
        (3, "Frist"),
        (4, "År"),
        (5, "Aktivitet"),
        (6, "Status"),
        (7, "Nået den"),
    ]
    assert preview.has_errors


def test_a_staff_member_imports_milestones_of_their_own_activities_only(filled_plan):
    staff = MembershipFactory(plan=filled_plan, role=Membership.Role.STAFF)
    own = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    own.responsible = staff
    own.save()
    other = ActivityFactory(delaftale=own.delaftale)
    content = _milestone_rows(
        [None, "Egen", 2022, 1, None, None, None, own.name, None, None],
        [None, "Andens", 2022, 1, None, None, None, other.name, None, None],
        [None, "Hele planen", 2022, 1, None, None, None, None, None, None],
    )

    preview = _preview(staff.user, filled_plan, "milepaele", content)

    assert _statuses(preview) == [NEW, ERROR, ERROR]


# --- Budget -------------------------------------------------------------------------------------


def _budget_rows(*rows):
    headers = [
        "ID",
        "Indsatsområde",
        "Aktivitet",
        "Budgetlinje",
        "Kategori",
        "År",
        "Budget",
        "Forbrug",
    ]
    from .spreadsheet_files import workbook_bytes

    return workbook_bytes({"Budget": [headers, *rows]})


def test_budget_and_spending_are_imported_per_line_and_year(filled_plan, leader):
    line = BudgetLine.objects.get(plan=filled_plan)
    area = filled_plan.focus_areas.get().name
    content = _budget_rows(
        [line.pk, area, line.activity.name, line.text, "Løn", 2021, 550_000, 530_000],
        [line.pk, area, line.activity.name, line.text, "Løn", 2022, "550.000 kr.", None],
        [None, None, None, "Daglig leder", "Løn", 2021, 400_000, None],
        [None, "Tværgående", None, "Daglig leder", "Løn", 2022, 410_000, None],
    )

    preview = _import(leader, filled_plan, "budget", content)

    assert _statuses(preview) == [NEW, NEW, NEW, NEW]
    amounts = BudgetAmount.objects.filter(line=line).order_by("year")
    assert [(a.year, a.amount, a.spent) for a in amounts] == [
        (2021, 550_000, 530_000),
        (2022, 550_000, None),
    ]
    leader_line = BudgetLine.objects.get(text="Daglig leder")
    assert leader_line.focus_area is None
    assert leader_line.amounts.count() == 2
    again = _preview(leader, filled_plan, "budget", export_build(plan=filled_plan, kind="budget"))
    assert again.counts == {NEW: 0, CHANGED: 0, UNCHANGED: 10, ERROR: 0}


def test_budget_rows_that_disagree_or_leave_the_plan_are_errors(filled_plan, leader):
    line = BudgetLine.objects.get(plan=filled_plan)
    area = filled_plan.focus_areas.get().name
    content = _budget_rows(
        [line.pk, area, None, line.text, "Løn", 2021, 1, None],
        [line.pk, area, None, line.text, "Drift", 2022, 1, None],  # another category
        [line.pk, area, None, line.text, "Løn", 2021, 2, None],  # same line and year
        [None, "Ukendt område", None, "X", "Løn", 2021, 1, None],
        [None, None, None, "Y", "Løn", 2031, 1, None],  # outside the period
        [None, None, None, "Z", "Løn", 2021, -5, None],
        [None, None, None, "Æ", "Løn", 2021, 1.5, None],
    )
    before = list(BudgetAmount.objects.values())

    preview = _preview(leader, filled_plan, "budget", content)

    assert _statuses(preview) == [NEW, ERROR, ERROR, ERROR, ERROR, ERROR, ERROR]
    assert [r.problems[0].column for r in preview.rows[1:]] == [
        "Kategori",
        "År",
        "Indsatsområde",
        "År",
        "Budget",
        "Budget",
    ]
    with pytest.raises(ValidationError):
        _import(leader, filled_plan, "budget", content)
    assert list(BudgetAmount.objects.values()) == before


# --- Activities --------------------------------------------------------------------------------


def _activity_rows(*rows):
    headers = [
        "ID",
        "Indsatsområde",
        "Aktivitet",
        "CFBU-kerneaktivitet",
        "Status",
        "Start",
        "Slut",
        "Formål",
        "Indhold og praksis",
    ]
    from .spreadsheet_files import workbook_bytes

    return workbook_bytes({"Aktiviteter": [headers, *rows]})


def test_activities_are_updated_by_id_and_added_to_the_areas_delaftale(filled_plan, leader):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    area = activity.delaftale.focus_area
    content = _activity_rows(
        [
            activity.pk,
            area.name,
            activity.name,
            "Lektiecafé",
            "I gang",
            datetime.date(2021, 1, 1),
            None,
            "Flere unge i job",
            None,
        ],
        [None, area.name, "Forældrecafé", None, None, "01.02.2021", "31.12.2023", None, None],
    )

    preview = _import(leader, filled_plan, "aktiviteter", content)

    assert _statuses(preview) == [CHANGED, NEW]
    activity.refresh_from_db()
    assert (activity.status, activity.core_activity_label, activity.purpose) == (
        "i_gang",
        "Lektiecafé",
        "Flere unge i job",
    )
    added = Activity.objects.get(name="Forældrecafé")
    assert (added.delaftale, added.order, added.status) == (activity.delaftale, 1, "planlagt")
    again = _preview(
        leader, filled_plan, "aktiviteter", export_build(plan=filled_plan, kind="aktiviteter")
    )
    assert again.counts[UNCHANGED] == 2


def test_activity_rows_for_an_area_without_delaftale_or_another_area_are_errors(
    filled_plan, leader
):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    bare = FocusAreaFactory(plan=filled_plan, name="Uden delaftale")
    other = DelaftaleFactory(focus_area=FocusAreaFactory(plan=filled_plan, name="Andet"))
    content = _activity_rows(
        [None, bare.name, "Ny", None, None, None, None, None, None],
        [activity.pk, other.focus_area.name, activity.name, None, None, None, None, None, None],
        [
            None,
            "Andet",
            "Omvendt",
            None,
            None,
            datetime.date(2022, 1, 1),
            datetime.date(2021, 1, 1),
            None,
            None,
        ],
        [None, None, "Uden område", None, None, None, None, None, None],
    )

    preview = _preview(leader, filled_plan, "aktiviteter", content)

    assert [(r.row, r.status, r.problems[0].column) for r in preview.rows] == [
        (2, ERROR, "Indsatsområde"),
        (3, ERROR, "Indsatsområde"),
        (4, ERROR, "Slut"),
        (5, ERROR, "Indsatsområde"),
    ]


# --- Speed and queries ----------------------------------------------------------------------------


@pytest.fixture
def thousand_rows(filled_plan):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    criteria = [ActivityCriterionFactory(activity=activity) for _ in range(10)]
    start = datetime.date(2021, 1, 1)
    rows = [
        [
            criteria[n % 10].pk,
            start + datetime.timedelta(days=n // 10),
            n % 50,
            None,
            f"Kommentar {n}",
            "Logbog",
        ]
        for n in range(1000)
    ]
    return measurements_file(rows)


def _insert_batches(model, rows: int) -> int:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    batch = min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, [None] * rows))
    return -(-rows // batch)


def test_a_thousand_measurements_import_in_a_few_batched_queries(
    filled_plan, leader, thousand_rows, django_assert_max_num_queries
):
    # Inserts go in batches: SQLite takes 999 parameters a query, PostgreSQL the whole batch.
    inserts = _insert_batches(Measurement, 1000)
    inserts += _insert_batches(Measurement.history.model, 1000)  # a history row per measurement
    # The time itself is measured by the bench (import_1000_rows_seconds), never asserted here: a
    # timed assertion fails on a loaded machine and proves nothing on a fast one.
    # membership, criteria, measurements, the plan's locked years (issue 18)
    with django_assert_max_num_queries(4):
        preview = _preview(leader, filled_plan, "maalinger", thousand_rows)
    # + the locked years again as the rows are written (plans.history.bulk_save): 2 more
    with django_assert_max_num_queries(8 + inserts):
        saved = _import(leader, filled_plan, "maalinger", thousand_rows)

    assert preview.counts[NEW] == saved.counts[NEW] == 1000
    assert Measurement.objects.count() == 1001


def test_the_preview_reads_the_same_few_queries_for_ten_rows_as_for_a_thousand(
    filled_plan, leader, criterion, thousand_rows
):
    ten = measurements_file(
        [[criterion.pk, datetime.date(2022, 1, n), n, None, "", ""] for n in range(1, 11)]
    )

    def count(content):
        with CaptureQueriesContext(connection) as queries:
            _preview(leader, filled_plan, "maalinger", content)
        return len(queries)

    assert count(ten) == count(thousand_rows)


def test_the_bench_times_a_thousand_row_import_and_leaves_no_trace(db):
    from devtools.spreadsheets_bench import measure_import_speed
    from plans.models import Plan

    before = (Measurement.objects.count(), Plan.objects.count())

    result = measure_import_speed()

    # A time, not a verdict on it: how fast is the benchmark's business (README), not a test's.
    assert result["import_1000_rows_seconds"] > 0
    assert (Measurement.objects.count(), Plan.objects.count()) == before


def test_activities_sharing_a_name_still_round_trip_by_the_rows_current_activity(
    filled_plan, leader
):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    twin = ActivityFactory(
        name=activity.name,
        delaftale=DelaftaleFactory(focus_area=FocusAreaFactory(plan=filled_plan, name="Andet")),
    )
    MilestoneFactory(plan=filled_plan, activity=twin, title="Tvilling")

    for kind in ("budget", "milepaele"):
        preview = _preview(leader, filled_plan, kind, export_build(plan=filled_plan, kind=kind))

        assert preview.counts[ERROR] == preview.counts[CHANGED] == 0, kind


@pytest.mark.parametrize(
    "value",
    [datetime.timedelta(hours=3), datetime.time(12, 0), "12:00", "=B2*2", True],
)
def test_odd_cell_types_in_a_kroner_column_are_row_errors(filled_plan, leader, value):
    line = BudgetLine.objects.get(plan=filled_plan)
    content = _budget_rows([line.pk, None, None, line.text, "Løn", 2021, value, None])

    preview = _preview(leader, filled_plan, "budget", content)

    assert [(r.row, r.status, r.problems[0].column) for r in preview.rows] == [(2, ERROR, "Budget")]


def test_budget_lines_are_imported_into_their_budget_group_with_blank_and_zero(filled_plan,
                                                                              leader):
    from plans.models import BudgetGroup

    salaries = BudgetGroup.objects.create(plan=filled_plan, name="Løn og ledelse", order=5)
    headers = ["ID", "Indsatsområde", "Budgetgruppe", "Budgetlinje", "Kategori", "År", "Budget",
               "Forbrug"]
    from .spreadsheet_files import workbook_bytes

    content = workbook_bytes({"Budget": [
        headers,
        [None, "Tværgående", "løn og ledelse", "Daglig leder", "Løn", 2021, 0, None],
        [None, "Tværgående", "Løn og ledelse", "Daglig leder", "Løn", 2022, None, 1_000],
        [None, "Tværgående", "Ukendt gruppe", "Husleje", "Drift", 2021, 1, None],
    ]})

    preview = _preview(leader, filled_plan, "budget", content)
    assert _statuses(preview) == [NEW, NEW, ERROR]
    assert preview.rows[2].problems[0].column == "Budgetgruppe"
    assert "ingen budgetgruppe med navnet Ukendt gruppe" in preview.rows[2].problems[0].message

    good = workbook_bytes({"Budget": [headers, *[
        [None, "Tværgående", "Løn og ledelse", "Daglig leder", "Løn", year, amount, spent]
        for year, amount, spent in ((2021, 0, None), (2022, None, 1_000))
    ]]})
    _import(leader, filled_plan, "budget", good)

    line = BudgetLine.objects.get(text="Daglig leder")
    assert line.group == salaries
    assert [(a.year, a.amount, a.spent) for a in line.amounts.order_by("year")] == [
        (2021, 0, None), (2022, None, 1_000)
    ]
    sheet = read_workbook(export_build(plan=filled_plan, kind="budget"))["Budget"]
    assert "Budgetgruppe" in [cell.value for cell in sheet[1]]
    again = _preview(leader, filled_plan, "budget", export_build(plan=filled_plan, kind="budget"))
    assert again.counts[CHANGED] == 0 and again.counts[ERROR] == 0
