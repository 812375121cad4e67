"""Indikatorer: values of the plan's indicators (Boligsociale Data and the like).

An indicator the plan lacks is added (with the row's unit and source). A row is matched by
indicator, afdeling (empty: the whole area) and date: the same again updates the value.
"""

from typing import Any

from django.utils.translation import gettext as _

from activities.models import Indicator, IndicatorValue

from .. import selectors
from ..cells import fold
from ..importer import Importer, Values, has_problem
from ..matching import KeyMatcher, NameLookup
from ..outcomes import CHANGED, NEW, UNCHANGED, Problem, RowOutcome, Step
from ..resources import IndicatorValueResource


class IndicatorImporter(Importer):
    kind = "indikatorer"
    resource_class = IndicatorValueResource
    FIELDS = ("period", "value")

    def load(self) -> None:
        self.indicators = NameLookup(selectors.indicators_of(plan=self.plan), lambda i: i.name)
        self.estates = NameLookup(
            selectors.plan_estates_of(plan=self.plan), lambda e: e.estate.name
        )
        self.values = KeyMatcher(
            selectors.indicator_values_of(plan=self.plan),
            lambda v: (v.indicator_id, v.plan_estate_id, v.measured_on),
        )
        self.new_indicators: dict[str, Indicator] = {}
        self.create: list[IndicatorValue] = []
        self.update: list[IndicatorValue] = []

    def _indicator(self, values: Values) -> Indicator:
        name = (values.get("indicator") or "").strip()
        found = self.indicators.first(name)
        if found:
            return found
        if fold(name) not in self.new_indicators:
            self.new_indicators[fold(name)] = Indicator(
                plan=self.plan, name=name, unit=values.get("unit") or "",
                source=values.get("source") or "",
            )
        return self.new_indicators[fold(name)]

    def _required(self, values: Values, problems: list[Problem]) -> None:
        h = self.header
        if not (values.get("indicator") or "").strip() and not has_problem(
            problems, h("indicator")
        ):
            problems.append(Problem(h("indicator"), _("Give the indicator's name.")))
        if values.get("measured_on") is None and not has_problem(problems, h("measured_on")):
            problems.append(Problem(h("measured_on"), _("Give the date the value describes.")))
        if values.get("value") is None and not has_problem(problems, h("value")):
            problems.append(Problem(h("value"), _("Give the value.")))

    def judge(self, number: int, values: Values, problems: list[Problem]) -> RowOutcome:
        h = self.header
        name = (values.get("indicator") or "").strip()
        date = values.get("measured_on")
        self._required(values, problems)
        estate: Any = None
        estate_name = (values.get("estate") or "").strip() if "estate" in self.columns else ""
        if estate_name:
            estate = self.estates.resolve(
                estate_name, column=h("estate"),
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
        assert date is not None  # else _required reported it
        indicator = self._indicator(values)
        estate_id = estate.pk if estate else None
        # Claimed by name, so that two rows of an indicator the plan lacks are caught too.
        if not self.values.claim(
            (fold(name), estate_id, date), number, column=h("measured_on"), problems=problems,
            message=_("The same indicator, housing estate and date are also in row %(row)s."),
        ):
            return outcome
        existing = self.values.find((indicator.pk, estate_id, date)) if indicator.pk else None
        row = existing or IndicatorValue(indicator=indicator, plan_estate=estate,
                                         measured_on=date)
        before = {name: getattr(row, name) for name in self.FIELDS}
        row.value = values["value"]
        if "period" in values:
            row.period = values["period"] or ""
        if existing is None:
            self.create.append(row)
            return outcome
        outcome.changes = self.changes(before, row, self.headers(*self.FIELDS))
        if outcome.changes:
            outcome.status = CHANGED
            self.update.append(row)
        else:
            outcome.status = UNCHANGED
        return outcome

    def steps(self) -> list[Step]:
        return [
            Step(Indicator, list(self.new_indicators.values())),
            Step(IndicatorValue, self.create),
            Step(IndicatorValue, self.update, self.FIELDS),
        ]
