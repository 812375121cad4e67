"""Budget with spending: one row per budget line and year.

A row is matched to its line by ID, or else by text and focus area; the rows of one line (one
per year) must agree on the line's text, category, focus area, activity and group.
"""

from typing import Any

from django.utils.translation import gettext as _

from activities.models import BudgetAmount, BudgetLine
from plans.numbers import format_kr
from plans.selectors import plan_years

from .. import selectors
from ..cells import fold
from ..importer import Importer, Values, has_problem
from ..matching import Identity, KeyMatcher, NameLookup
from ..outcomes import CHANGED, NEW, UNCHANGED, Problem, RowOutcome, Step
from ..resources import BudgetResource

CROSS_CUTTING = {"", "tværgående", "cross-cutting", "tvaergaaende"}

# The line's field → the sheet's column it is read from (in the order changes are listed).
LINE_COLUMNS = {
    "text": "text",
    "category": "category",
    "focus_area_id": "area",
    "activity_id": "activity",
    "group_id": "group",
}


class BudgetImporter(Importer):
    kind = "budget"
    resource_class = BudgetResource
    LINE_FIELDS = tuple(LINE_COLUMNS)

    def load(self) -> None:
        lines = selectors.budget_lines_of(plan=self.plan)
        self.lines = KeyMatcher(lines, lambda line: (fold(line.text), line.focus_area_id))
        self.amounts = selectors.budget_amounts_of(plan=self.plan)
        self.areas_load()
        self.activities_load()
        groups = selectors.budget_groups_of(plan=self.plan)
        self.groups = {g.pk: g for g in groups}
        self.group_names = NameLookup(groups, lambda g: g.label)
        # A new line without a group goes to its focus area's default group (no own name).
        self.default_groups: dict[int | None, Any] = {}
        for group in groups:
            if not group.name:
                self.default_groups.setdefault(group.focus_area_id, group)
        self.years = plan_years(self.plan)
        self.next_order = len(lines)
        self.line_rows: dict[Identity, tuple[int, Values]] = {}  # → (first row, attributes)
        self.line_objects: dict[Identity, BudgetLine] = {}  # existing or new
        self.years_claimed: KeyMatcher[BudgetAmount] = KeyMatcher()
        self.create_lines: list[BudgetLine] = []
        self.update_lines: list[BudgetLine] = []
        self.create_amounts: list[BudgetAmount] = []
        self.update_amounts: list[BudgetAmount] = []

    def _area(self, values: Values, problems: list[Problem]) -> tuple[Any, bool]:
        name = values.get("area") or ""
        if fold(name) in CROSS_CUTTING:
            return None, True
        area = self.area_named(name, problems)
        return area, area is not None

    def _references(
        self, values: Values, existing: BudgetLine | None, problems: list[Problem]
    ) -> tuple[Any, bool, Any, Any]:
        """(focus area, whether the area is known, activity, group) that the row names."""
        if "area" in self.columns:
            area, area_ok = self._area(values, problems)
        else:
            area = self.areas.get(existing.focus_area_id) if existing else None
            area_ok = True
        activity = group = None
        if values.get("activity"):
            activity = self.activity_named(
                values["activity"], problems,
                current=existing.activity_id if existing else None,
                area_id=area.pk if area else None,
            )
        if values.get("group"):
            group = self.group_names.resolve(
                values["group"],
                column=self.header("group"),
                missing=_("There is no budget group named %(name)s in this plan."),
                ambiguous=_("Several budget groups are named %(name)s."),
                problems=problems,
            )
        return area, area_ok, activity, group

    def _required(self, values: Values, problems: list[Problem]) -> None:
        h = self.header
        text, category, year = values.get("text"), values.get("category"), values.get("year")
        if not text and not has_problem(problems, h("text")):
            problems.append(Problem(h("text"), _("Give the budget line's text.")))
        if not category and not has_problem(problems, h("category")):
            problems.append(Problem(h("category"), _("Choose a category.")))
        if year is None and not has_problem(problems, h("year")):
            problems.append(Problem(h("year"), _("Give the year.")))
        elif year is not None and year not in self.years:
            problems.append(
                Problem(
                    h("year"),
                    _("The year %(year)s is outside the plan's period (%(first)s-%(last)s).")
                    % {"year": year, "first": self.years[0], "last": self.years[-1]},
                )
            )

    def judge(self, number: int, values: Values, problems: list[Problem]) -> RowOutcome:
        h = self.header
        outcome = RowOutcome(row=number, status=UNCHANGED, problems=problems)
        existing_line = self.row_given(
            self.lines, values, problems, _("There is no budget line with ID %(id)s in this plan.")
        )
        area, area_ok, activity, group = self._references(values, existing_line, problems)
        self._required(values, problems)
        text, category, year = values.get("text"), values.get("category"), values.get("year")
        outcome.label = f"{text or ''} · {year or ''}"
        if problems or not area_ok:
            return outcome
        assert year is not None  # else _required reported it
        area_id = area.pk if area else None
        existing_line, identity = self.lines.match(existing_line, (fold(text), area_id))
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
        if identity in self.line_rows:
            self._agrees(identity, attributes, problems)
            if problems:
                return outcome
            line = self.line_objects[identity]
        else:
            self.line_rows[identity] = (number, attributes)
            found = self._line(identity, existing_line, attributes, area, outcome)
            if found is None:
                return outcome
            line = found
        if not self.years_claimed.claim(
            (identity, year), number, column=h("year"), problems=problems,
            message=_("The same budget line and year are also in row %(row)s."),
        ):
            return outcome
        self._amount(line, identity, year, values, outcome)
        return outcome

    def _agrees(self, identity: Identity, attributes: Values, problems: list[Problem]) -> None:
        """A later row of a line must say what its first row said about the line."""
        h = self.header
        first_row, first_attributes = self.line_rows[identity]
        for name, column in LINE_COLUMNS.items():
            if attributes[name] != first_attributes[name]:
                problems.append(
                    Problem(
                        h(column),
                        _("The budget line has another %(column)s in row %(row)s.")
                        % {"column": h(column).lower(), "row": first_row},
                    )
                )

    def _line(
        self,
        identity: Identity,
        existing: BudgetLine | None,
        attributes: Values,
        area: Any,
        outcome: RowOutcome,
    ) -> BudgetLine | None:
        h = self.header
        line = existing or BudgetLine(plan=self.plan, order=self.next_order)
        before = {name: getattr(line, name) for name in self.LINE_FIELDS}
        line.text, line.category = attributes["text"], attributes["category"]
        # Related rows come from what `load` read, so the model's `clean` needs no query.
        line.focus_area = area
        line.activity = self.activities.get(attributes["activity_id"])
        line.group = self.groups.get(attributes["group_id"])
        columns = {name.removesuffix("_id"): h(column) for name, column in LINE_COLUMNS.items()}
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
            {name: h(column) for name, column in LINE_COLUMNS.items()},
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

    def _amount(
        self, line: BudgetLine, identity: Identity, year: int, values: Values,
        outcome: RowOutcome,
    ) -> None:
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
            self.headers("amount", "spent"),
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

    def steps(self) -> list[Step]:
        return [
            Step(BudgetLine, self.create_lines),
            Step(BudgetLine, self.update_lines, self.LINE_FIELDS),
            Step(BudgetAmount, self.create_amounts),
            Step(BudgetAmount, self.update_amounts, ("amount", "spent")),
        ]
