"""The shape every spreadsheet importer shares: read a row's cells, judge it, list the writes.

Why not django-import-export's `Resource.import_data`: the resources (`resources`) give the
columns and the widgets that read each cell, and the importers use both; the rest of the
library's import does not fit what the preview promises:

- its row matching is one fixed set of `import_id_fields`; a row here is matched by its ID
  when it gives one and by a natural key otherwise, and names (focus area, activity) are
  resolved with preferences and a Danish message when ambiguous (`matching`);
- its errors are per field and in English; every problem here is on the column the user sees,
  in Danish, after the cells that could not be read (a missing value is not reported twice);
- its dry run writes and rolls back; a preview here writes nothing, so it takes no locks and
  runs the same checks a confirm does (year locks, who may edit which activity) per row;
- its save is one `save()` per row; a confirm here writes every step in one transaction
  through `plans.history.bulk_save`, so each object gets its history row and nothing is
  written when one row has an error (`services.spreadsheet_import`).
"""

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from activities.models import Activity
from plans.models import FocusArea
from plans.numbers import format_number
from plans.selectors import PlanAccess
from plans.yearlock import locked_message, locked_years

from . import selectors
from .cells import CellError, Column, is_blank
from .matching import KeyMatcher, NameLookup
from .outcomes import ERROR, ImportPreview, Problem, RowOutcome, Step
from .reading import Sheet

Values = dict[str, Any]


def display(value: Any) -> str:
    """A value as the preview shows it (Danish numbers and dates, long text cut)."""
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Decimal):
        return format_number(value)
    if hasattr(value, "strftime"):
        return str(value.strftime("%d.%m.%Y"))
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def has_problem(problems: list[Problem], column: str) -> bool:
    return any(problem.column == column for problem in problems)


class Importer:
    """Reads one kind of row. Subclasses load what rows may refer to (`load`), judge each row
    (`judge`, returning its outcome) and list the writes (`steps`)."""

    kind: ClassVar[str]
    resource_class: ClassVar[type]
    leader_only: ClassVar[bool] = True

    def __init__(self, access: PlanAccess) -> None:
        if self.leader_only and not access.can_edit:
            raise PermissionDenied
        self.access = access
        self.plan = access.plan
        self.locked = locked_years(self.plan)
        self.resource = self.resource_class()
        self.columns: dict[str, Column] = {}

    def load(self) -> None:
        raise NotImplementedError

    def judge(self, number: int, values: Values, problems: list[Problem]) -> RowOutcome:
        raise NotImplementedError

    def steps(self) -> list[Step]:
        raise NotImplementedError

    def header(self, name: str) -> str:
        return str(self.resource.fields[name].column_name)

    def headers(self, *names: str) -> dict[str, str]:
        """Field name → the header of the column of the same name."""
        return {name: self.header(name) for name in names}

    def row_given(
        self, matcher: KeyMatcher[Any], values: Values, problems: list[Problem], missing: str
    ) -> Any:
        """The existing row the sheet's ID column names (`KeyMatcher.given`)."""
        return matcher.given(
            values.get("id"), column=self.header("id"), missing=missing, problems=problems
        )

    # --- what cells name ----------------------------------------------------------------------

    def areas_load(self) -> None:
        self.area_list = selectors.focus_areas_of(plan=self.plan)
        # Keyed by id; a row's empty (None) foreign key finds nothing.
        self.areas: dict[int | None, FocusArea] = {area.pk: area for area in self.area_list}
        self.area_names = NameLookup(self.area_list, lambda area: area.name)

    def activities_load(self) -> None:
        self.activity_list = selectors.activities_of(plan=self.plan)
        self.activities: dict[int | None, Activity] = {
            activity.pk: activity for activity in self.activity_list
        }
        self.activity_names = NameLookup(self.activity_list, lambda activity: activity.name)

    def area_named(self, name: str, problems: list[Problem]) -> Any:
        return self.area_names.resolve(
            name,
            column=self.header("area"),
            missing=_("There is no focus area named %(name)s in this plan."),
            ambiguous=_("Several focus areas are named %(name)s."),
            problems=problems,
        )

    def activity_named(
        self, name: str, problems: list[Problem], *, current: int | None, area_id: int | None
    ) -> Any:
        """The activity a cell names; among activities of the same name, the row's current
        one, then the one in the row's focus area."""
        return self.activity_names.resolve(
            name,
            column=self.header("activity"),
            missing=_("There is no activity named %(name)s in this plan."),
            ambiguous=_("Several activities are named %(name)s; give them different names first."),
            problems=problems,
            prefer=(
                lambda a: a.pk == current,
                lambda a: area_id is not None and a.delaftale.focus_area_id == area_id,
            ),
        )

    # --- judging ------------------------------------------------------------------------------

    def locked_problem(self, column: str, *years: int | None) -> Problem | None:
        """A row error when the row would write into a locked year (`plans.yearlock`)."""
        locked = sorted({year for year in years if year in self.locked})
        if not locked:
            return None
        return Problem(column, locked_message(locked[0]))

    def read(self, number: int, raw: Values) -> tuple[Values, list[Problem]]:
        """The row's values by field name (only the columns present), and the cells that
        could not be read."""
        values: Values = {}
        problems: list[Problem] = []
        for name, column in self.columns.items():
            try:
                values[name] = column.widget.clean(raw.get(name))
            except CellError as error:
                values[name] = None
                problems.append(Problem(str(column.column_name), str(error)))
        return values, problems

    def model_problems(
        self,
        instance: models.Model,
        exclude: Sequence[str],
        columns: dict[str, str],
        known: list[Problem],
    ) -> list[Problem]:
        """The model's own rules (`clean`), reported on the column they concern, unless that
        column already has a problem (a value that could not be read is also missing)."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            problems: list[Problem] = []
            for field_name, messages in error.message_dict.items():
                column = columns.get(field_name, "") if field_name != NON_FIELD_ERRORS else ""
                if column and has_problem(known, column):
                    continue
                problems.extend(Problem(column, str(message)) for message in messages)
            return problems
        return []

    def changes(
        self,
        before: Values,
        instance: Any,
        labels: dict[str, str],
        render: dict[str, Callable[[Any], str]] | None = None,
    ) -> list[str]:
        render = render or {}
        found = []
        for name, label in labels.items():
            old, new = before[name], getattr(instance, name)
            if old != new:
                show = render.get(name, display)
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
                (str(column.column_name), display(values.get(name)))
                for name, column in self.columns.items()
                if not is_blank(values.get(name))
            ]
            outcomes.append(outcome)
        headers = [(name, str(column.column_name)) for name, column in self.columns.items()]
        return ImportPreview(
            kind=self.kind, sheet=sheet.title, rows=outcomes, steps=self.steps(), headers=headers
        )
