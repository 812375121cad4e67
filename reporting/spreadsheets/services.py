"""The one write of a spreadsheet import: all rows or none, in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhedsplan.audit import audit_event
from plans.models import Plan
from plans.selectors import PlanAccess

from .imports import CHANGED, NEW, ImportPreview, import_preview

BATCH_SIZE = 500

try:  # the plan's history (django-simple-history): bulk writes record it only when asked to
    from simple_history.utils import bulk_create_with_history, bulk_update_with_history
except ImportError:  # pragma: no cover - history not installed
    bulk_create_with_history = bulk_update_with_history = None


def _keeps_history(model) -> bool:
    return bulk_create_with_history is not None and bool(
        getattr(model._meta, "simple_history_manager_attribute", None)
    )


def _write(step, user_id: int | None) -> None:
    """One bulk write, with a history row per object (who and when) where the model keeps
    history, so an import shows on the plan's history page like any other edit."""
    if _keeps_history(step.model):
        user = get_user_model()(pk=user_id) if user_id else None
        if step.creates:
            bulk_create_with_history(
                step.objects, step.model, batch_size=BATCH_SIZE, default_user=user
            )
        else:
            bulk_update_with_history(
                step.objects, step.model, step.fields, batch_size=BATCH_SIZE, default_user=user
            )
    elif step.creates:
        step.model.objects.bulk_create(step.objects, batch_size=BATCH_SIZE)
    else:
        step.model.objects.bulk_update(step.objects, step.fields, batch_size=BATCH_SIZE)


@transaction.atomic
def spreadsheet_import(
    *,
    access: PlanAccess,
    kind: str,
    name: str,
    content: bytes,
    user_id: int | None,
    expected_fingerprint: str | None = None,
) -> ImportPreview:
    """Read the file again, and write every new and changed row when no row has an error.

    The file is parsed here, inside the transaction, rather than trusting what a preview saw:
    `expected_fingerprint` (the preview's) refuses the write when the outcome has changed since,
    e.g. because someone edited the plan in between.
    """
    # Imports into one plan wait for each other, so two confirms cannot both create a row.
    Plan.objects.select_for_update().filter(pk=access.plan.pk).first()
    preview = import_preview(access=access, kind=kind, name=name, content=content)
    if preview.has_errors:
        errors = len(preview.error_rows)
        raise ValidationError(
            ngettext(
                "%(n)s row has errors; nothing was imported. Correct the file and upload it again.",
                "%(n)s rows have errors; nothing was imported. Correct the file and upload it "
                "again.",
                errors,
            )
            % {"n": errors},
            code="row_errors",
        )
    if expected_fingerprint is not None and preview.fingerprint != expected_fingerprint:
        raise ValidationError(
            _(
                "The plan has changed since the preview, so nothing was imported. Look at the "
                "new preview and confirm again."
            ),
            code="stale",
        )
    for step in preview.steps:
        if step.objects:
            _write(step, user_id)
    counts = preview.counts
    audit_event(
        "spreadsheet_import",
        user_id=user_id,
        plan_id=access.plan.pk,
        object_type=kind,
        reason=f"new={counts[NEW]} changed={counts[CHANGED]}",
    )
    return preview
