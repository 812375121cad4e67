"""Målinger: one row per measurement, matched by criterion ID and date."""

from typing import Any

from django.utils.translation import gettext as _

from activities.models import Measurement, SuccessCriterion
from activities.selectors import activity_editable

from .. import selectors
from ..importer import Importer, Values, has_problem
from ..matching import KeyMatcher
from ..outcomes import CHANGED, NEW, UNCHANGED, Problem, RowOutcome, Step
from ..resources import MeasurementResource


class MeasurementImporter(Importer):
    kind = "maalinger"
    resource_class = MeasurementResource
    leader_only = False  # a medarbejder imports for the activities they are responsible for
    FIELDS = ("value", "achieved", "comment", "source")

    def load(self) -> None:
        self.criteria = selectors.criteria_by_id(plan=self.plan)
        self.existing = KeyMatcher(
            selectors.measurements_of(criterion_ids=list(self.criteria)),
            lambda m: (m.criterion_id, m.measured_on),
        )
        self.create: list[Measurement] = []
        self.update: list[Measurement] = []

    def _editable(self, criterion: SuccessCriterion) -> bool:
        if criterion.activity_id:
            return activity_editable(self.access, criterion.activity)
        return self.access.can_edit

    def _criterion(self, values: Values, problems: list[Problem]) -> Any:
        h = self.header
        criterion_id = values.get("criterion")
        criterion = self.criteria.get(criterion_id) if criterion_id is not None else None
        if criterion_id is None and not has_problem(problems, h("criterion")):
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
        return criterion

    def judge(self, number: int, values: Values, problems: list[Problem]) -> RowOutcome:
        h = self.header
        criterion_id, date = values.get("criterion"), values.get("measured_on")
        criterion = self._criterion(values, problems)
        if date is None and not has_problem(problems, h("measured_on")):
            problems.append(Problem(h("measured_on"), _("Give the date of the measurement.")))
        label = str(criterion_id or "?")
        if criterion is not None:
            label += f": {criterion.text[:50]}"
        if date:
            label += f" · {date:%d.%m.%Y}"
        outcome = RowOutcome(row=number, status=NEW, label=label, problems=problems)
        if criterion is None or date is None:
            return outcome
        existing, identity = self.existing.match(None, (criterion.pk, date))
        if not self.existing.claim(
            identity, number, column=h("measured_on"),
            message=_("The same criterion and date are also in row %(row)s."), problems=problems,
        ):
            return outcome
        measurement = existing or Measurement(measured_on=date)
        measurement.criterion = criterion  # with its plan loaded, so `clean` needs no query
        before = {name: getattr(measurement, name) for name in self.FIELDS}
        self._values(measurement, criterion, values, problems)
        columns = self.headers(*self.FIELDS, "measured_on")
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
        outcome.changes = self.changes(before, measurement, self.headers(*self.FIELDS))
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

    def _values(
        self,
        measurement: Measurement,
        criterion: SuccessCriterion,
        values: Values,
        problems: list[Problem],
    ) -> None:
        """A qualitative criterion is measured Yes/No (Achieved), any other by a value."""
        h = self.header
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

    def steps(self) -> list[Step]:
        return [Step(Measurement, self.create), Step(Measurement, self.update, self.FIELDS)]
