"""What a model dated in a year tells the year lock (`plans.yearlock`): how its rows are named
in a message, the year of a row and the plans of a list of rows. A dated model declares it as
its `year_lock` attribute, so the lock finds every dated model by reading the models, and no
app registers anything at start-up."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Expression, F


@dataclass(frozen=True)
class Dated:
    noun: Callable[[], str]  # what the rows are called in a message, e.g. "the measurements"
    year_of: Callable[[Any], int | None]  # a row -> its year, or None
    plan_ids_of: Callable[[Sequence[Any]], list[int | None]]  # rows -> their plans (one query)


def plan_ids_through(field: str, plan: str | Expression = "plan_id"):
    """The plans of rows that reach their plan through the parent `field` points to, in one
    query: `plan` is the parent's plan id (a field name or an expression, e.g. a Coalesce)."""
    expression = F(plan) if isinstance(plan, str) else plan

    def plan_ids_of(objects: Sequence[Any]) -> list[int | None]:
        if not objects:
            return []
        link = type(objects[0])._meta.get_field(field)
        parents = {getattr(obj, link.attname) for obj in objects}
        plans = dict(
            link.related_model.objects.filter(pk__in=parents)
            .annotate(dated_plan_id=expression)
            .values_list("id", "dated_plan_id")
        )
        return [plans.get(getattr(obj, link.attname)) for obj in objects]

    return plan_ids_of


def own_plan_ids(objects: Sequence[Any]) -> list[int | None]:
    """Rows that name their plan themselves."""
    return [obj.plan_id for obj in objects]
