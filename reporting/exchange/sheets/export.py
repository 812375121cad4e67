"""Workbooks: the resources' rows written with openpyxl, styled for use in Excel.

Numbers are numbers and dates are dates (so a sheet can sum and filter them), kroner carry a
thousands separator, the header row is bold and frozen with a filter, and each column has a
sensible width. Text that Excel would take for a formula ("=…") is written as a text cell
with Excel's quote prefix, so opening an export never runs anything.
"""

import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from plans.models import Plan
from plans.selectors import plan_years

from . import selectors
from .cells import TextWidget
from .resources import (
    ActivityResource,
    BudgetResource,
    CriterionResource,
    FinancingResource,
    IndicatorValueResource,
    MeasurementResource,
    MilestoneResource,
    SheetResource,
)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Characters that make Excel (or another spreadsheet) treat text as a formula or a command.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="DDE5EE")
HEADER_BORDER = Border(bottom=Side(style="thin", color="7A8CA0"))
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")


def _resource(sheet: str, plan: Plan) -> SheetResource:
    if sheet == "finansiering":
        return FinancingResource(years=plan_years(plan))
    return {
        "aktiviteter": ActivityResource,
        "succeskriterier": CriterionResource,
        "maalinger": MeasurementResource,
        "milepaele": MilestoneResource,
        "budget": BudgetResource,
        "indikatorer": IndicatorValueResource,
    }[sheet]()


def _rows(sheet: str, plan: Plan) -> list[Any]:
    readers: dict[str, Callable[..., list[Any]]] = {
        "aktiviteter": selectors.activities_for_export,
        "succeskriterier": selectors.criteria_for_export,
        "maalinger": selectors.measurements_for_export,
        "milepaele": selectors.milestones_for_export,
        "budget": selectors.budget_rows_for_export,
        "finansiering": selectors.financing_for_export,
        "indikatorer": selectors.indicator_values_for_export,
    }
    return readers[sheet](plan=plan)


# Each export: the sheets it holds, in order.
EXPORTS = {
    "plan": ("aktiviteter", "succeskriterier", "maalinger", "milepaele", "budget", "finansiering"),
    "aktiviteter": ("aktiviteter", "succeskriterier"),
    "maalinger": ("maalinger", "succeskriterier"),
    "milepaele": ("milepaele",),
    "budget": ("budget", "finansiering"),
    "indikatorer": ("indikatorer",),
}

# Templates: the sheet an import reads, and sheets that help fill it in.
TEMPLATES = {
    "maalinger": ("maalinger", "succeskriterier"),
    "milepaele": ("milepaele",),
    "budget": ("budget",),
    "aktiviteter": ("aktiviteter",),
    "indikatorer": ("indikatorer",),
}


def safe_text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _set_value(cell: Cell | MergedCell, value: Any) -> None:
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        if text.startswith(FORMULA_START):
            # A text cell, never a formula; the quote prefix keeps it text when edited.
            cell.data_type = "s"
            cell.quotePrefix = True
    else:
        cell.value = value


def sheet_title(resource: SheetResource) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", str(resource.sheet_title))[:31]


def header_write(worksheet: Any, headers: Iterable[str], widths: Iterable[float]) -> None:
    """The header row: bold on a fill, underlined, wrapped, each column its width."""
    for index, (header, width) in enumerate(zip(headers, widths, strict=True), 1):
        cell = worksheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, HEADER_BORDER
        cell.alignment = WRAP
        worksheet.column_dimensions[get_column_letter(index)].width = width


def values_write(worksheet: Any, rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, Any, int]]:
    """The rows below the header, blank cells left empty; yields (cell, value, column index)
    for every cell written, to be formatted."""
    for row_index, values in enumerate(rows, 2):
        for col_index, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            cell = worksheet.cell(row=row_index, column=col_index)
            _set_value(cell, value)
            yield cell, value, col_index


def sheet_write(workbook: Workbook, resource: SheetResource, rows: Any) -> None:
    """One sheet: the header row, then one row per object the resource exports."""
    worksheet = workbook.create_sheet(title=sheet_title(resource))
    columns = resource.columns()
    dataset = resource.export(queryset=rows, force_native_type=True)
    header_write(worksheet, dataset.headers, [column.width for column in columns])
    formats = [column.number_format for column in columns]
    wraps = [isinstance(c.widget, TextWidget) and c.widget.multiline for c in columns]
    for cell, value, col_index in values_write(worksheet, dataset):
        number_format = formats[col_index - 1]
        if number_format and not isinstance(value, str):
            cell.number_format = number_format
        cell.alignment = WRAP if wraps[col_index - 1] else TOP
    worksheet.freeze_panes = "A2"
    worksheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(dataset.height + 1, 1)}"


def _workbook(plan: Plan, title: str) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    workbook.properties.creator = "Helhedsplan"
    workbook.properties.title = f"{plan.name}: {title}"
    return workbook


def _save(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_build(*, plan: Plan, kind: str) -> bytes:
    """The export `kind` (see EXPORTS) of the plan as an .xlsx file."""
    workbook = _workbook(plan, _("Export"))
    for sheet in EXPORTS[kind]:
        sheet_write(workbook, _resource(sheet, plan), _rows(sheet, plan))
    return _save(workbook)


def template_build(*, plan: Plan, kind: str) -> bytes:
    """An import template: the sheet's headers and one example row, plus reference sheets."""
    workbook = _workbook(plan, _("Template"))
    first, *references = TEMPLATES[kind]
    resource = _resource(first, plan)
    sheet_write(workbook, resource, resource.example_rows(plan))
    for sheet in references:
        sheet_write(workbook, _resource(sheet, plan), _rows(sheet, plan))
    return _save(workbook)
