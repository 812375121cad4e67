"""The year lock (issue 18, point 1): a locked year is read-only on every write path.

Paths: forms (create, edit, delete of a row), inline (htmx) edits, the budget, spending and
financing grids, spreadsheet imports (row errors in Danish), bulk writes (`bulk_save`, which
the exchange import uses), the proposed milepælsplan, and deletes that cascade. Reopening takes
a reason, kept in the lock's history and in the audit log.
"""

import datetime
import logging
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import BudgetAmount, BudgetLine, Measurement, Milestone, SuccessCriterion
from activities.services import budget_cells_save, milestone_plan_save
from plans.history import bulk_save
from plans.models import FinancingAmount, FinancingLine, Membership, YearLock
from plans.services import financing_cells_save, row_delete, row_save
from plans.yearlock import locked_years, year_lock, year_reopen
from reporting.exchange.sheets.imports import ERROR, UNCHANGED, import_preview
from reporting.exchange.sheets.services import spreadsheet_import
from tests.factories import MembershipFactory
from tests.reporting.spreadsheet_files import access_for, measurements_file, workbook_bytes

LOCKED = 2021


@pytest.fixture
def locked_plan(filled_plan):
    """The filled plan (a measurement 01.12.2021, a milestone 2. kvartal 2021) with a budget and
    financing in 2021 and 2022, and 2021 locked by its leder."""
    leader = MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user
    line = BudgetLine.objects.get(plan=filled_plan)
    BudgetAmount.objects.create(line=line, year=2021, amount=100_000, spent=90_000)
    BudgetAmount.objects.create(line=line, year=2022, amount=100_000)
    financing = FinancingLine.objects.get(plan=filled_plan)
    FinancingAmount.objects.create(line=financing, year=2021, amount=100_000)
    year_lock(plan=filled_plan, year=LOCKED, user=leader)
    filled_plan.leader = leader
    return filled_plan


def _client(client, plan):
    client.force_login(plan.leader)
    return client


def _measurement(plan) -> Measurement:
    return Measurement.objects.get(criterion__activity__delaftale__focus_area__plan=plan)


def _refused(error) -> str:
    return " ".join(error.value.messages)


# --- Locking and reopening -------------------------------------------------------------------


def test_locking_a_year_is_kept_with_who(locked_plan):
    lock = YearLock.objects.get(plan=locked_plan, year=LOCKED)

    assert lock.locked_by == locked_plan.leader
    assert lock.history.first().history_user == locked_plan.leader
    assert locked_years(locked_plan) == {LOCKED}


def test_a_year_outside_the_plan_or_locked_twice_is_refused(locked_plan):
    with pytest.raises(ValidationError, match="uden for planens periode"):
        year_lock(plan=locked_plan, year=2030, user=locked_plan.leader)
    with pytest.raises(ValidationError, match="allerede låst"):
        year_lock(plan=locked_plan, year=LOCKED, user=locked_plan.leader)


def test_reopening_needs_a_reason_kept_in_history_and_audit_log(locked_plan, caplog):
    caplog.set_level(logging.INFO, logger="helhedsplan.audit")
    with pytest.raises(ValidationError, match="Giv en begrundelse"):
        year_reopen(plan=locked_plan, year=LOCKED, user=locked_plan.leader, reason="  ")
    assert locked_years(locked_plan) == {LOCKED}

    year_reopen(plan=locked_plan, year=LOCKED, user=locked_plan.leader,
                reason="Revisor fandt en fejl i forbruget")

    assert locked_years(locked_plan) == set()
    deleted = YearLock.history.filter(history_type="-").get()
    assert deleted.history_user == locked_plan.leader
    assert "Revisor fandt en fejl i forbruget" in deleted.history_change_reason
    events = [r for r in caplog.records if getattr(r, "event", "") == "year_reopened"]
    assert len(events) == 1
    assert events[0].user_id == locked_plan.leader.pk
    assert events[0].plan_id == locked_plan.pk
    assert events[0].object_id == LOCKED
    assert events[0].reason == "Revisor fandt en fejl i forbruget"
    # …and the year can be written again.
    measurement = _measurement(locked_plan)
    measurement.value = Decimal("7")
    row_save(instance=measurement)


def test_reopen_page_refuses_an_empty_reason_and_saves_a_given_one(locked_plan, client):
    client = _client(client, locked_plan)
    url = reverse("reporting:year_reopen", args=[locked_plan.slug, LOCKED])

    assert client.post(url, {"reason": ""}).status_code == 400
    assert locked_years(locked_plan) == {LOCKED}
    assert client.post(url, {"reason": "Rettelse"}).status_code == 302
    assert locked_years(locked_plan) == set()


def test_only_the_leader_locks_and_reopens(locked_plan, client):
    staff = MembershipFactory(plan=locked_plan, role=Membership.Role.STAFF).user
    client.force_login(staff)

    assert client.post(reverse("reporting:year_lock", args=[locked_plan.slug, 2022])).status_code \
        == 403
    assert client.post(reverse("reporting:year_reopen", args=[locked_plan.slug, LOCKED]),
                       {"reason": "x"}).status_code == 403
    assert locked_years(locked_plan) == {LOCKED}


# --- Rows saved one at a time (forms, inline edits, cascades) ---------------------------------


def test_service_refuses_saving_or_deleting_a_measurement_of_a_locked_year(locked_plan):
    measurement = _measurement(locked_plan)
    measurement.value = Decimal("9")
    with pytest.raises(ValidationError) as error:
        row_save(instance=measurement)
    assert "2021 er låst" in _refused(error)
    with pytest.raises(ValidationError):
        row_delete(instance=measurement)
    # Moving it out of the locked year is a change of the locked year too.
    measurement.measured_on = datetime.date(2022, 1, 5)
    with pytest.raises(ValidationError):
        row_save(instance=measurement)
    measurement.refresh_from_db()
    assert measurement.value == Decimal("4")


def test_a_new_measurement_or_milestone_dated_in_a_locked_year_is_refused(locked_plan):
    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=locked_plan)
    with pytest.raises(ValidationError):
        row_save(instance=Measurement(criterion=criterion, value=3,
                                      measured_on=datetime.date(2021, 6, 1)))
    with pytest.raises(ValidationError):
        row_save(instance=Milestone(plan=locked_plan, title="Ny",
                                    due_date=datetime.date(2021, 5, 1)))
    row_save(instance=Measurement(criterion=criterion, value=3,
                                  measured_on=datetime.date(2022, 6, 1)))
    assert Measurement.objects.filter(criterion=criterion).count() == 2


def test_deleting_what_holds_rows_of_a_locked_year_is_refused(locked_plan):
    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=locked_plan)
    with pytest.raises(ValidationError):
        row_delete(instance=criterion)  # its 2021 measurement would go with it
    with pytest.raises(ValidationError):
        row_delete(instance=BudgetLine.objects.get(plan=locked_plan))  # its 2021 amount
    assert SuccessCriterion.objects.filter(pk=criterion.pk).exists()
    assert BudgetAmount.objects.filter(line__plan=locked_plan, year=LOCKED).exists()


def test_deleting_an_activity_or_area_whose_milestone_is_in_a_locked_year_is_refused(locked_plan):
    """Their milestones would lose their activity or area (SET_NULL, no save): a change to the
    locked year's milepælsplan, refused like any other."""
    from activities.models import Activity
    from plans.services import focus_area_delete

    milestone = Milestone.objects.get(plan=locked_plan)
    activity = Activity.objects.get(delaftale__focus_area__plan=locked_plan)
    Milestone.objects.filter(pk=milestone.pk).update(
        activity=activity, focus_area=activity.delaftale.focus_area
    )
    # Only the milestone ties the activity to 2021: its criteria (a 2021 measurement) go first.
    year_reopen(plan=locked_plan, year=LOCKED, user=locked_plan.leader, reason="Oprydning")
    SuccessCriterion.objects.filter(activity=activity).delete()
    year_lock(plan=locked_plan, year=LOCKED, user=locked_plan.leader)
    with pytest.raises(ValidationError) as refused:
        row_delete(instance=activity)
    assert str(LOCKED) in _refused(refused)
    with pytest.raises(ValidationError):
        focus_area_delete(area=activity.delaftale.focus_area)
    milestone.refresh_from_db()
    assert milestone.activity_id == activity.pk
    assert milestone.focus_area_id == activity.delaftale.focus_area_id

    year_reopen(plan=locked_plan, year=LOCKED, user=locked_plan.leader, reason="Rettelse")
    row_delete(instance=activity)
    milestone.refresh_from_db()
    assert milestone.activity_id is None


def test_form_create_edit_and_delete_of_a_locked_year_answer_with_the_danish_message(
    locked_plan, client
):
    client = _client(client, locked_plan)
    slug = locked_plan.slug
    milestone = Milestone.objects.get(plan=locked_plan)
    measurement = _measurement(locked_plan)
    criterion = measurement.criterion

    create = client.post(reverse("activities:milepaele_create", args=[slug]), {
        "title": "Ny milepæl", "due_year": "2021", "due_quarter": "3", "status": "planlagt"})
    edit = client.post(reverse("activities:milepaele_edit", args=[slug, milestone.pk]), {
        "title": "Ændret", "due_year": "2021", "due_quarter": "2", "status": "planlagt"})
    delete = client.post(reverse("activities:maalinger_delete", args=[slug, measurement.pk]))
    inline = client.post(
        reverse("activities:maalinger_create", args=[slug, criterion.pk]),
        {"value": "5", "measured_on": "2021-11-01"}, headers={"HX-Request": "true"})

    assert create.status_code == 400 and "2021 er låst" in create.content.decode()
    assert edit.status_code == 400 and "2021 er låst" in edit.content.decode()
    assert delete.status_code == 400 and "2021 er låst" in delete.content.decode()
    assert inline.status_code == 200 and "2021 er låst" in inline.content.decode()
    assert Milestone.objects.filter(plan=locked_plan).count() == 1
    assert Milestone.objects.get(pk=milestone.pk).title == milestone.title
    assert Measurement.objects.filter(criterion=criterion).count() == 1


# --- Grids -----------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["amount", "spent"])
def test_budget_and_spending_grids_refuse_a_locked_year_and_save_nothing(locked_plan, field):
    line = BudgetLine.objects.get(plan=locked_plan)
    with pytest.raises(ValidationError) as error:
        budget_cells_save(plan=locked_plan, field=field,
                          cells={(line.pk, 2021): 1, (line.pk, 2022): 2})
    assert "2021 er låst" in _refused(error)
    assert BudgetAmount.objects.get(line=line, year=2022).amount == 100_000
    # The locked year's cells sent unchanged, another year changed: saved.
    current = BudgetAmount.objects.get(line=line, year=2021)
    assert budget_cells_save(plan=locked_plan, field=field, cells={
        (line.pk, 2021): getattr(current, field), (line.pk, 2022): 5}) == 1


def test_financing_grid_refuses_a_locked_year_also_emptying_a_cell(locked_plan):
    line = FinancingLine.objects.get(plan=locked_plan)
    with pytest.raises(ValidationError):
        financing_cells_save(plan=locked_plan, cells={(line.pk, 2021): 5})
    with pytest.raises(ValidationError):
        financing_cells_save(plan=locked_plan, cells={(line.pk, 2021): None})
    assert FinancingAmount.objects.get(line=line, year=2021).amount == 100_000


def test_the_budget_page_shows_locked_cells_without_inputs(locked_plan, client):
    client = _client(client, locked_plan)
    line = BudgetLine.objects.get(plan=locked_plan)
    page = client.get(reverse("activities:budget", args=[locked_plan.slug])).content.decode()

    assert f'name="b-{line.pk}-2021"' not in page
    assert f'name="b-{line.pk}-2022"' in page
    assert "låst" in page


def test_posting_a_locked_cell_of_the_grid_gives_the_message_and_saves_nothing(
    locked_plan, client
):
    client = _client(client, locked_plan)
    line = BudgetLine.objects.get(plan=locked_plan)
    response = client.post(reverse("activities:budget", args=[locked_plan.slug]),
                           {"grid": "forbrug", f"b-{line.pk}-2021": "1.000"})

    assert response.status_code == 400
    assert "2021 er låst" in response.content.decode()
    assert BudgetAmount.objects.get(line=line, year=2021).spent == 90_000


# --- Bulk writes: spreadsheet imports, the exchange import ------------------------------------


def test_bulk_save_refuses_rows_of_a_locked_year(locked_plan):
    """Every bulk write (the grids, spreadsheet imports, the exchange import) goes through it."""
    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=locked_plan)
    with pytest.raises(ValidationError):
        bulk_save(Measurement, create=[Measurement(criterion=criterion, value=1,
                                                   measured_on=datetime.date(2021, 3, 1))])
    milestone = Milestone.objects.get(plan=locked_plan)
    milestone.due_year = 2022  # moved out of the locked year
    with pytest.raises(ValidationError):
        bulk_save(Milestone, update=[milestone], fields=["due_year"])
    assert Milestone.objects.get(pk=milestone.pk).due_year == 2021


def test_measurement_import_gives_a_row_error_for_a_locked_year(locked_plan):
    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=locked_plan)
    access = access_for(locked_plan.leader, locked_plan)
    content = measurements_file([
        [criterion.pk, datetime.date(2021, 12, 1), 4, None, "", ""],  # as it is: unchanged
        [criterion.pk, datetime.date(2021, 3, 1), 6, None, "", ""],
        [criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""],
    ])

    preview = import_preview(access=access, kind="maalinger", name="m.xlsx", content=content)

    assert [row.status for row in preview.rows][:2] == [UNCHANGED, ERROR]
    assert "2021 er låst" in preview.rows[1].problems[0].message
    assert preview.rows[1].problems[0].column == "Dato"
    with pytest.raises(ValidationError):
        spreadsheet_import(access=access, kind="maalinger", name="m.xlsx", content=content,
                           user_id=locked_plan.leader.pk)
    assert Measurement.objects.filter(criterion=criterion).count() == 1


def test_milestone_and_budget_imports_give_row_errors_for_a_locked_year(locked_plan):
    access = access_for(locked_plan.leader, locked_plan)
    milestone = Milestone.objects.get(plan=locked_plan)
    milestones = workbook_bytes({"Milepæle": [
        ["ID", "Milepæl", "År", "Kvartal", "Frist", "Status", "Nået den", "Aktivitet",
         "Indsatsområde", "Note"],
        [milestone.pk, milestone.title, 2022, 2, None, "Planlagt", None, None, None, None],
        [None, "Ny i 2021", 2021, 4, None, "Planlagt", None, None, None, None],
    ]})
    line = BudgetLine.objects.get(plan=locked_plan)
    area = locked_plan.focus_areas.get().name
    budget = workbook_bytes({"Budget": [
        ["ID", "Indsatsområde", "Aktivitet", "Budgetlinje", "Kategori", "År", "Budget", "Forbrug"],
        [line.pk, area, line.activity.name, line.text, "Løn", 2021, 100_000, 95_000],
        [line.pk, area, line.activity.name, line.text, "Løn", 2022, 100_000, 10_000],
    ]})

    milestone_preview = import_preview(access=access, kind="milepaele", name="m.xlsx",
                                       content=milestones)
    budget_preview = import_preview(access=access, kind="budget", name="b.xlsx", content=budget)

    assert [row.status for row in milestone_preview.rows] == [ERROR, ERROR]
    assert all("2021 er låst" in row.problems[0].message for row in milestone_preview.rows)
    assert budget_preview.rows[0].status == ERROR
    assert "2021 er låst" in budget_preview.rows[0].problems[0].message
    assert budget_preview.rows[1].status != ERROR


# --- Next year's milepælsplan ---------------------------------------------------------------


def test_the_proposed_milestone_plan_cannot_be_saved_into_a_locked_year(locked_plan):
    rows = [{"include": True, "title": "Ny", "quarter": 1, "activity": None,
             "focus_area": None, "note": ""}]
    with pytest.raises(ValidationError):
        milestone_plan_save(plan=locked_plan, year=LOCKED, rows=rows)
    assert milestone_plan_save(plan=locked_plan, year=2022, rows=rows) == 1
