"""Indicators (Boligsociale Data and the like) and the criteria measured by them.

A success criterion tied to an indicator takes its measurements from the indicator's values
for the plan's whole area: `measurements_sync` makes one measurement per value (marked with
the value it came from), updates those whose value changed and removes those whose value is
gone or whose criterion left the indicator. A value dated before the plan started is the
baseline's business, not a measurement, and is left out, as is one the criterion cannot hold
(a percentage above 100). Every write that changes an indicator's values or a criterion's tie
calls it.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.models import Plan

from .models import Indicator, IndicatorValue, Measurement, SuccessCriterion


def _fits(criterion: SuccessCriterion, value) -> bool:
    if criterion.is_qualitative:
        return False
    if criterion.kind == SuccessCriterion.Kind.PERCENTAGE:
        return 0 <= value <= 100
    return value >= 0


@transaction.atomic
def measurements_sync(*, plan: Plan) -> int:
    """Bring every indicator-fed measurement of the plan in line with the values; returns the
    number of measurements written or removed."""
    today = timezone.localdate()
    criteria = list(
        SuccessCriterion.objects.filter(
            Q(focus_area__plan=plan) | Q(activity__delaftale__focus_area__plan=plan)
        ).select_related("indicator")
    )
    values: dict[int, list[IndicatorValue]] = {}
    for value in IndicatorValue.objects.filter(indicator__plan=plan, plan_estate__isnull=True):
        values.setdefault(value.indicator_id, []).append(value)
    fed = {}
    for measurement in Measurement.objects.filter(
        criterion__in=criteria, indicator_value__isnull=False
    ):
        fed[(measurement.criterion_id, measurement.indicator_value_id)] = measurement
    changes = 0
    wanted = set()
    for criterion in criteria:
        if criterion.indicator_id is None:
            continue
        source = criterion.indicator.source or criterion.indicator.name
        for value in values.get(criterion.indicator_id, []):
            if not plan.period_start <= value.measured_on <= today or not _fits(
                criterion, value.value
            ):
                continue
            key = (criterion.pk, value.pk)
            wanted.add(key)
            measurement = fed.get(key)
            if measurement is None:
                Measurement.objects.create(
                    criterion=criterion, indicator_value=value, value=value.value,
                    measured_on=value.measured_on, source=source[:300],
                    comment=_("From the indicator “%(name)s”") % {"name": criterion.indicator},
                )
                changes += 1
            elif (measurement.value, measurement.measured_on) != (value.value, value.measured_on):
                measurement.value, measurement.measured_on = value.value, value.measured_on
                measurement.save()
                changes += 1
    for key, measurement in fed.items():
        if key not in wanted:
            measurement.delete()
            changes += 1
    return changes


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: IndicatorValue | None  # the latest value for the whole area
    latest_by_estate: list  # the latest value of each afdeling that has one
    values: list


def indicators_get(*, plan: Plan) -> list[IndicatorRow]:
    """The plan's indicators with all their values and the latest for the area and per
    afdeling; two queries."""
    indicators = list(
        Indicator.objects.filter(plan=plan).prefetch_related(
            Prefetch("values", queryset=IndicatorValue.objects.select_related(
                "plan_estate__estate").order_by("measured_on", "id"))
        )
    )
    rows = []
    for indicator in indicators:
        values = list(indicator.values.all())
        area = [v for v in values if v.plan_estate_id is None]
        by_estate = {}
        for value in values:
            if value.plan_estate_id is not None:
                by_estate[value.plan_estate_id] = value
        rows.append(IndicatorRow(indicator, area[-1] if area else None,
                                 list(by_estate.values()), values))
    return rows

