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

from .numbers import format_kr

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


# --- Grids (budget, spending, financing) ------------------------------------------------------
# A grid page carries the cells it showed, signed, in the same hidden field. The save refuses
# when any of them has changed since (listing each cell before → now) and leaves every cell as
# it is; the refused page shows the other person's values in the cells this user did not touch
# and a new hidden field, so saving again deliberately writes what this user typed.

Cell = tuple[int, int]  # (line id, year)


class GridConflict(ValidationError):
    """Someone else saved cells of the grid since it was loaded. `current` holds the cells'
    values now and `token` the hidden field for a deliberate second save."""

    def __init__(self, messages, *, current: dict, token: str):
        super().__init__(messages)
        self.current, self.token = current, token


def grid_token(values: dict[Cell, int | None]) -> str:
    return signing.dumps(
        {f"{line}-{year}": value for (line, year), value in values.items()},
        salt=_SALT + ".grid", compress=True,
    )


def grid_loaded(token: str) -> dict[Cell, int | None]:
    """The cells a grid page was loaded with; ValidationError when the field was tampered with."""
    try:
        data = signing.loads(token, salt=_SALT + ".grid")
        return {
            (int(key.split("-")[0]), int(key.split("-")[1])): value
            for key, value in data.items()
        }
    except (signing.BadSignature, ValueError, AttributeError, IndexError):
        raise ValidationError(_("The form was changed on its way; reload the page.")) from None


def grid_check(*, loaded: dict[Cell, int | None], current: dict[Cell, int | None],
               labels: dict[int, str]) -> None:
    """Call with the rows locked: raises GridConflict naming each cell that differs from what
    the page showed. Cells of lines deleted since are left out (the form refuses those)."""
    changed = [cell for cell, value in loaded.items()
               if cell[0] in labels and current.get(cell) != value]
    if not changed:
        return
    lines = [
        _("%(field)s: '%(before)s' → '%(now)s'")
        % {
            "field": f"{labels[line]}, {year}",
            "before": _amount(loaded[(line, year)]),
            "now": _amount(current.get((line, year))),
        }
        for line, year in sorted(changed)
    ]
    raise GridConflict(
        [_("Someone else saved this while you were editing. Nothing was saved. They changed:")]
        + lines
        + [_("What you typed is kept below; save again to replace their change.")],
        current=current,
        token=grid_token({**loaded, **current}),
    )


def _amount(value: int | None) -> str:
    return format_kr(value)
