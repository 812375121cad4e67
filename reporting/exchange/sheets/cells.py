"""One cell: read what people type in Excel, write what Excel shows as a number or a date.

The widgets are django-import-export widgets: `clean` turns a cell read by openpyxl into a
Python value (raising `CellError` with a Danish message), `render` gives the value to write
(native numbers and dates, never strings, so Excel can add them up).

A cell whose text starts with "=" is a formula. Formulas are never evaluated: in a text column
they are kept as the text they are, anywhere else they are an error.
"""

import datetime
import re
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from import_export.fields import Field
from import_export.widgets import Widget

from helhedsplan.security import strip_control_characters
from plans.models import MAX_KRONER
from plans.numbers import KronerField, parse_danish_decimal


class CellError(ValueError):
    """A cell that cannot be read; the message is for the user, in Danish."""


class Column(Field):
    """A column of a sheet: its Danish header, how it is read and written, and how it looks.

    `required`: an import refuses a sheet without this header. An optional column that is
    missing leaves the field as it is. `readonly`: shown for context, ignored on import.
    """

    def __init__(
        self,
        attribute: str | None = None,
        column_name: str | Promise | None = None,
        widget: Widget | None = None,
        *,
        width: int = 14,
        required: bool = False,
        readonly: bool = False,
        dehydrate_method: str | Callable[[Any], Any] | None = None,
    ) -> None:
        super().__init__(
            attribute=attribute,
            column_name=column_name,
            widget=widget or TextWidget(),
            readonly=readonly,
            dehydrate_method=dehydrate_method,
        )
        self.width = width
        self.required = required

    @property
    def number_format(self) -> str | None:
        return getattr(self.widget, "number_format", None)


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _formula_error(value: object) -> CellError:
    return CellError(
        _("The cell holds a formula (%(formula)s); formulas are not read. Type the value.")
        % {"formula": str(value)[:40]}
    )


def _is_formula(value: object) -> bool:
    return isinstance(value, str) and value.lstrip().startswith("=")


def fold(text: object) -> str:
    """Text as a key: spaces folded, case ignored (" Budget  Line" and "budget line")."""
    return " ".join(str(text).split()).casefold()


class CellWidget(Widget):
    """A cell as a spreadsheet user fills it: a blank cell is `blank`, a formula is refused
    (its value is not in the file), anything else is read by `read`."""

    blank: object = None

    def __init__(self) -> None:
        super().__init__(coerce_to_string=False)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if is_blank(value):
            return self.blank
        if _is_formula(value):
            raise _formula_error(value)
        return self.read(value)

    def read(self, value: Any) -> Any:
        raise NotImplementedError

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        return value


class TextWidget(Widget):
    """Text, up to `max_length` characters; a number typed in a text column is kept as text."""

    def __init__(self, max_length: int = 200, *, multiline: bool = False) -> None:
        super().__init__(coerce_to_string=False)
        self.max_length = max_length
        self.multiline = multiline

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if is_blank(value):
            return ""
        if isinstance(value, bool):
            raise CellError(_("Expected text."))
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            value = value.strftime("%d.%m.%Y")
        text = strip_control_characters(str(value)).replace("\r\n", "\n").strip()
        if not self.multiline:
            text = " ".join(text.split())
        if len(text) > self.max_length:
            raise CellError(
                _("The text is %(length)s characters long; at most %(max)s are allowed.")
                % {"length": len(text), "max": self.max_length}
            )
        return text

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class IntegerWidget(CellWidget):
    """A whole number: an id, a year, a quarter."""

    def __init__(
        self, *, minimum: int = 1, maximum: int = 2**31 - 1, message: str | Promise | None = None
    ) -> None:
        super().__init__()
        self.minimum = minimum
        self.maximum = maximum
        self.message = message

    def read(self, value: Any) -> int:
        number = None
        if isinstance(value, bool):
            number = None
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, str) and re.fullmatch(r"\s*\d{1,10}\s*", value):
            number = int(value)
        if number is None or not self.minimum <= number <= self.maximum:
            raise CellError(
                str(self.message)
                if self.message
                else _("Expected a whole number from %(min)s to %(max)s.")
                % {"min": self.minimum, "max": self.maximum}
            )
        return number


class QuarterWidget(IntegerWidget):
    """1-4; also '2. kvartal', 'K2', 'Q2'."""

    def __init__(self) -> None:
        super().__init__(minimum=1, maximum=4, message=_("Expected a quarter: 1, 2, 3 or 4."))

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if isinstance(value, str):
            match = re.fullmatch(
                r"\s*(?:[kq]\s*)?([1-4])\.?\s*(?:kvartal|quarter)?\s*", value, re.I
            )
            if match:
                return int(match.group(1))
        return super().clean(value, row, **kwargs)


class DecimalWidget(CellWidget):
    """A measured value: a number with at most two decimals (27,8; 1.234,5; 27.8)."""

    number_format = "General"

    def read(self, value: Any) -> Decimal:
        if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
            raise CellError(_("Expected a number, e.g. 27,8."))
        try:
            if isinstance(value, int | float):
                number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
            else:
                number = parse_danish_decimal(str(value))
        except (InvalidOperation, ValueError):
            raise CellError(_("Expected a number, e.g. 27,8.")) from None
        if not number.is_finite():
            raise CellError(_("Expected a number, e.g. 27,8."))
        # Checked before rounding: quantize() fails on a number with more digits than the
        # context's precision (1e308 gave a 500).
        if abs(number) >= Decimal("1e10"):
            raise CellError(_("The number is too large."))
        rounded = number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        # Excel stores 0,1 + 0,2 as 0,30000000000000004: that is two decimals, not seventeen.
        if abs(rounded - number) > Decimal("0.000001"):
            raise CellError(_("A value has at most two decimals."))
        return rounded

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> int | float | None:
        if value is None:
            return None
        value = Decimal(value)
        return int(value) if value == value.to_integral() else float(value)


class KronerWidget(CellWidget):
    """Whole kroner: 550000, '550.000', '550.000 kr.'."""

    number_format = "#,##0"

    def __init__(self, *, blank_is_zero: bool = False) -> None:
        super().__init__()
        self.blank = 0 if blank_is_zero else None

    def read(self, value: Any) -> int:
        message = _("Expected an amount in whole kroner, e.g. 550.000.")
        if isinstance(value, bool) or isinstance(value, datetime.date | datetime.time):
            raise CellError(message)
        if isinstance(value, float):
            if not value.is_integer():
                raise CellError(message)
            value = int(value)
        if isinstance(value, str):
            try:
                value = KronerField(required=False, max_value=None, min_value=None).clean(value)
            except forms.ValidationError:
                raise CellError(message) from None
        if not isinstance(value, int):  # e.g. a duration cell
            raise CellError(message)
        if value < 0:
            raise CellError(_("An amount cannot be negative."))
        if value > MAX_KRONER:
            raise CellError(_("An amount cannot exceed 10 mia. kr."))
        return value


DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y")


class DateWidget(CellWidget):
    """A date: a date cell, or text such as 01.12.2021 or 2021-12-01."""

    number_format = "DD.MM.YYYY"

    def read(self, value: Any) -> datetime.date:
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str):
            for pattern in DATE_FORMATS:
                try:
                    return datetime.datetime.strptime(value.strip(), pattern).date()
                except ValueError:
                    continue
        raise CellError(_("Expected a date, e.g. 01.12.2021."))


class ChoiceWidget(CellWidget):
    """One of a model's choices, written as its label; read as label (Danish or English) or
    code."""

    def __init__(self, choices: Sequence[tuple[str, Any]]) -> None:
        super().__init__()
        self.choices = choices

    def _lookup(self) -> dict[str, str]:
        lookup: dict[str, str] = {}
        for code, label in self.choices:
            lookup[fold(code)] = code
            for language in ("en", "da"):
                with translation.override(language):
                    lookup[fold(label)] = code
        return lookup

    def read(self, value: Any) -> str:
        code = self._lookup().get(fold(value))
        if code is None:
            labels = ", ".join(str(label) for _code, label in self.choices)
            raise CellError(_("Expected one of: %(choices)s.") % {"choices": labels})
        return code

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(CellWidget):
    """Ja / Nej (also yes, no, x, 1, 0, true, false)."""

    YES = {"ja", "j", "yes", "y", "x", "1", "true", "sand", "opnået", "achieved"}
    NO = {"nej", "n", "no", "0", "false", "falsk", "ikke opnået", "not achieved"}

    def read(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        folded = fold(value)
        if isinstance(value, int | float) and value in (0, 1):
            return bool(value)
        if folded in self.YES or folded == fold(_("Yes")):
            return True
        if folded in self.NO or folded == fold(_("No")):
            return False
        raise CellError(_("Expected Yes or No."))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return _("Yes") if value else _("No")
