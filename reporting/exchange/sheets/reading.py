"""An uploaded workbook read safely into one sheet's rows, by the columns of a resource.

The header row is matched in either language (Danish or English column names, case and spaces
folded); a column the resource does not read is ignored, a required one missing refuses the
file. Only the cells' raw values are read here: the columns' widgets turn them into values in
`importer.Importer.read`.
"""

import io
import warnings
from dataclasses import dataclass
from typing import Any

from defusedxml import DefusedXmlException
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from ..safety import (
    MAX_ROWS,
    SpreadsheetRejected,
    assert_xml_parser_is_safe,
    damaged_error,
    forbidden_xml_error,
    too_many_rows_error,
)
from .cells import Column, fold, is_blank
from .resources import SheetResource

MAX_COLUMNS = 60


def _header_names(column: Column) -> set[str]:
    names = set()
    for language in ("da", "en"):
        with translation.override(language):
            names.add(fold(column.column_name))
    return names


def _defused(error: BaseException | None) -> bool:
    """True when defusedxml refused the XML, however deep openpyxl wrapped its exception."""
    while error is not None:
        if isinstance(error, DefusedXmlException):
            return True
        error = error.__cause__ or error.__context__
    return False


def open_workbook(content: bytes) -> Any:
    """The workbook, read-only; a file openpyxl cannot read is refused as damaged."""
    assert_xml_parser_is_safe()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load_workbook(
                io.BytesIO(content), read_only=True, data_only=False, keep_links=False
            )
    except Exception as error:  # noqa: BLE001 - whatever openpyxl trips over is unreadable
        raise (forbidden_xml_error() if _defused(error) else damaged_error()) from None


def _sheet_for(workbook: Any, resource: SheetResource) -> Any:
    names = set()
    for language in ("da", "en"):
        with translation.override(language):
            names.add(fold(resource.sheet_title))
    worksheets = workbook.worksheets
    for worksheet in worksheets:
        if fold(worksheet.title) in names:
            return worksheet
    if len(worksheets) == 1:
        return worksheets[0]
    raise SpreadsheetRejected(
        _("The workbook has no sheet named %(name)s. Use the template, or name the sheet so.")
        % {"name": resource.sheet_title}
    )


@dataclass
class Sheet:
    title: str
    columns: dict[str, Column]  # field name → column, for the columns present
    rows: list[tuple[int, dict[str, Any]]]  # (row number in the sheet, field name → raw cell value)


def sheet_read(content: bytes, resource: SheetResource) -> Sheet:
    """The sheet's header and non-blank rows, with the sheet's own row numbers."""
    workbook = open_workbook(content)
    try:
        worksheet = _sheet_for(workbook, resource)
        worksheet.reset_dimensions()  # a file's own idea of its size is not trusted
        try:
            header = next(
                worksheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True),
                (),
            )
            positions, present = _header_map(worksheet.title, header, resource)
            rows = []
            width = max(positions) + 1
            for number, values in enumerate(
                worksheet.iter_rows(min_row=2, max_col=width, values_only=True), 2
            ):
                if number > MAX_ROWS + 1:
                    raise too_many_rows_error()
                if all(is_blank(value) for value in values):
                    continue
                rows.append(
                    (
                        number,
                        {
                            name: values[index]
                            for index, name in positions.items()
                            if index < len(values)
                        },
                    )
                )
        except SpreadsheetRejected:
            raise
        except Exception as error:  # noqa: BLE001 - a sheet openpyxl cannot read is damaged
            raise (forbidden_xml_error() if _defused(error) else damaged_error()) from None
    finally:
        workbook.close()
    if not rows:
        raise SpreadsheetRejected(
            _("The sheet %(sheet)s has no rows below the headers.") % {"sheet": worksheet.title}
        )
    return Sheet(title=worksheet.title, columns=present, rows=rows)


def _header_map(
    title: str, header: tuple[Any, ...], resource: SheetResource
) -> tuple[dict[int, str], dict[str, Column]]:
    """Column index → field name for the columns the import reads; refuses a sheet whose
    headers do not fit."""
    if all(is_blank(value) for value in header):
        raise SpreadsheetRejected(
            _("The first row of the sheet %(sheet)s must hold the column headers; it is empty.")
            % {"sheet": title}
        )
    readable = resource.import_columns()
    known: dict[str, str] = {}
    for name, column in resource.fields.items():
        for header_name in _header_names(column):
            known[header_name] = name
    positions: dict[int, str] = {}
    seen: set[str] = set()
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        name = known.get(fold(value))
        if name is None:
            continue
        if name in seen:
            raise SpreadsheetRejected(
                _("The column %(column)s appears twice in the sheet %(sheet)s.")
                % {"column": str(value).strip(), "sheet": title}
            )
        seen.add(name)
        if name in readable:
            positions[index] = name
    missing = [
        str(column.column_name)
        for name, column in readable.items()
        if column.required and name not in seen
    ]
    if missing:
        raise SpreadsheetRejected(
            _(
                "The sheet %(sheet)s lacks the columns %(missing)s. Download the template to see "
                "the columns an import needs."
            )
            % {"sheet": title, "missing": ", ".join(missing)}
        )
    present = {name: readable[name] for name in positions.values()}
    return positions, present

