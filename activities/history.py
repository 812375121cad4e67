"""The plan's history: every recorded change to its data, newest first, with who changed
which fields from what to what (django-simple-history keeps the rows, see HISTORY_MODELS)."""

from dataclasses import dataclass, field

from django.db.models import Q

from plans import models as plan_models
from plans.models import Plan

from . import models as activity_models


def _plan_filter(model, plan_id: int) -> Q:
    """How a historical row of `model` reaches its plan (through the live parent rows)."""
    paths = {
        plan_models.Plan: "id",
        plan_models.Signature: "agreement__plan_id",
        plan_models.Goal: "focus_area__plan_id",
        plan_models.Delaftale: "focus_area__plan_id",
        plan_models.DelaftaleParty: "delaftale__focus_area__plan_id",
        plan_models.StaffResource: "delaftale__focus_area__plan_id",
        plan_models.ForumMember: "forum__plan_id",
        plan_models.FinancingAmount: "line__plan_id",
        activity_models.Activity: "delaftale__focus_area__plan_id",
        activity_models.ActivityGoal: "activity__delaftale__focus_area__plan_id",
        activity_models.TargetGroup: "activity__delaftale__focus_area__plan_id",
        activity_models.BudgetAmount: "line__plan_id",
    }
    criterion = ("focus_area__plan_id", "activity__delaftale__focus_area__plan_id")
    if model is activity_models.SuccessCriterion:
        return Q(**{criterion[0]: plan_id}) | Q(**{criterion[1]: plan_id})
    if model in (activity_models.ComparisonValue, activity_models.Measurement):
        return Q(**{f"criterion__{criterion[0]}": plan_id}) | Q(
            **{f"criterion__{criterion[1]}": plan_id}
        )
    return Q(**{paths.get(model, "plan_id"): plan_id})


@dataclass
class Change:
    when: object
    who: str
    kind: str  # "+", "~", "-"
    model: str
    label: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def _label(record) -> str:
    for name in ("name", "title", "text", "signer_name", "role"):
        value = getattr(record, name, None)
        if value:
            return str(value)[:80]
    return f"#{record.id}"


def _text(value) -> str:
    return "" if value is None else str(value)


def plan_history_get(*, plan: Plan, limit: int = 100) -> list[Change]:
    models = plan_models.HISTORY_MODELS + activity_models.HISTORY_MODELS
    records = []
    for model in models:
        records += list(
            model.history.filter(_plan_filter(model, plan.pk))
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
    records.sort(key=lambda record: record.history_date, reverse=True)
    changes = []
    for record in records[:limit]:
        model = record.instance_type
        change = Change(
            when=record.history_date,
            who=record.history_user.get_username() if record.history_user else "",
            kind=record.history_type,
            model=str(model._meta.verbose_name),
            label=_label(record),
        )
        if record.history_type == "~":
            previous = record.prev_record
            if previous is not None:
                delta = record.diff_against(previous)
                for item in delta.changes:
                    if item.field in ("updated_at",):
                        continue
                    verbose = model._meta.get_field(item.field).verbose_name
                    change.fields.append((str(verbose), _text(item.old), _text(item.new)))
        changes.append(change)
    return changes
