"""The activities' rows dated in a year, registered with the year lock (`plans.yearlock`)."""

from django.db.models.functions import Coalesce
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _

from plans.models import FocusArea, Plan
from plans.yearlock import Dated, check_objects, register_dated

from .models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    Measurement,
    Milestone,
    SuccessCriterion,
)


def _measurement_plan_ids(objects) -> list[int]:
    plans = dict(
        SuccessCriterion.objects.filter(pk__in={o.criterion_id for o in objects})
        .annotate(plan_id=Coalesce("focus_area__plan_id",
                                   "activity__delaftale__focus_area__plan_id"))
        .values_list("id", "plan_id")
    )
    return [plans.get(o.criterion_id) for o in objects]


def _budget_plan_ids(objects) -> list[int]:
    plans = dict(
        BudgetLine.objects.filter(pk__in={o.line_id for o in objects}).values_list("id", "plan_id")
    )
    return [plans.get(o.line_id) for o in objects]


def milestone_year(milestone: Milestone) -> int | None:
    year = milestone.quarter_key[0]
    return year or None


def register_dated_models() -> None:
    register_dated(
        Measurement,
        Dated(noun=lambda: _("the measurements"),
              year_of=lambda o: o.measured_on.year if o.measured_on else None,
              plan_ids_of=_measurement_plan_ids),
    )
    register_dated(
        Milestone,
        Dated(noun=lambda: _("the milestones"), year_of=milestone_year,
              plan_ids_of=lambda objects: [o.plan_id for o in objects]),
    )
    register_dated(
        BudgetAmount,
        Dated(noun=lambda: _("the budget and spending"), year_of=lambda o: o.year,
              plan_ids_of=_budget_plan_ids),
    )


def _on_parent_delete(sender, instance, origin=None, **kwargs):
    """Deleting an activity or a focus area unlinks its milestones (SET_NULL, done by the
    database without a save): refused when one of them is due in a locked year, like any
    other change to that year's milepælsplan. Deleting the whole plan is not refused."""
    if getattr(origin, "model", type(origin)) is Plan:
        return
    field = "activity" if sender is Activity else "focus_area"
    milestones = list(Milestone.objects.filter(**{field: instance}))
    if milestones:
        check_objects(Milestone, milestones, stored=False)


def connect_parent_signals() -> None:
    for model in (Activity, FocusArea):
        pre_delete.connect(
            _on_parent_delete, sender=model, dispatch_uid=f"yearlock_unlink_{model.__name__}"
        )
