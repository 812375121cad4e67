"""Kroner: whole numbers in, Danish format out (13.633.000 kr.)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _


def format_kr(amount: int | None) -> str:
    if amount is None:
        return "–"
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} kr.".replace(",", ".")


def format_budget(amount: int | None, unit: str = "kr") -> str:
    """A budget cell as printed: blank when nothing is budgeted, 0 as '0 kr.'; in the unit
    'tkr' (i hele tusinde kr.) whole thousands, rounded half up, without 'kr.'."""
    if amount is None:
        return ""
    if unit == "tkr":
        sign = -1 if amount < 0 else 1
        thousands = sign * ((abs(int(amount)) + 500) // 1000)
        return format_kr(thousands).removesuffix(" kr.")
    return format_kr(amount)


class KronerField(forms.IntegerField):
    """Accepts what people type in Danish: '2.701.000', '2 701 000 kr.', '2701000'."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole kroner, e.g. 2.701.000."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 10**12)
        super().__init__(**kwargs)
        self.widget.input_type = "text"
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        if isinstance(value, str):
            cleaned = re.sub(r"(?i)\s*kr\.?\s*$", "", value.strip())
            cleaned = re.sub(r"[.\s\u00a0]", "", cleaned)
            if cleaned and not re.fullmatch(r"-?\d+", cleaned):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = cleaned
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, int):
            return format_kr(value).removesuffix(" kr.")
        return value
