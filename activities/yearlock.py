"""The year lock (`plans.yearlock`) for what `activities` adds: deleting an activity or a focus
area unlinks its milestones. (The dated models themselves declare `year_lock`.)"""

from django.db.models.signals import pre_delete

from plans.models import FocusArea, Plan
from plans.yearlock import check_objects

from .models import (
    Activity,
    Milestone,
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
