"""The one write of a spreadsheet import: all rows or none, in one transaction."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helhedsplan.audit import audit_event
from plans.history import bulk_save
from plans.models import Plan
from plans.selectors import PlanAccess

from .imports import CHANGED, NEW, ImportPreview, after_import, import_preview


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
    # One history row per object (who, when, "Import fra regneark: …"), so an import shows on
    # the plan's history page like any other edit.
    user = get_user_model()(pk=user_id) if user_id else None
    reason = _("Spreadsheet import: %(name)s") % {"name": name[:80]}
    for step in preview.steps:
        if step.objects:
            if step.creates:
                bulk_save(step.model, create=step.objects, user=user, reason=reason,
                          plan=access.plan)
            else:
                bulk_save(step.model, update=step.objects, fields=step.fields, user=user,
                          reason=reason, plan=access.plan)
    after_import(kind=kind, plan=access.plan)
    counts = preview.counts
    audit_event(
        "spreadsheet_import",
        user_id=user_id,
        plan_id=access.plan.pk,
        object_type=kind,
        reason=f"new={counts[NEW]} changed={counts[CHANGED]}",
    )
    return preview
