"""The one write of a Word import: the changes the leder accepted, through the normal save."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhedsplan.audit import audit_event
from plans.models import Plan
from plans.selectors import PlanAccess
from plans.services import row_save

from .changes import word_import_read


@transaction.atomic
def word_import_apply(
    *, access: PlanAccess, area_slug: str, name: str, content: bytes, accepted: list[str], user
) -> int:
    """Save the accepted changes (by their ids from the preview) and nothing else.

    The file is read again here, inside the transaction: a change whose "before" no longer
    matches the plan has another id, so an edit made since the preview is never overwritten.
    Each changed row is saved once with `full_clean` and a history row naming the file.
    Returns how many fields changed.
    """
    if not access.can_edit:
        raise ValidationError(_("Only the plan's leader can accept changes from Word."))
    Plan.objects.select_for_update().filter(pk=access.plan.pk).first()
    result = word_import_read(plan=access.plan, area_slug=area_slug, name=name, content=content)
    by_id = {change.id: change for change in result.changes}
    if not accepted:
        raise ValidationError(_("Choose at least one change to accept, or cancel the import."))
    chosen = [by_id.get(change_id) for change_id in dict.fromkeys(accepted)]
    if any(change is None for change in chosen):
        raise ValidationError(
            _("The plan has changed since the preview, so nothing was saved. Look at the new "
              "preview and accept the changes again.")
        )
    if any(change.error for change in chosen):
        raise ValidationError(_("A chosen change is not valid; nothing was saved."))
    reason = _("Word import: %(name)s") % {"name": name[:80]}
    rows = {}
    for change in chosen:
        setattr(change.field.obj, change.field.name, change.after)
        rows[(change.field.obj._meta.label_lower, change.field.obj.pk)] = change.field.obj
    for row in rows.values():
        row._change_reason = reason
        if user is not None:
            row._history_user = user
        row_save(instance=row)
    audit_event("word_import", user_id=getattr(user, "pk", None), plan_id=access.plan.pk,
                object_type="delaftale", reason=f"fields={len(chosen)}")
    return len(chosen)
