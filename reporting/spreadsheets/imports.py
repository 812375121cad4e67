"""An uploaded workbook, turned into a preview: every row's outcome, and the writes it needs.

`import_preview` reads the sheet of one kind (measurements, milestones, budget, activities),
matches each row to what the plan already holds by a stable key, and says for every row
whether it is new, changed, unchanged or has errors (with the row number, the column and a
Danish message). Nothing is written here: `services.spreadsheet_import` parses the same file
again and writes the preview's steps in one transaction, and only when no row has an error.

Stable keys, so that importing the same file twice changes nothing:

- measurement: criterion id + date;
- milestone: its id, or else title + year + quarter;
- budget line: its id, or else text + focus area; each row is one line in one year;
- activity: its id, or else name + focus area (the delaftale's area).

Every lookup is read once per import (`selectors`), never once per row.
"""

import hashlib
import io
import json
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from defusedxml import DefusedXmlException
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from activities.indicators import measurements_sync
from activities.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    Indicator,
    IndicatorValue,
    Measurement,
    Milestone,
)
from activities.selectors import activity_editable
from plans.models import Membership
from plans.numbers import format_kr, format_number
from plans.selectors import PlanAccess, plan_years
from plans.yearlock import locked_message, locked_years

from . import selectors
from .cells import CellError, Column, is_blank
from .resources import (
    ActivityResource,
    BudgetResource,
    IndicatorValueResource,
    MeasurementResource,
    MilestoneResource,
)
from .safety import (
    MAX_ROWS,
    SpreadsheetRejected,
    assert_xml_parser_is_safe,
    content_check,
    damaged_error,
    forbidden_xml_error,
    too_many_rows_error,
)

MAX_COLUMNS = 60

NEW, CHANGED, UNCHANGED, ERROR = "ny", "aendret", "uaendret", "fejl"
STATUS_LABELS = {
    NEW: gettext_lazy("New"),
    CHANGED: gettext_lazy("Changed"),
    UNCHANGED: gettext_lazy("Unchanged"),
    ERROR: gettext_lazy("Error"),
}


@dataclass
class Problem:
    column: str
    message: str


@dataclass
class RowOutcome:
    row: int
    status: str
    label: str = ""
    changes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # What the row holds, as read: (column header, value shown) for a new row's preview.
    values: list[tuple[str, str]] = field(default_factory=list)
    # The cells as they were in the file (field name → value), for the errors workbook.
    raw: dict = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass
class Step:
    """One bulk write: create or update `objects` of `model` (updating `fields`)."""

    model: type
    objects: list
    fields: tuple[str, ...] = ()

    @property
    def creates(self) -> bool:
        return not self.fields


@dataclass
class ImportPreview:
    kind: str
    sheet: str
    rows: list[RowOutcome]
    steps: list[Step]
    # The columns the sheet had, in the file's order: (field name, header).
    headers: list[tuple[str, str]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counter = Counter(row.status for row in self.rows)
        return {status: counter.get(status, 0) for status in STATUS_LABELS}

    @property
    def has_errors(self) -> bool:
        return any(row.status == ERROR for row in self.rows)

    @property
    def error_rows(self) -> list[RowOutcome]:
        return [row for row in self.rows if row.status == ERROR]

    @property
    def change_count(self) -> int:
        return self.counts[NEW] + self.counts[CHANGED]

    @property
    def fingerprint(self) -> str:
        """Changes when any row's outcome changes, so a confirm can tell that the plan moved
        on since the preview."""
        data = [
            (r.row, r.status, r.changes, [(p.column, p.message) for p in r.problems])
            for r in self.rows
        ]
        return hashlib.sha256(json.dumps(data, default=str).encode()).hexdigest()[:32]


# --- Reading the sheet ------------------------------------------------------------------------


def _fold(text) -> str:
    return " ".join(str(text).split()).casefold()


def _header_names(column: Column) -> set[str]:
    names = set()
    for language in ("da", "en"):
        with translation.override(language):
            names.add(_fold(column.column_name))
    return names


def _defused(error: BaseException | None) -> bool:
    """True when defusedxml refused the XML, however deep openpyxl wrapped its exception."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def _open_workbook(content: bytes):
    assert_xml_parser_is_safe()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(
                io.BytesIO(content), read_only=True, data_only=False, keep_links=False
            )
    except Exception as error:  # noqa: BLE001 - whatever openpyxl trips over is unreadable
        raise (forbidden_xml_error() if _defused(error) else damaged_error()) from None


def _sheet_for(workbook, resource):
    names = set()
    for language in ("da", "en"):
        with translation.override(language):
            names.add(_fold(resource.sheet_title))
    worksheets = workbook.worksheets
    for worksheet in worksheets:
        if _fold(worksheet.title) in names:
            return worksheet
    if len(worksheets) == 1:
        return worksheets[0]
    raise SpreadsheetRejected(
        _("The workbook has no sheet named %(name)s. Use the template, or name the sheet so.")
        % {"name": resource.sheet_title}
    )


@dataclass
class Sheet:
    title: str
    columns: dict[str, Column]  # field name → column, for the columns present
    rows: list[tuple[int, dict]]  # (row number in the sheet, field name → raw cell value)


def sheet_read(content: bytes, resource) -> Sheet:
    """The sheet's header and non-blank rows, with the sheet's own row numbers."""
    workbook = _open_workbook(content)
    try:
        worksheet = _sheet_for(workbook, resource)
        worksheet.reset_dimensions()  # a file's own idea of its size is not trusted
        try:
            header = next(
                worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True),
                (),
            )
            positions, present = _header_map(worksheet.title, header, resource)
            rows = []
            width = max(positions) + 1
            for number, values in enumerate(
                worksheet.iter_rows(min_row=2, max_col=width, values_only=True), 2
            ):
                if number > MAX_ROWS + 1:
                    raise too_many_rows_error()
                if all(is_blank(value) for value in values):
                    continue
                rows.append(
                    (
                        number,
                        {
                            name: values[index]
                            for index, name in positions.items()
                            if index < len(values)
                        },
                    )
                )
        except SpreadsheetRejected:
            raise
        except Exception as error:  # noqa: BLE001 - a sheet openpyxl cannot read is damaged
            raise (forbidden_xml_error() if _defused(error) else damaged_error()) from None
    finally:
        workbook.close()
    if not rows:
        raise SpreadsheetRejected(
            _("The sheet %(sheet)s has no rows below the headers.") % {"sheet": worksheet.title}
        )
    return Sheet(title=worksheet.title, columns=present, rows=rows)


def _header_map(title: str, header, resource):
    """Column index → field name for the columns the import reads; refuses a sheet whose
    headers do not fit."""
    if all(is_blank(value) for value in header):
        raise SpreadsheetRejected(
            _("The first row of the sheet %(sheet)s must hold the column headers; it is empty.")
            % {"sheet": title}
        )
    readable = resource.import_columns()
    known = {}
    for name, column in resource.fields.items():
        for header_name in _header_names(column):
            known[header_name] = name
    positions, seen = {}, set()
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        name = known.get(_fold(value))
        if name is None:
            continue
        if name in seen:
            raise SpreadsheetRejected(
                _("The column %(column)s appears twice in the sheet %(sheet)s.")
                % {"column": str(value).strip(), "sheet": title}
            )
        seen.add(name)
        if name in readable:
            positions[index] = name
    missing = [
        str(column.column_name)
        for name, column in readable.items()
        if column.required and name not in seen
    ]
    if missing:
        raise SpreadsheetRejected(
            _(
                "The sheet %(sheet)s lacks the columns %(missing)s. Download the template to see "
                "the columns an import needs."
            )
            % {"sheet": title, "missing": ", ".join(missing)}
        )
    present = {name: readable[name] for name in positions.values()}
    return positions, present


# --- Shared by the importers ------------------------------------------------------------------


def _display(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return format_number(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


class Importer:
    """Reads one kind of row. Subclasses load what rows may refer to (`load`), judge each row
    (`judge`, returning its outcome) and list the writes (`steps`)."""

    resource_class = None
    leader_only = True

    def __init__(self, access: PlanAccess):
        if self.leader_only and not access.can_edit:
            raise PermissionDenied
        self.access = access
        self.plan = access.plan
        self.locked = locked_years(self.plan)
        self.resource = self.resource_class()
        self.columns: dict[str, Column] = {}

    def header(self, name: str) -> str:
        return str(self.resource.fields[name].column_name)

    def locked_problem(self, column: str, *years) -> Problem | None:
        """A row error when the row would write into a locked year (`plans.yearlock`)."""
        locked = sorted({year for year in years if year in self.locked})
        if not locked:
            return None
        return Problem(column, locked_message(locked[0]))

    def read(self, number: int, raw: dict):
        """The row's values by field name (only the columns present), and the cells that
        could not be read."""
        values, problems = {}, []
        for name, column in self.columns.items():
            try:
                values[name] = column.widget.clean(raw.get(name))
            except CellError as error:
                values[name] = None
                problems.append(Problem(str(column.column_name), str(error)))
        return values, problems

    def model_problems(
        self, instance, exclude, columns: dict[str, str], known: list[Problem]
    ) -> list[Problem]:
        """The model's own rules (`clean`), reported on the column they concern, unless that
        column already has a problem (a value that could not be read is also missing)."""
        try:
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems = []
            for field_name, messages in error.message_dict.items():
                column = columns.get(field_name, "") if field_name != NON_FIELD_ERRORS else ""
                if column and any(problem.column == column for problem in known):
                    continue
                problems.extend(Problem(column, str(message)) for message in messages)
            return problems
        return []

    def changes(self, before: dict, instance, labels: dict[str, str], render=None) -> list[str]:
        render = render or {}
        found = []
        for name, label in labels.items():
            old, new = before[name], getattr(instance, name)
            if old != new:
                show = render.get(name, _display)
                found.append(f"{label}: {show(old)} → {show(new)}")
        return found

    def run(self, sheet: Sheet) -> ImportPreview:
        self.columns = sheet.columns
        self.load()
        outcomes = []
        for number, raw in sheet.rows:
            values, problems = self.read(number, raw)
            outcome = self.judge(number, values, problems)
            if outcome.problems:
                outcome.status = ERROR
            outcome.raw = raw
            outcome.values = [
                (str(column.column_name), _display(values.get(name)))
                for name, column in self.columns.items()
                if not is_blank(values.get(name))
            ]
            outcomes.append(outcome)
        headers = [(name, str(column.column_name)) for name, column in self.columns.items()]
        return ImportPreview(
            kind=self.kind, sheet=sheet.title, rows=outcomes, steps=self.steps(), headers=headers
        )


def _lookup_by_name(items, name_of):
    found = defaultdict(list)
    for item in items:
        found[_fold(name_of(item))].append(item)
    return found


def _resolve(lookup, name, *, column: str, missing: str, ambiguous: str, problems: list, prefer=()):
    """The one item named `name`, or None with a problem on `column`. When several items
    share the name, each test in `prefer` is tried in turn to pick one (the row's current
    activity, then an activity of the row's focus area)."""
    matches = lookup.get(_fold(name), [])
    for test in prefer:
        if len(matches) <= 1:
            break
        preferred = [item for item in matches if test(item)]
        if len(preferred) == 1:
            matches = preferred
    if len(matches) == 1:
        return matches[0]
    message = missing if not matches else ambiguous
    problems.append(Problem(column, message % {"name": name}))
    return None


# --- Measurements -----------------------------------------------------------------------------


class MeasurementImporter(Importer):
    kind = "maalinger"
    resource_class = MeasurementResource
    leader_only = False  # a medarbejder imports for the activities they are responsible for
    FIELDS = ("value", "achieved", "comment", "source")

    def load(self):
        self.criteria = selectors.criteria_by_id(plan=self.plan)
        self.existing = selectors.measurements_by_key(criterion_ids=list(self.criteria))
        self.seen: dict[tuple, int] = {}
        self.create, self.update = [], []

    def _editable(self, criterion) -> bool:
        if criterion.activity_id:
            return activity_editable(self.access, criterion.activity)
        return self.access.can_edit

    def judge(self, number, values, problems):
        h = self.header
        criterion_id, date = values.get("criterion"), values.get("measured_on")
        criterion = self.criteria.get(criterion_id)
        if criterion_id is None and not _has(problems, h("criterion")):
            problems.append(
                Problem(
                    h("criterion"), _("Give the criterion's ID (see the sheet Success criteria).")
                )
            )
        elif criterion_id is not None and criterion is None:
            problems.append(
                Problem(
                    h("criterion"),
                    _("There is no success criterion with ID %(id)s in this plan.")
                    % {"id": criterion_id},
                )
            )
        elif criterion is not None and not self._editable(criterion):
            problems.append(
                Problem(
                    h("criterion"),
                    _(
                        "You may only import measurements for "
                        "the activities you are responsible for."
                    ),
                )
            )
        if date is None and not _has(problems, h("measured_on")):
            problems.append(Problem(h("measured_on"), _("Give the date of the measurement.")))
        label = str(criterion_id or "?")
        if criterion is not None:
            label += f": {criterion.text[:50]}"
        if date:
            label += f" · {date:%d.%m.%Y}"
        outcome = RowOutcome(row=number, status=NEW, label=label, problems=problems)
        if criterion is None or date is None:
            return outcome
        key = (criterion.pk, date)
        if key in self.seen:
            problems.append(
                Problem(
                    h("measured_on"),
                    _("The same criterion and date are also in row %(row)s.")
                    % {"row": self.seen[key]},
                )
            )
            return outcome
        self.seen[key] = number
        existing = self.existing.get(key)
        measurement = existing or Measurement(measured_on=date)
        measurement.criterion = criterion  # with its plan loaded, so `clean` needs no query
        before = {name: getattr(measurement, name) for name in self.FIELDS}
        if criterion.is_qualitative:
            if values.get("value") is not None:
                problems.append(
                    Problem(
                        h("value"),
                        _(
                            "A qualitative criterion is measured with "
                            "Yes or No in the column Achieved."
                        ),
                    )
                )
            if "achieved" in values:
                measurement.achieved = values["achieved"]
        else:
            if values.get("achieved") is not None:
                problems.append(
                    Problem(
                        h("achieved"),
                        _("Achieved is only for qualitative criteria; give the value."),
                    )
                )
            measurement.value = values.get("value")
        for name in ("comment", "source"):
            if name in values:
                setattr(measurement, name, values[name])
        columns = {name: h(name) for name in ("value", "achieved", "comment", "source")}
        columns["measured_on"] = h("measured_on")
        problems.extend(
            self.model_problems(measurement, ["criterion", "evidence"], columns, problems)
        )
        if problems:
            return outcome
        if existing is None:
            locked = self.locked_problem(h("measured_on"), date.year)
            if locked:
                problems.append(locked)
                return outcome
            self.create.append(measurement)
            return outcome
        labels = {name: h(name) for name in self.FIELDS}
        outcome.changes = self.changes(before, measurement, labels)
        locked = self.locked_problem(h("measured_on"), date.year) if outcome.changes else None
        if locked:
            outcome.changes = []
            problems.append(locked)
            return outcome
        if outcome.changes:
            outcome.status = CHANGED
            self.update.append(measurement)
        else:
            outcome.status = UNCHANGED
        return outcome

    def steps(self):
        return [Step(Measurement, self.create), Step(Measurement, self.update, self.FIELDS)]


def _has(problems, column) -> bool:
    return any(problem.column == column for problem in problems)


# --- Milestones -------------------------------------------------------------------------------


class MilestoneImporter(Importer):
    kind = "milepaele"
    resource_class = MilestoneResource
    leader_only = (
        False  # a medarbejder imports milestones of the activities they are responsible for
    )
    FIELDS = (
        "title",
        "due_date",
        "due_year",
        "due_quarter",
        "status",
        "reached_on",
        "activity_id",
        "focus_area_id",
        "note",
    )

    def load(self):
        milestones = selectors.milestones_of(plan=self.plan)
        self.by_id = {m.pk: m for m in milestones}
        self.by_key = {}
        for milestone in milestones:
            year, quarter = milestone.quarter_key
            self.by_key.setdefault((_fold(milestone.title), year, quarter), milestone)
        activities = selectors.activities_of(plan=self.plan)
        self.activities = {a.pk: a for a in activities}
        self.activity_names = _lookup_by_name(activities, lambda a: a.name)
        areas = selectors.focus_areas_of(plan=self.plan)
        self.areas = {a.pk: a for a in areas}
        self.area_names = _lookup_by_name(areas, lambda a: a.name)
        self.matched: dict[int, int] = {}
        self.new_keys: dict[tuple, int] = {}
        self.create, self.update = [], []

    def _may_edit(self, activity) -> bool:
        if self.access.can_edit:
            return True
        return activity is not None and activity_editable(self.access, activity)

    def judge(self, number, values, problems):
        h = self.header
        outcome = RowOutcome(
            row=number, status=NEW, label=values.get("title") or "", problems=problems
        )
        milestone_id = values.get("id")
        existing = None
        if milestone_id is not None:
            existing = self.by_id.get(milestone_id)
            if existing is None:
                problems.append(
                    Problem(
                        h("id"),
                        _("There is no milestone with ID %(id)s in this plan.")
                        % {"id": milestone_id},
                    )
                )
        if not values.get("title") and not _has(problems, h("title")):
            problems.append(Problem(h("title"), _("Give the milestone's title.")))
        activity = area = None
        if values.get("area"):
            area = _resolve(
                self.area_names,
                values["area"],
                column=h("area"),
                missing=_("There is no focus area named %(name)s in this plan."),
                ambiguous=_("Several focus areas are named %(name)s."),
                problems=problems,
            )
        if values.get("activity"):
            current = existing.activity_id if existing else None
            activity = _resolve(
                self.activity_names,
                values["activity"],
                column=h("activity"),
                missing=_("There is no activity named %(name)s in this plan."),
                ambiguous=_(
                    "Several activities are named %(name)s; give them different names first."
                ),
                problems=problems,
                prefer=(
                    lambda a: a.pk == current,
                    lambda a: area is not None and a.delaftale.focus_area_id == area.pk,
                ),
            )
        year, quarter, due_date = values.get("year"), values.get("quarter"), values.get("due_date")
        if due_date is not None:
            derived = (due_date.year, (due_date.month - 1) // 3 + 1)
            if (year is not None and year != derived[0]) or (
                quarter is not None and quarter != derived[1]
            ):
                problems.append(
                    Problem(
                        h("year"),
                        _("The year and quarter do not match the due date %(date)s.")
                        % {"date": due_date.strftime("%d.%m.%Y")},
                    )
                )
            year, quarter = derived
        elif (year is None or quarter is None) and not (
            _has(problems, h("year"))
            or _has(problems, h("quarter"))
            or _has(problems, h("due_date"))
        ):
            problems.append(Problem(h("due_date"), _("Give a due date, or a year and a quarter.")))
        if problems:
            return outcome
        if existing is None:
            existing = self.by_key.get((_fold(values["title"]), year, quarter))
        if existing is not None:
            if existing.pk in self.matched:
                problems.append(
                    Problem(
                        h("id"),
                        _("The same milestone is also in row %(row)s.")
                        % {"row": self.matched[existing.pk]},
                    )
                )
                return outcome
            self.matched[existing.pk] = number
        else:
            key = (_fold(values["title"]), year, quarter)
            if key in self.new_keys:
                problems.append(
                    Problem(
                        h("title"),
                        _("The same milestone (title, year and quarter) is also in row %(row)s.")
                        % {"row": self.new_keys[key]},
                    )
                )
                return outcome
            self.new_keys[key] = number
        milestone = existing or Milestone(plan=self.plan)
        before = {name: getattr(milestone, name) for name in self.FIELDS}
        old_activity = self.activities.get(milestone.activity_id)
        milestone.title = values["title"]
        milestone.due_date = due_date
        milestone.due_year, milestone.due_quarter = year, quarter
        if values.get("status"):
            milestone.status = values["status"]
        for name in ("reached_on", "note"):
            if name in values:
                setattr(milestone, name, values[name])
        # Related rows come from what `load` read, so the model's `clean` needs no query.
        milestone.activity = activity if "activity" in values else old_activity
        milestone.focus_area = area if "area" in values else self.areas.get(milestone.focus_area_id)
        if not self._may_edit(milestone.activity) or (
            existing is not None and not self._may_edit(old_activity)
        ):
            problems.append(
                Problem(
                    h("activity"),
                    _("You may only import milestones of the activities you are responsible for."),
                )
            )
            return outcome
        columns = {
            "title": h("title"),
            "due_date": h("due_date"),
            "due_year": h("year"),
            "due_quarter": h("quarter"),
            "status": h("status"),
            "reached_on": h("reached_on"),
            "activity": h("activity"),
            "focus_area": h("area"),
            "note": h("note"),
        }
        problems.extend(
            self.model_problems(milestone, ["plan", "activity", "focus_area"], columns, problems)
        )
        if problems:
            return outcome
        if existing is None:
            locked = self.locked_problem(h("year"), year)
            if locked:
                problems.append(locked)
                return outcome
            self.create.append(milestone)
            return outcome
        if any(before[n] != getattr(milestone, n) for n in self.FIELDS):
            old_year = before["due_date"].year if before["due_date"] else before["due_year"]
            locked = self.locked_problem(h("year"), year, old_year)
            if locked:
                problems.append(locked)
                return outcome
        labels = {
            "title": h("title"),
            "due_date": h("due_date"),
            "due_year": h("year"),
            "due_quarter": h("quarter"),
            "status": h("status"),
            "reached_on": h("reached_on"),
            "activity_id": h("activity"),
            "focus_area_id": h("area"),
            "note": h("note"),
        }
        if milestone.due_date is not None and milestone.due_date == before["due_date"]:
            # Year and quarter follow the date; an older row may not have stored them yet.
            labels.pop("due_year")
            labels.pop("due_quarter")
        status_label = dict(Milestone.Status.choices)
        names = {a.pk: a.name for a in self.activities.values()}
        areas = {pk: a.name for pk, a in self.areas.items()}
        outcome.changes = self.changes(
            before,
            milestone,
            labels,
            render={
                "status": lambda code: str(status_label.get(code, code)),
                "activity_id": lambda pk: names.get(pk, "–") if pk else "–",
                "focus_area_id": lambda pk: areas.get(pk, "–") if pk else "–",
            },
        )
        if outcome.changes or any(before[n] != getattr(milestone, n) for n in self.FIELDS):
            self.update.append(milestone)
        outcome.status = CHANGED if outcome.changes else UNCHANGED
        return outcome

    def steps(self):
        return [Step(Milestone, self.create), Step(Milestone, self.update, self.FIELDS)]


# --- Budget lines with spending ---------------------------------------------------------------

CROSS_CUTTING = {"", "tværgående", "cross-cutting", "tvaergaaende"}


class BudgetImporter(Importer):
    kind = "budget"
    resource_class = BudgetResource
    LINE_FIELDS = ("text", "category", "focus_area_id", "activity_id", "group_id")

    def load(self):
        lines = selectors.budget_lines_of(plan=self.plan)
        self.lines_by_id = {line.pk: line for line in lines}
        self.lines_by_key = {}
        for line in lines:
            self.lines_by_key.setdefault((_fold(line.text), line.focus_area_id), line)
        self.amounts = selectors.budget_amounts_of(plan=self.plan)
        areas = selectors.focus_areas_of(plan=self.plan)
        self.areas = {a.pk: a for a in areas}
        self.area_names = _lookup_by_name(areas, lambda a: a.name)
        activities = selectors.activities_of(plan=self.plan)
        self.activities = {a.pk: a for a in activities}
        self.activity_names = _lookup_by_name(activities, lambda a: a.name)
        groups = selectors.budget_groups_of(plan=self.plan)
        self.groups = {g.pk: g for g in groups}
        self.group_names = _lookup_by_name(groups, lambda g: g.label)
        # A new line without a group goes to its focus area's default group (no own name).
        self.default_groups = {}
        for group in groups:
            if not group.name:
                self.default_groups.setdefault(group.focus_area_id, group)
        self.years = plan_years(self.plan)
        self.next_order = len(lines)
        self.line_rows: dict = {}  # identity → (row number, attributes)
        self.line_objects: dict = {}  # identity → BudgetLine (existing or new)
        self.seen: dict = {}
        self.create_lines, self.update_lines = [], []
        self.create_amounts, self.update_amounts = [], []

    def _area(self, values, problems):
        name = values.get("area") or ""
        if _fold(name) in CROSS_CUTTING:
            return None, True
        area = _resolve(
            self.area_names,
            name,
            column=self.header("area"),
            missing=_("There is no focus area named %(name)s in this plan."),
            ambiguous=_("Several focus areas are named %(name)s."),
            problems=problems,
        )
        return area, area is not None

    def judge(self, number, values, problems):
        h = self.header
        outcome = RowOutcome(row=number, status=UNCHANGED, problems=problems)
        line_id = values.get("id")
        existing_line = None
        if line_id is not None:
            existing_line = self.lines_by_id.get(line_id)
            if existing_line is None:
                problems.append(
                    Problem(
                        h("id"),
                        _("There is no budget line with ID %(id)s in this plan.") % {"id": line_id},
                    )
                )
        if "area" in self.columns:
            area, area_ok = self._area(values, problems)
        else:
            area = self.areas.get(existing_line.focus_area_id) if existing_line else None
            area_ok = True
        activity = None
        if values.get("activity"):
            current = existing_line.activity_id if existing_line else None
            area_id = area.pk if area else None
            activity = _resolve(
                self.activity_names,
                values["activity"],
                column=h("activity"),
                missing=_("There is no activity named %(name)s in this plan."),
                ambiguous=_(
                    "Several activities are named %(name)s; give them different names first."
                ),
                problems=problems,
                prefer=(
                    lambda a: a.pk == current,
                    lambda a: a.delaftale.focus_area_id == area_id,
                ),
            )
        group = None
        if values.get("group"):
            group = _resolve(
                self.group_names,
                values["group"],
                column=h("group"),
                missing=_("There is no budget group named %(name)s in this plan."),
                ambiguous=_("Several budget groups are named %(name)s."),
                problems=problems,
            )
        text, category, year = values.get("text"), values.get("category"), values.get("year")
        if not text and not _has(problems, h("text")):
            problems.append(Problem(h("text"), _("Give the budget line's text.")))
        if not category and not _has(problems, h("category")):
            problems.append(Problem(h("category"), _("Choose a category.")))
        if year is None and not _has(problems, h("year")):
            problems.append(Problem(h("year"), _("Give the year.")))
        elif year is not None and year not in self.years:
            problems.append(
                Problem(
                    h("year"),
                    _("The year %(year)s is outside the plan's period (%(first)s-%(last)s).")
                    % {"year": year, "first": self.years[0], "last": self.years[-1]},
                )
            )
        outcome.label = f"{text or ''} · {year or ''}"
        if problems or not area_ok:
            return outcome
        area_id = area.pk if area else None
        if existing_line is None:
            existing_line = self.lines_by_key.get((_fold(text), area_id))
        identity = ("id", existing_line.pk) if existing_line else ("new", _fold(text), area_id)
        attributes = {
            "text": text,
            "category": category,
            "focus_area_id": area_id,
            "activity_id": activity.pk if activity else None,
            "group_id": group.pk if group else None,
        }
        if "activity" not in self.columns and existing_line is not None:
            attributes["activity_id"] = existing_line.activity_id
        if group is None:
            if existing_line is not None and existing_line.focus_area_id == area_id:
                attributes["group_id"] = existing_line.group_id
            else:
                default = self.default_groups.get(area_id)
                attributes["group_id"] = default.pk if default else None
        first = self.line_rows.get(identity)
        if first is not None:
            first_row, first_attributes = first
            for name, column in (
                ("text", "text"),
                ("category", "category"),
                ("focus_area_id", "area"),
                ("activity_id", "activity"),
                ("group_id", "group"),
            ):
                if attributes[name] != first_attributes[name]:
                    problems.append(
                        Problem(
                            h(column),
                            _("The budget line has another %(column)s in row %(row)s.")
                            % {"column": h(column).lower(), "row": first_row},
                        )
                    )
            if problems:
                return outcome
            line = self.line_objects[identity]
        else:
            line = self._line(number, identity, existing_line, attributes, area, outcome)
            if line is None:
                return outcome
        if (identity, year) in self.seen:
            problems.append(
                Problem(
                    h("year"),
                    _("The same budget line and year are also in row %(row)s.")
                    % {"row": self.seen[(identity, year)]},
                )
            )
            return outcome
        self.seen[(identity, year)] = number
        self._amount(line, identity, year, values, outcome)
        return outcome

    def _line(self, number, identity, existing, attributes, area, outcome):
        h = self.header
        self.line_rows[identity] = (number, attributes)
        line = existing or BudgetLine(plan=self.plan, order=self.next_order)
        before = {name: getattr(line, name) for name in self.LINE_FIELDS}
        line.text, line.category = attributes["text"], attributes["category"]
        # Related rows come from what `load` read, so the model's `clean` needs no query.
        line.focus_area = area
        line.activity = self.activities.get(attributes["activity_id"])
        line.group = self.groups.get(attributes["group_id"])
        columns = {
            "text": h("text"),
            "category": h("category"),
            "focus_area": h("area"),
            "activity": h("activity"),
            "group": h("group"),
        }
        outcome.problems.extend(
            self.model_problems(
                line, ["plan", "order", "focus_area", "activity", "group"], columns,
                outcome.problems,
            )
        )
        if outcome.problems:
            return None
        self.line_objects[identity] = line
        if existing is None:
            self.next_order += 1
            self.create_lines.append(line)
            outcome.status = NEW
            return line
        categories = dict(BudgetLine.Category.choices)
        areas = {pk: a.name for pk, a in self.areas.items()}
        activities = {pk: a.name for pk, a in self.activities.items()}
        groups = {pk: g.label for pk, g in self.groups.items()}
        changes = self.changes(
            before,
            line,
            {
                "text": h("text"),
                "category": h("category"),
                "focus_area_id": h("area"),
                "activity_id": h("activity"),
                "group_id": h("group"),
            },
            render={
                "category": lambda code: str(categories.get(code, code)),
                "focus_area_id": lambda pk: areas.get(pk, _("Cross-cutting")),
                "activity_id": lambda pk: activities.get(pk, "–"),
                "group_id": lambda pk: groups.get(pk, "–"),
            },
        )
        if changes:
            outcome.changes.extend(changes)
            outcome.status = CHANGED
            self.update_lines.append(line)
        return line

    def _amount(self, line, identity, year, values, outcome):
        h = self.header
        amount = values.get("amount")  # blank stays blank (prints blank); 0 is 0 kr.
        current = self.amounts.get((line.pk, year)) if identity[0] == "id" else None
        if current is None:
            spent = values.get("spent")
            if amount is not None or spent is not None:
                locked = self.locked_problem(h("year"), year)
                if locked:
                    outcome.problems.append(locked)
                    return
                self.create_amounts.append(
                    BudgetAmount(line=line, year=year, amount=amount, spent=spent)
                )
                outcome.status = NEW
            return
        before = {"amount": current.amount, "spent": current.spent}
        current.amount = amount
        if "spent" in values:
            current.spent = values["spent"]
        changes = self.changes(
            before,
            current,
            {"amount": h("amount"), "spent": h("spent")},
            render={"amount": lambda v: format_kr(v) if v is not None else "",
                    "spent": format_kr},
        )
        if changes:
            locked = self.locked_problem(h("year"), year)
            if locked:
                current.amount, current.spent = before["amount"], before["spent"]
                outcome.problems.append(locked)
                return
            outcome.changes.extend(changes)
            if outcome.status == UNCHANGED:
                outcome.status = CHANGED
            self.update_amounts.append(current)

    def steps(self):
        return [
            Step(BudgetLine, self.create_lines),
            Step(BudgetLine, self.update_lines, self.LINE_FIELDS),
            Step(BudgetAmount, self.create_amounts),
            Step(BudgetAmount, self.update_amounts, ("amount", "spent")),
        ]


# --- Activities -------------------------------------------------------------------------------


class ActivityImporter(Importer):
    kind = "aktiviteter"
    resource_class = ActivityResource
    FIELDS = (
        "name",
        "status",
        "start",
        "end",
        "purpose",
        "content",
        "core_activity_id",
        "core_activity_text",
    )

    def load(self):
        activities = selectors.activities_of(plan=self.plan)
        self.by_id = {a.pk: a for a in activities}
        self.by_key = {}
        for activity in activities:
            self.by_key.setdefault(
                (_fold(activity.name), activity.delaftale.focus_area_id), activity
            )
        self.areas = selectors.focus_areas_of(plan=self.plan)
        self.area_names = _lookup_by_name(self.areas, lambda a: a.name)
        self.core = selectors.core_activities()
        self.next_order = Counter(a.delaftale_id for a in activities)
        self.matched: dict = {}
        self.create, self.update = [], []

    def judge(self, number, values, problems):
        h = self.header
        outcome = RowOutcome(
            row=number, status=NEW, label=values.get("name") or "", problems=problems
        )
        activity_id = values.get("id")
        existing = None
        if activity_id is not None:
            existing = self.by_id.get(activity_id)
            if existing is None:
                problems.append(
                    Problem(
                        h("id"),
                        _("There is no activity with ID %(id)s in this plan.")
                        % {"id": activity_id},
                    )
                )
        area = None
        if values.get("area"):
            area = _resolve(
                self.area_names,
                values["area"],
                column=h("area"),
                missing=_("There is no focus area named %(name)s in this plan."),
                ambiguous=_("Several focus areas are named %(name)s."),
                problems=problems,
            )
        elif not _has(problems, h("area")):
            problems.append(Problem(h("area"), _("Give the activity's focus area.")))
        delaftale = getattr(area, "delaftale", None) if area else None
        if area is not None and delaftale is None:
            problems.append(
                Problem(
                    h("area"),
                    _("The focus area %(name)s has no sub-agreement yet; create it first.")
                    % {"name": area.name},
                )
            )
        if not values.get("name") and not _has(problems, h("name")):
            problems.append(Problem(h("name"), _("Give the activity's name.")))
        if (
            existing is not None
            and area is not None
            and (existing.delaftale.focus_area_id != area.pk)
        ):
            problems.append(
                Problem(
                    h("area"),
                    _(
                        "An activity cannot move to another focus area "
                        "by import; move it in the plan."
                    ),
                )
            )
        if problems:
            return outcome
        if existing is None:
            existing = self.by_key.get((_fold(values["name"]), area.pk))
        key = existing.pk if existing else (_fold(values["name"]), area.pk)
        if key in self.matched:
            problems.append(
                Problem(
                    h("name"),
                    _("The same activity is also in row %(row)s.") % {"row": self.matched[key]},
                )
            )
            return outcome
        self.matched[key] = number
        activity = existing or Activity(delaftale=delaftale, order=self.next_order[delaftale.pk])
        before = {name: getattr(activity, name) for name in self.FIELDS}
        activity.name = values["name"]
        if values.get("status"):
            activity.status = values["status"]
        for name in ("start", "end", "purpose", "content"):
            if name in values:
                setattr(activity, name, values[name])
        if "core_activity" in values:
            self._core_activity(activity, values["core_activity"])
        if activity.start and activity.end and activity.end < activity.start:
            problems.append(Problem(h("end"), _("The activity must end after it starts.")))
        columns = {
            name: h(name) for name in ("name", "status", "start", "end", "purpose", "content")
        }
        columns.update(core_activity=h("core_activity"), core_activity_text=h("core_activity"))
        problems.extend(
            self.model_problems(
                activity, ["delaftale", "core_activity", "responsible"], columns, problems
            )
        )
        if problems:
            return outcome
        if existing is None:
            self.next_order[delaftale.pk] += 1
            self.create.append(activity)
            return outcome
        before_label = before["core_activity_text"]
        if before["core_activity_id"]:
            before_label = next(
                (c.name for c in self.core.values() if c.pk == before["core_activity_id"]), ""
            )
        labels = {
            name: h(name) for name in ("name", "status", "start", "end", "purpose", "content")
        }
        statuses = dict(Activity.Status.choices)
        outcome.changes = self.changes(
            before,
            activity,
            labels,
            render={
                "status": lambda code: str(statuses.get(code, code)),
            },
        )
        if before_label != activity.core_activity_label:
            outcome.changes.append(
                f"{h('core_activity')}: {_display(before_label)} → "
                f"{_display(activity.core_activity_label)}"
            )
        if outcome.changes:
            outcome.status = CHANGED
            self.update.append(activity)
        else:
            outcome.status = UNCHANGED
        return outcome

    def _core_activity(self, activity, text):
        core = self.core.get(_fold(text)) if text else None
        if core is not None:
            activity.core_activity, activity.core_activity_text = core, ""
        elif _fold(text) != _fold(activity.core_activity_label):
            activity.core_activity, activity.core_activity_text = None, text or ""

    def steps(self):
        return [Step(Activity, self.create), Step(Activity, self.update, self.FIELDS)]


IMPORTERS = {
    importer.kind: importer
    for importer in (MeasurementImporter, MilestoneImporter, BudgetImporter, ActivityImporter)
}


def may_import(access: PlanAccess, kind: str) -> bool:
    """The leder imports everything; a medarbejder measurements and milestones (for the
    activities they are responsible for, checked row by row)."""
    importer = IMPORTERS[kind]
    return access.can_edit or (not importer.leader_only and access.role == Membership.Role.STAFF)


def import_preview(*, access: PlanAccess, kind: str, name: str, content: bytes) -> ImportPreview:
    """Check the file, read its sheet and judge every row. Raises SpreadsheetRejected when the
    file as a whole is refused; row problems are in the preview."""
    importer_class = IMPORTERS[kind]
    if not may_import(access, kind):
        raise PermissionDenied
    content_check(name=name, content=content)
    importer = importer_class(access)
    sheet = sheet_read(content, importer.resource)
    return importer.run(sheet)


# --- Indicators -------------------------------------------------------------------------------


class IndicatorImporter(Importer):
    """Values of the plan's indicators; an indicator the plan lacks is added (with the row's
    unit and source). A row is matched by indicator, afdeling (empty: the whole area) and date:
    the same again updates the value."""

    kind = "indikatorer"
    resource_class = IndicatorValueResource
    FIELDS = ("period", "value")

    def load(self):
        self.indicators = _lookup_by_name(Indicator.objects.filter(plan=self.plan),
                                          lambda i: i.name)
        self.estates = _lookup_by_name(
            self.plan.plan_estates.select_related("estate"), lambda e: e.estate.name
        )
        self.existing = {
            (v.indicator_id, v.plan_estate_id, v.measured_on): v
            for v in IndicatorValue.objects.filter(indicator__plan=self.plan)
        }
        self.new_indicators: dict[str, Indicator] = {}
        self.seen: dict[tuple, int] = {}
        self.create, self.update = [], []

    def _indicator(self, values) -> Indicator:
        name = (values.get("indicator") or "").strip()
        found = self.indicators.get(_fold(name))
        if found:
            return found[0]
        if _fold(name) not in self.new_indicators:
            self.new_indicators[_fold(name)] = Indicator(
                plan=self.plan, name=name, unit=values.get("unit") or "",
                source=values.get("source") or "",
            )
        return self.new_indicators[_fold(name)]

    def judge(self, number, values, problems):
        h = self.header
        name = (values.get("indicator") or "").strip()
        date = values.get("measured_on")
        if not name and not _has(problems, h("indicator")):
            problems.append(Problem(h("indicator"), _("Give the indicator's name.")))
        if date is None and not _has(problems, h("measured_on")):
            problems.append(Problem(h("measured_on"), _("Give the date the value describes.")))
        if values.get("value") is None and not _has(problems, h("value")):
            problems.append(Problem(h("value"), _("Give the value.")))
        estate = None
        estate_name = (values.get("estate") or "").strip() if "estate" in self.columns else ""
        if estate_name:
            estate = _resolve(
                self.estates, estate_name, column=h("estate"),
                missing=_("The plan has no housing estate named “%(name)s”."),
                ambiguous=_("The plan has several housing estates named “%(name)s”."),
                problems=problems,
            )
        label = f"{name[:50]}{' · ' + estate_name if estate_name else ''}"
        if date:
            label += f" · {date:%d.%m.%Y}"
        outcome = RowOutcome(row=number, status=NEW, label=label, problems=problems)
        if problems:
            return outcome
        indicator = self._indicator(values)
        key = (_fold(name), estate.pk if estate else None, date)
        if key in self.seen:
            problems.append(Problem(
                h("measured_on"),
                _("The same indicator, housing estate and date are also in row %(row)s.")
                % {"row": self.seen[key]},
            ))
            return outcome
        self.seen[key] = number
        existing = self.existing.get((indicator.pk, estate.pk if estate else None, date)) if (
            indicator.pk) else None
        row = existing or IndicatorValue(indicator=indicator, plan_estate=estate,
                                         measured_on=date)
        before = {name: getattr(row, name) for name in self.FIELDS}
        row.value = values["value"]
        if "period" in values:
            row.period = values["period"] or ""
        if existing is None:
            self.create.append(row)
            return outcome
        outcome.changes = self.changes(before, row, {n: h(n) for n in self.FIELDS})
        if outcome.changes:
            outcome.status = CHANGED
            self.update.append(row)
        else:
            outcome.status = UNCHANGED
        return outcome

    def steps(self):
        return [
            Step(Indicator, list(self.new_indicators.values())),
            Step(IndicatorValue, self.create),
            Step(IndicatorValue, self.update, self.FIELDS),
        ]


IMPORTERS[IndicatorImporter.kind] = IndicatorImporter


def after_import(*, kind: str, plan) -> None:
    """What follows from an import: indicator values become the tied criteria's measurements."""
    if kind == IndicatorImporter.kind:
        measurements_sync(plan=plan)
