"""Numbers in Danish: decimal comma, thousands point, no trailing zeros (27,8 %; 1.250)."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _


def format_number(value: Decimal | int | float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    number = Decimal(str(value)).normalize()
    if number == number.to_integral():
        number = number.quantize(Decimal(1))
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    text = sign + whole + (f",{fraction}" if fraction else "")
    return f"{text} {unit}".strip() if unit else text


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
