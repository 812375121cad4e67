"""Aktiviteter: one row per activity, matched by ID, or else by name and focus area; a new one
is added to the focus area's delaftale."""

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from activities.models import Activity

from .. import selectors
from ..cells import fold
from ..importer import Importer, Values, display, has_problem
from ..matching import KeyMatcher
from ..outcomes import CHANGED, NEW, UNCHANGED, Problem, RowOutcome, Step
from ..resources import ActivityResource

TEXT_FIELDS = ("name", "status", "start", "end", "purpose", "content")


class ActivityImporter(Importer):
    kind = "aktiviteter"
    resource_class = ActivityResource
    FIELDS = (*TEXT_FIELDS, "core_activity_id", "core_activity_text")

    def load(self) -> None:
        self.activities_load()
        self.activity_rows = KeyMatcher(
            self.activity_list, lambda a: (fold(a.name), a.delaftale.focus_area_id)
        )
        self.areas_load()
        self.core = selectors.core_activities()
        self.next_order = Counter(a.delaftale_id for a in self.activity_list)
        self.create: list[Activity] = []
        self.update: list[Activity] = []

    def _area(self, values: Values, existing: Activity | None, problems: list[Problem]) -> Any:
        """The row's focus area, which must have a delaftale and be the activity's own."""
        h = self.header
        area = None
        if values.get("area"):
            area = self.area_named(values["area"], problems)
        elif not has_problem(problems, h("area")):
            problems.append(Problem(h("area"), _("Give the activity's focus area.")))
        if area is not None and getattr(area, "delaftale", None) is None:
            problems.append(
                Problem(
                    h("area"),
                    _("The focus area %(name)s has no sub-agreement yet; create it first.")
                    % {"name": area.name},
                )
            )
        if not values.get("name") and not has_problem(problems, h("name")):
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
        return area

    def judge(self, number: int, values: Values, problems: list[Problem]) -> RowOutcome:
        h = self.header
        outcome = RowOutcome(
            row=number, status=NEW, label=values.get("name") or "", problems=problems
        )
        existing = self.row_given(
            self.activity_rows, values, problems,
            _("There is no activity with ID %(id)s in this plan.")
        )
        area = self._area(values, existing, problems)
        if problems:
            return outcome
        delaftale = area.delaftale
        existing, identity = self.activity_rows.match(existing, (fold(values["name"]), area.pk))
        if not self.activity_rows.claim(
            identity, number, column=h("name"), problems=problems,
            message=_("The same activity is also in row %(row)s."),
        ):
            return outcome
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
        columns = self.headers(*TEXT_FIELDS)
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
        outcome.changes = self._changes(before, activity)
        if outcome.changes:
            outcome.status = CHANGED
            self.update.append(activity)
        else:
            outcome.status = UNCHANGED
        return outcome

    def _changes(self, before: Values, activity: Activity) -> list[str]:
        h = self.header
        before_label = before["core_activity_text"]
        if before["core_activity_id"]:
            before_label = next(
                (c.name for c in self.core.values() if c.pk == before["core_activity_id"]), ""
            )
        statuses = dict(Activity.Status.choices)
        changes = self.changes(
            before,
            activity,
            self.headers(*TEXT_FIELDS),
            render={
                "status": lambda code: str(statuses.get(code, code)),
            },
        )
        if before_label != activity.core_activity_label:
            changes.append(
                f"{h('core_activity')}: {display(before_label)} → "
                f"{display(activity.core_activity_label)}"
            )
        return changes

    def _core_activity(self, activity: Activity, text: str | None) -> None:
        core = self.core.get(fold(text)) if text else None
        if core is not None:
            activity.core_activity, activity.core_activity_text = core, ""
        elif fold(text) != fold(activity.core_activity_label):
            activity.core_activity, activity.core_activity_text = None, text or ""

    def steps(self) -> list[Step]:
        return [Step(Activity, self.create), Step(Activity, self.update, self.FIELDS)]
