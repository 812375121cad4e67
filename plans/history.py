"""Bulk writes that still show on the plan's history page.

django-simple-history records a row for every `save()` and `delete()`, but QuerySet
`bulk_create` and `bulk_update` bypass the signals it listens to. Every bulk write of plan data
(the budget and financing grids, spreadsheet imports) goes through `bulk_save` instead, which
writes one history row per object with who did it and why.
"""

from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

BATCH_SIZE = 500


def keeps_history(model) -> bool:
    return bool(getattr(model._meta, "simple_history_manager_attribute", None))


def bulk_save(model, *, create=(), update=(), fields=(), user=None, reason: str = "",
              plan=None) -> None:
    """Create `create` and update `fields` of `update`, with a history row for each object.

    `user` defaults to the signed-in user of the current request (simple-history's
    middleware); `reason` shows on the history page (e.g. "Import fra regneark: fil.xlsx").
    Rows dated in a locked year are refused (`plans.yearlock`); `plan`, when every row
    belongs to it, makes that check one query.
    """
    create, update = list(create), list(update)
    from .yearlock import check_objects  # noqa: PLC0415 (yearlock imports the models)

    check_objects(model, create, stored=False, plan=plan)
    check_objects(model, update, plan=plan)
    if not keeps_history(model):
        model.objects.bulk_create(create, batch_size=BATCH_SIZE)
        if update:
            model.objects.bulk_update(update, list(fields), batch_size=BATCH_SIZE)
        return
    if create:
        bulk_create_with_history(
            create, model, batch_size=BATCH_SIZE, default_user=user,
            default_change_reason=reason,
        )
    if update:
        bulk_update_with_history(
            update, model, list(fields), batch_size=BATCH_SIZE, default_user=user,
            default_change_reason=reason,
        )


class ChangedOnlyHistory(HistoricalRecords):
    """Keeps a row for a save only when a kept field differs from the last row kept: a form
    saved without a change leaves nothing in the history (one query per save of a row)."""

    IGNORED = frozenset({"updated_at"})

    def post_save(self, instance, created, using=None, **kwargs):
        if not created and not kwargs.get("raw", False) and self._unchanged(instance, using):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance, using) -> bool:
        if hasattr(instance, "skip_history_when_saving"):
            return False  # simple-history skips it anyway
        last = getattr(instance, self.manager_name).using(using).first()
        if last is None:
            return False
        return all(
            getattr(last, field.attname) == getattr(instance, field.attname)
            for field in self.fields_included(instance)
            if field.name not in self.IGNORED
        )
