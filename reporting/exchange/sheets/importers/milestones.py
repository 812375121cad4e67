"""Milepælsplan: one row per milestone, matched by ID, or else by title, year and quarter."""

from typing import Any

from django.utils.translation import gettext as _

from activities.models import Activity, Milestone
from activities.selectors import activity_editable

from .. import selectors
from ..cells import fold
from ..importer import Importer, Values, has_problem
from ..matching import KeyMatcher
from ..outcomes import CHANGED, NEW, UNCHANGED, Problem, RowOutcome, Step
from ..resources import MilestoneResource

# The model's field → the sheet's column it is read from (in the order changes are listed).
COLUMNS = {
    "title": "title",
    "due_date": "due_date",
    "due_year": "year",
    "due_quarter": "quarter",
    "status": "status",
    "reached_on": "reached_on",
    "activity_id": "activity",
    "focus_area_id": "area",
    "note": "note",
}


class MilestoneImporter(Importer):
    kind = "milepaele"
    resource_class = MilestoneResource
    # a medarbejder imports milestones of the activities they are responsible for
    leader_only = False
    FIELDS = tuple(COLUMNS)

    def load(self) -> None:
        self.milestones = KeyMatcher(
            selectors.milestones_of(plan=self.plan),
            lambda m: (fold(m.title), *m.quarter_key),
        )
        self.activities_load()
        self.areas_load()
        self.create: list[Milestone] = []
        self.update: list[Milestone] = []

    def _may_edit(self, activity: Activity | None) -> bool:
        if self.access.can_edit:
            return True
        return activity is not None and activity_editable(self.access, activity)

    def _when(self, values: Values, problems: list[Problem]) -> tuple[Any, Any, Any]:
        """(year, quarter, due date): a due date sets the year and quarter."""
        h = self.header
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
            has_problem(problems, h("year"))
            or has_problem(problems, h("quarter"))
            or has_problem(problems, h("due_date"))
        ):
            problems.append(Problem(h("due_date"), _("Give a due date, or a year and a quarter.")))
        return year, quarter, due_date

    def judge(self, number: int, values: Values, problems: list[Problem]) -> RowOutcome:
        h = self.header
        outcome = RowOutcome(
            row=number, status=NEW, label=values.get("title") or "", problems=problems
        )
        existing = self.row_given(
            self.milestones, values, problems,
            _("There is no milestone with ID %(id)s in this plan.")
        )
        if not values.get("title") and not has_problem(problems, h("title")):
            problems.append(Problem(h("title"), _("Give the milestone's title.")))
        activity = area = None
        if values.get("area"):
            area = self.area_named(values["area"], problems)
        if values.get("activity"):
            activity = self.activity_named(
                values["activity"], problems,
                current=existing.activity_id if existing else None,
                area_id=area.pk if area is not None else None,
            )
        year, quarter, due_date = self._when(values, problems)
        if problems:
            return outcome
        existing, identity = self.milestones.match(existing, (fold(values["title"]), year, quarter))
        if existing is not None:
            column = h("id")
            message = _("The same milestone is also in row %(row)s.")
        else:
            column = h("title")
            message = _("The same milestone (title, year and quarter) is also in row %(row)s.")
        if not self.milestones.claim(
            identity, number, column=column, message=message, problems=problems
        ):
            return outcome
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
        columns = {name.removesuffix("_id"): h(column) for name, column in COLUMNS.items()}
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
        outcome.changes = self._changes(before, milestone)
        if outcome.changes or any(before[n] != getattr(milestone, n) for n in self.FIELDS):
            self.update.append(milestone)
        outcome.status = CHANGED if outcome.changes else UNCHANGED
        return outcome

    def _changes(self, before: Values, milestone: Milestone) -> list[str]:
        labels = {name: self.header(column) for name, column in COLUMNS.items()}
        if milestone.due_date is not None and milestone.due_date == before["due_date"]:
            # Year and quarter follow the date; an older row may not have stored them yet.
            labels.pop("due_year")
            labels.pop("due_quarter")
        status_label = dict(Milestone.Status.choices)
        names = {a.pk: a.name for a in self.activities.values()}
        areas = {pk: a.name for pk, a in self.areas.items()}
        return self.changes(
            before,
            milestone,
            labels,
            render={
                "status": lambda code: str(status_label.get(code, code)),
                "activity_id": lambda pk: names.get(pk, "–") if pk else "–",
                "focus_area_id": lambda pk: areas.get(pk, "–") if pk else "–",
            },
        )

    def steps(self) -> list[Step]:
        return [Step(Milestone, self.create), Step(Milestone, self.update, self.FIELDS)]
