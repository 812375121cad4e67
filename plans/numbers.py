"""Numbers and kroner in Danish, the one formatter of the project: decimal comma, thousands
point, no trailing zeros (27,8 %; 1.250; 13.633.000 kr.), and the form fields that read them
back the way people type them.

Pages (the `kr`, `budget`, `number` and `decimals` filters in `plans.templatetags.plan_format`),
PDFs, Word files, spreadsheets and messages all format through this module, in either
language of the interface.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _


def format_number(
    value: Decimal | int | float | None, unit: str = "", places: int | None = None
) -> str:
    """27.80 → '27,8'; 1250 → '1.250'; None → '–'. `places`: exactly that many decimals,
    rounded half up (27 with places=1 → '27,0'); without it, no trailing zeros."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    else:
        number = number.normalize()
        if number == number.to_integral():
            number = number.quantize(Decimal(1))
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    text = sign + whole + (f",{fraction}" if fraction else "")
    return f"{text} {unit}".strip() if unit else text


def format_kr(amount: int | None) -> str:
    """13633000 → '13.633.000 kr.' (whole kroner); None → '–'."""
    if amount is None:
        return "–"
    return format_number(int(amount), "kr.")


def format_budget(amount: int | None, unit: str = "kr") -> str:
    """A budget cell as printed: blank when nothing is budgeted, 0 as '0 kr.'; in the unit
    'tkr' (i hele tusinde kr.) whole thousands, rounded half up, without 'kr.'."""
    if amount is None:
        return ""
    if unit == "tkr":
        sign = -1 if amount < 0 else 1
        return format_number(sign * ((abs(int(amount)) + 500) // 1000))
    return format_kr(amount)


_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def parse_danish_decimal(text: str) -> Decimal:
    """'27,8' → 27.8; '1.234,5' → 1234.5; '1.234' → 1234; '27.8' → 27.8 (typed the English way).

    Raises InvalidOperation for anything that is not a number.
    """
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%‰").strip()
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif _THOUSANDS.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise InvalidOperation(text)
    return Decimal(cleaned)


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
            return format_number(value)
        return value


class DanishDecimalField(forms.DecimalField):
    """A decimal typed the Danish way, shown with a decimal comma."""

    default_error_messages = {"invalid": _("Enter a number, e.g. 27,8.")}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            try:
                return parse_danish_decimal(value)
            except InvalidOperation:
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid"
                ) from None
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return format_number(value)
        return value
