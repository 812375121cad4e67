"""The year lock: a year the leder has locked is read-only for everyone.

What is dated in a year: the budget and spending of a budget line in that year, the financing
of a source in that year, a measurement measured in it and a milestone due in it. Each such
model says how to read its year and its plans in its `year_lock` attribute (`plans.dated`), so
the lock reads them from the models and `plans` never imports `activities`.

Every write path goes through one of two checks, so none can write into a locked year:

- a row saved or deleted one at a time (forms, inline edits, cascades of a delete) is checked
  by the `pre_save` / `pre_delete` signals connected in `connect_signals`, for the year it had
  and the year it gets;
- bulk writes (the budget, spending and financing grids, spreadsheet imports, the exchange
  import) go through `plans.history.bulk_save`, which calls `check_objects`.

The grids and importers also check first themselves (`locked_years`), so that the user sees
which cell or row is refused, in Danish, before anything is written.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext as _

from helhedsplan.audit import audit_event

from .dated import Dated
from .models import Plan, YearLock


def dated_of(model) -> Dated | None:
    """How the year lock reads a dated model (its `year_lock`), None for any other model."""
    dated = getattr(model, "year_lock", None)
    return dated if isinstance(dated, Dated) else None


# --- Reading --------------------------------------------------------------------------------


def locked_years(plan: Plan) -> set[int]:
    return set(YearLock.objects.filter(plan=plan).values_list("year", flat=True))


def locked_message(year: int, what: str = "") -> str:
    if what:
        return _(
            "%(year)s is locked: %(what)s of a locked year cannot be changed. The leader can "
            "reopen the year on the page The year's cycle."
        ) % {"year": year, "what": what}
    return _(
        "%(year)s is locked: nothing dated in a locked year can be changed. The leader can "
        "reopen the year on the page The year's cycle."
    ) % {"year": year}


def check_open(plan: Plan, years, what: str = "") -> None:
    """Raise a Danish ValidationError when any of `years` is locked in the plan."""
    years = {year for year in years if year is not None}
    if not years:
        return
    locked = sorted(years & locked_years(plan))
    if locked:
        raise ValidationError(locked_message(locked[0], what))


def _pairs(model, objects) -> set[tuple[int, int]]:
    dated = dated_of(model)
    assert dated is not None
    plan_ids = dated.plan_ids_of(objects)
    return {
        (plan_id, dated.year_of(obj))
        for obj, plan_id in zip(objects, plan_ids, strict=True)
        if plan_id is not None and dated.year_of(obj) is not None
    }


def check_objects(model, objects, *, stored: bool = True, plan: Plan | None = None) -> None:
    """Refuse writing `objects` of a dated model when the year they have, or (`stored`) the
    year their stored row has, is locked in their plan. A few queries, however many rows;
    one when the caller names the `plan` all the rows belong to and it has no locked year."""
    dated = dated_of(model)
    objects = list(objects)
    if dated is None or not objects:
        return
    if plan is not None:
        locked = locked_years(plan)
        if not locked:
            return
        years = {dated.year_of(obj) for obj in objects}
        pks = [obj.pk for obj in objects if obj.pk is not None]
        if stored and pks:
            years |= {dated.year_of(obj) for obj in model.objects.filter(pk__in=pks)}
        refused = sorted(year for year in years if year in locked)
        if refused:
            raise ValidationError(locked_message(refused[0], dated.noun()))
        return
    pairs = _pairs(model, objects)
    pks = [obj.pk for obj in objects if obj.pk is not None]
    if stored and pks:
        pairs |= _pairs(model, list(model.objects.filter(pk__in=pks)))
    if not pairs:
        return
    locked = set(
        YearLock.objects.filter(plan_id__in={plan_id for plan_id, _year in pairs}).values_list(
            "plan_id", "year"
        )
    )
    refused = sorted(year for pair in pairs & locked for year in [pair[1]])
    if refused:
        raise ValidationError(locked_message(refused[0], dated.noun()))


def _on_save(sender, instance, raw=False, **kwargs):
    if raw:  # loading fixtures or a backup: the data as it was
        return
    check_objects(sender, [instance])


def _on_delete(sender, instance, origin=None, **kwargs):
    started_by = getattr(origin, "model", type(origin))
    if started_by is Plan:  # the whole plan goes, its locks with it
        return
    check_objects(sender, [instance], stored=False)


def connect_signals() -> None:
    """Check every save and delete of a dated model (of any app: read from the models)."""
    for model in apps.get_models():
        if dated_of(model) is None:
            continue
        pre_save.connect(_on_save, sender=model, dispatch_uid=f"yearlock_save_{model.__name__}")
        pre_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"yearlock_delete_{model.__name__}"
        )


# --- Writing --------------------------------------------------------------------------------


@transaction.atomic
def year_lock(*, plan: Plan, year: int, user) -> YearLock:
    """Lock a year of the plan (the leder, once the yearly report is submitted)."""
    if year not in range(plan.period_start.year, plan.period_end.year + 1):
        raise ValidationError(
            _("%(year)s is outside the plan's period.") % {"year": year}
        )
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    existing = YearLock.objects.filter(plan=plan, year=year).first()
    if existing is not None:
        raise ValidationError(_("%(year)s is already locked.") % {"year": year})
    lock = YearLock(plan=plan, year=year, locked_by=user)
    lock._change_reason = _("Year locked")
    lock._history_user = user
    lock.save()
    audit_event("year_locked", user_id=getattr(user, "pk", None), plan_id=plan.pk,
                object_type="year", object_id=year)
    return lock


REASON_MAX = 500


@transaction.atomic
def year_reopen(*, plan: Plan, year: int, user, reason: str) -> None:
    """Reopen a locked year; the reason is kept in the lock's history and the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for reopening the year."))
    if len(reason) > REASON_MAX:
        raise ValidationError(
            _("The reason may be at most %(max)s characters.") % {"max": REASON_MAX}
        )
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    lock = YearLock.objects.filter(plan=plan, year=year).first()
    if lock is None:
        raise ValidationError(_("%(year)s is not locked.") % {"year": year})
    text = _("Year reopened: %(reason)s") % {"reason": reason}
    lock._change_reason = text if len(text) <= 100 else text[:99] + "…"
    lock._history_user = user
    lock.delete()
    audit_event("year_reopened", user_id=getattr(user, "pk", None), plan_id=plan.pk,
                object_type="year", object_id=year, reason=reason)
