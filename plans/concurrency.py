"""No lost updates: an edit form remembers the values it was loaded with (signed, in a hidden
field) and a save is refused when someone else has changed any of them since.

The refusal lists what the other person changed and keeps what was typed; the hidden field
then holds the new values, so saving again deliberately overwrites them. A post without the
hidden field (an older page, a script) is not checked.
"""

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

FIELD = "loaded_values"
_SALT = "plans.concurrency"


def _names(form) -> list[str]:
    model_fields = {
        field.name
        for field in form._meta.model._meta.concrete_fields
        if not field.is_relation or field.many_to_one
    }
    return [name for name in form._meta.fields or form.fields if name in model_fields]


def _values(instance, names) -> dict[str, str]:
    return {name: instance._meta.get_field(name).value_to_string(instance) for name in names}


def watch(form) -> None:
    """Give an edit form of an existing row the hidden field with the values as loaded."""
    if form.instance.pk is None:
        return
    token = signing.dumps(_values(form.instance, _names(form)), salt=_SALT, compress=True)
    form.fields[FIELD] = forms.CharField(widget=forms.HiddenInput, required=False, initial=token)


def check(form) -> None:
    """Call inside the transaction that saves: raises ValidationError naming each field the
    other person changed (before → now). Locks the row, so the check and the save are one."""
    token = form.cleaned_data.get(FIELD) if FIELD in form.fields else None
    if not token:
        return
    model = form._meta.model
    try:
        loaded = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        raise ValidationError(_("The form was changed on its way; reload the page.")) from None
    current = model._default_manager.select_for_update().get(pk=form.instance.pk)
    now = _values(current, [name for name in loaded if name in _names(form)])
    changed = [name for name, value in now.items() if loaded.get(name) != value]
    if not changed:
        return
    # The next save is a deliberate one over the other person's change.
    form.data = form.data.copy()
    form.data[form.add_prefix(FIELD)] = signing.dumps(
        {**loaded, **now}, salt=_SALT, compress=True
    )
    lines = [
        _("%(field)s: '%(before)s' → '%(now)s'")
        % {
            "field": str(model._meta.get_field(name).verbose_name).capitalize(),
            "before": _short(loaded[name]),
            "now": _short(now[name]),
        }
        for name in changed
    ]
    raise ValidationError(
        [_("Someone else saved this while you were editing. Nothing was saved. They changed:")]
        + lines
        + [_("What you typed is kept below; save again to replace their change.")]
    )


def _short(text: str) -> str:
    return text if len(text) <= 120 else text[:117] + "…"
