"""The reads behind the spreadsheets, scoped to one plan (resolved by `plan_access_get`).

Exports read the same rows as the screens (`activities.selectors`); imports read everything a
file may refer to in a fixed number of queries, however many rows the file has.
"""

from dataclasses import dataclass

from django.db.models import Q

from activities.budget import build_grid
from activities.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    CoreActivity,
    Indicator,
    IndicatorValue,
    Measurement,
    Milestone,
    SuccessCriterion,
)
from activities.selectors import activities_for_plan, budget_lines_get, criteria_for_plan
from plans.models import BudgetGroup, FinancingLine, FocusArea, Plan, PlanEstate
from plans.selectors import financing_lines_get, plan_years

CRITERION_RELATED = ("focus_area__plan", "activity__delaftale__focus_area__plan")


def criterion_area(criterion: SuccessCriterion) -> FocusArea:
    """The focus area of a criterion: its own, or its activity's."""
    if criterion.focus_area is not None:
        return criterion.focus_area
    assert criterion.activity is not None  # a criterion belongs to an area or to an activity
    return criterion.activity.delaftale.focus_area


def criterion_sort_key(
    criterion: SuccessCriterion,
) -> tuple[int, int, tuple[int, int], int, int]:
    """Area by area; the area's own criteria first, then each activity's."""
    area = criterion_area(criterion)
    activity = criterion.activity
    return (
        area.order,
        area.pk,
        (activity.order, activity.pk) if activity else (-1, 0),
        criterion.order,
        criterion.pk,
    )


def criteria_for_export(*, plan: Plan) -> list[SuccessCriterion]:
    criteria = criteria_for_plan(plan=plan).select_related(*CRITERION_RELATED)
    return sorted(criteria, key=criterion_sort_key)


def measurements_for_export(*, plan: Plan) -> list[Measurement]:
    measurements = Measurement.objects.filter(
        Q(criterion__focus_area__plan=plan)
        | Q(criterion__activity__delaftale__focus_area__plan=plan)
    ).select_related(*(f"criterion__{name}" for name in CRITERION_RELATED))
    return sorted(
        measurements,
        key=lambda m: (criterion_sort_key(m.criterion), m.measured_on, m.pk),
    )


def activities_for_export(*, plan: Plan) -> list[Activity]:
    activities = (
        activities_for_plan(plan=plan)
        .select_related("delaftale__focus_area", "core_activity", "responsible__user")
        .prefetch_related("criteria")
    )
    return sorted(
        activities,
        key=lambda a: (a.delaftale.focus_area.order, a.delaftale.focus_area.pk, a.order, a.pk),
    )


def milestones_for_export(*, plan: Plan) -> list[Milestone]:
    milestones = Milestone.objects.filter(plan=plan).select_related("activity", "focus_area")
    return sorted(milestones, key=lambda m: (m.quarter_key, m.due_date is None, m.due_date, m.pk))


@dataclass
class BudgetRow:
    """One budget line in one year: the long form that a sheet can filter and sum."""

    line: BudgetLine | None
    year: int
    amount: int | None
    spent: int | None


def budget_rows_for_export(*, plan: Plan) -> list[BudgetRow]:
    """Every line × every year of the plan, in the order of the budget screen (group by
    group); a blank cell stays blank, 0 stays 0."""
    years = plan_years(plan)
    grid = build_grid(
        years=years,
        areas=list(plan.focus_areas.all()),
        lines=budget_lines_get(plan=plan),
        budget_groups=budget_groups_of(plan=plan),
    )
    rows = []
    for group in grid.groups:
        for row in group.rows:
            for year in years:
                cell = row.cells[year]
                rows.append(BudgetRow(row.line, year, cell.amount if cell else None,
                                      cell.spent if cell else None))
    return rows


def budget_groups_of(*, plan: Plan) -> list[BudgetGroup]:
    return list(plan.budget_groups.select_related("focus_area"))


def financing_for_export(*, plan: Plan) -> list[FinancingLine]:
    return financing_lines_get(plan=plan)


# --- What an import may refer to ------------------------------------------------------------


def criteria_by_id(*, plan: Plan) -> dict[int, SuccessCriterion]:
    criteria = criteria_for_plan(plan=plan).select_related(*CRITERION_RELATED)
    return {criterion.pk: criterion for criterion in criteria}


def measurements_of(*, criterion_ids: list[int]) -> list[Measurement]:
    """The criteria's measurements, oldest first (the oldest wins when a date is taken twice)."""
    return list(Measurement.objects.filter(criterion_id__in=criterion_ids).order_by("id"))


def focus_areas_of(*, plan: Plan) -> list[FocusArea]:
    return list(plan.focus_areas.select_related("delaftale"))


def activities_of(*, plan: Plan) -> list[Activity]:
    return list(
        activities_for_plan(plan=plan).select_related(
            "delaftale__focus_area__plan", "core_activity"
        )
    )


def milestones_of(*, plan: Plan) -> list[Milestone]:
    return list(Milestone.objects.filter(plan=plan).order_by("id"))


def budget_lines_of(*, plan: Plan) -> list[BudgetLine]:
    return list(BudgetLine.objects.filter(plan=plan).order_by("id"))


def budget_amounts_of(*, plan: Plan) -> dict[tuple[int, int], BudgetAmount]:
    return {
        (amount.line_id, amount.year): amount
        for amount in BudgetAmount.objects.filter(line__plan=plan)
    }


def core_activities() -> dict[str, CoreActivity]:
    return {" ".join(c.name.split()).casefold(): c for c in CoreActivity.objects.all()}


def indicator_values_for_export(*, plan: Plan) -> list[IndicatorValue]:
    return list(
        IndicatorValue.objects.filter(indicator__plan=plan)
        .select_related("indicator", "plan_estate__estate")
        .order_by("indicator__order", "indicator__pk", "plan_estate__order", "measured_on")
    )


def indicators_of(*, plan: Plan) -> list[Indicator]:
    return list(Indicator.objects.filter(plan=plan))


def plan_estates_of(*, plan: Plan) -> list[PlanEstate]:
    return list(plan.plan_estates.select_related("estate"))


def indicator_values_of(*, plan: Plan) -> list[IndicatorValue]:
    return list(IndicatorValue.objects.filter(indicator__plan=plan).order_by("id"))
