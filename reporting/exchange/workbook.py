"""The exchange document as one Excel workbook: a sheet per kind, Danish column headers.

Each sheet is built as a tablib Dataset (headers and rows), written with the spreadsheet
export's styling and its care for text that looks like a formula. Dates are date cells and
amounts numbers, so a sheet can be sorted and summed; decimals are read back exactly. A JSON
value (an approved version's content) is written as JSON text, split over as many columns
as Excel's 32.767 characters a cell need.

Reading: the same headers (Danish or English) give the field; rows become the document's
lists with the sheet's own row numbers, and the document then goes through the same schema
and import as a JSON file. A cell with a formula is an error; nothing is evaluated.
"""

import datetime
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from .kinds import FORMAT, KINDS, VERSION, Column, Kind, fields_of
from .safety import SpreadsheetRejected, content_check
from .sheets.cells import fold, is_blank
from .sheets.export import TOP, _save, header_write, values_write
from .sheets.reading import open_workbook

CELL_LIMIT = 32_000
MAX_COLUMNS = 200
INFO_SHEET = "Om filen"

Document = dict[str, Any]  # the exchange document: kind name → row (or list of rows)
Row = dict[str, Any]  # field name → JSON value
CellProblemRow = tuple[str, int, str, str]  # (kind name, sheet row, column name, message)


def header(column: Column, part: int = 1) -> str:
    label = str(column.label)
    label = label[:1].upper() + label[1:]
    return label if part == 1 else f"{label} ({part})"


def sheet_title(kind: Kind) -> str:
    return str(kind.sheet)[:31]


def _cell(column: Column, value: Any) -> Any:
    """A JSON value of the document as the cell shows it."""
    if value is None or column.field is None or column.ref:
        return value
    field = column.field
    if isinstance(field, models.DateTimeField):
        return value
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat(value)
    if isinstance(field, models.DecimalField):
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    return value


def _dataset(kind: Kind, rows: list[Row]) -> tuple[tablib.Dataset, list[Column]]:
    columns = fields_of(kind)
    parts: dict[str, int] = {}
    for column in columns:
        if isinstance(column.field, models.JSONField):
            longest = max((len(json.dumps(r.get(column.name), ensure_ascii=False)) for r in rows),
                          default=0)
            parts[column.name] = max(1, -(-longest // CELL_LIMIT))
    headers: list[str] = []
    spec: list[tuple[Column, int]] = []
    for column in columns:
        for part in range(1, parts.get(column.name, 1) + 1):
            headers.append(header(column, part))
            spec.append((column, part))
    dataset = tablib.Dataset(headers=headers, title=sheet_title(kind))
    for row in rows:
        values: list[Any] = []
        for column, part in spec:
            value = row.get(column.name)
            if column.name in parts:
                text = json.dumps(value, ensure_ascii=False)
                values.append(text[(part - 1) * CELL_LIMIT:part * CELL_LIMIT] or None)
            else:
                values.append(_cell(column, value))
        dataset.append(values)
    return dataset, [column for column, _part in spec]


def document_workbook(document: Document) -> bytes:
    """The exchange document as .xlsx bytes."""
    workbook = Workbook()
    info = workbook.active
    assert isinstance(info, Worksheet)  # a new workbook starts with one worksheet
    info.title = INFO_SHEET
    info.append(["format", FORMAT])
    info.append(["version", VERSION])
    workbook.properties.creator = "Helhedsplan"
    for kind in KINDS:
        rows = document.get(kind.name)
        rows = [rows] if kind.single else list(rows or [])
        dataset, columns = _dataset(kind, rows)
        sheet = workbook.create_sheet(title=dataset.title)
        header_write(sheet, dataset.headers, [
            50 if isinstance(column.field, models.TextField) else 18 for column in columns
        ])
        for cell, value, _index in values_write(sheet, dataset):
            if isinstance(value, datetime.date):
                cell.number_format = "DD-MM-YYYY"
            cell.alignment = TOP
        sheet.freeze_panes = "A2"
    return _save(workbook)


# --- Reading --------------------------------------------------------------------------------


class CellProblem(ValueError):
    """A cell that cannot be read; the message is Danish."""


def _value_in(column: Column, value: Any) -> Any:
    """A cell as the document's JSON value (the schema then checks it)."""
    if isinstance(value, str) and value.startswith("="):
        raise CellProblem(
            _("The cell holds a formula (%(formula)s); formulas are not read. Type the value.")
            % {"formula": value[:40]}
        )
    field = column.field
    if is_blank(value):
        if field is not None and not column.ref and not field.null and isinstance(
            field, (models.CharField, models.TextField)
        ):
            return ""
        return None
    if field is None or column.ref:
        return str(value).strip() if not isinstance(value, str) else value.strip()
    if isinstance(field, models.BooleanField):
        folded = fold(value)
        if value is True or folded in {"ja", "yes", "true", "1"}:
            return True
        if value is False or folded in {"nej", "no", "false", "0"}:
            return False
        raise CellProblem(_("Write Yes or No."))
    if isinstance(field, models.DateTimeField):
        if isinstance(value, datetime.datetime):
            return value.replace(tzinfo=datetime.UTC).isoformat().replace("+00:00", "Z")
        return str(value)
    if isinstance(field, models.DateField):
        if isinstance(value, datetime.datetime):
            return value.date().isoformat()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).strip()
    if isinstance(field, models.DecimalField):
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise CellProblem(_("Write a number.")) from None
        places = Decimal(1).scaleb(-field.decimal_places)
        return str(number.quantize(places))
    if isinstance(field, models.IntegerField):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        if text.lstrip("-").isdigit():
            return int(text)
        raise CellProblem(_("Write a whole number."))
    if isinstance(field, models.JSONField):
        return value
    return value if isinstance(value, str) else str(value)


def _header_lookup(kind: Kind) -> dict[str, tuple[Column, int]]:
    names: dict[str, tuple[Column, int]] = {}
    for column in fields_of(kind):
        for language in ("da", "en"):
            with translation.override(language):
                for part in range(1, 60):
                    names[fold(header(column, part))] = (column, part)
                    if not isinstance(column.field, models.JSONField):
                        break
        names.setdefault(fold(column.name), (column, 1))
    return names


def _titles(kind: Kind) -> set[str]:
    titles = {fold(kind.name)}
    for language in ("da", "en"):
        with translation.override(language):
            titles.add(fold(sheet_title(kind)))
    return titles


def workbook_document(
    content: bytes, name: str
) -> tuple[Document, dict[str, list[int]], list[CellProblemRow]]:
    """(document, row numbers per kind, problems) from an uploaded workbook.

    Problems are (kind name, sheet row, column name, message); whole-file problems raise
    SpreadsheetRejected before any sheet is read."""
    content_check(name=name, content=content)
    workbook = open_workbook(content)
    document: Document = {"format": FORMAT, "version": VERSION}
    numbers: dict[str, list[int]] = {}
    problems: list[CellProblemRow] = []
    try:
        sheets = {fold(sheet.title): sheet for sheet in workbook.worksheets}
        info = sheets.get(fold(INFO_SHEET))
        if info is not None:
            for row in info.iter_rows(min_row=1, max_row=5, max_col=2, values_only=True):
                if row and row[0] in ("format", "version"):
                    document[row[0]] = row[1]
        for kind in KINDS:
            sheet = next((sheets[t] for t in _titles(kind) if t in sheets), None)
            if sheet is None:
                continue
            rows, rows_numbers = _sheet_rows(kind, sheet, problems)
            document[kind.name] = (rows[0] if rows else {}) if kind.single else rows
            numbers[kind.name] = rows_numbers
    except SpreadsheetRejected:
        raise
    except Exception:  # noqa: BLE001 - a sheet openpyxl cannot read is a damaged file
        from .safety import damaged_error

        raise damaged_error() from None
    finally:
        workbook.close()
    return document, numbers, problems


def _sheet_rows(
    kind: Kind, sheet: Any, problems: list[CellProblemRow]
) -> tuple[list[Row], list[int]]:
    sheet.reset_dimensions()
    lookup = _header_lookup(kind)
    head = next(sheet.iter_rows(min_row=1, max_row=1, max_col=MAX_COLUMNS, values_only=True), ())
    positions: dict[int, tuple[Column, int]] = {}
    for index, title in enumerate(head):
        if is_blank(title):
            continue
        found = lookup.get(fold(title))
        if found is None:
            problems.append((kind.name, 1, str(title)[:60], _("This column is not known.")))
            continue
        positions[index] = found
    rows: list[Row] = []
    numbers: list[int] = []
    width = max(positions, default=0) + 1
    for number, values in enumerate(
        sheet.iter_rows(min_row=2, max_col=width, values_only=True), 2
    ):
        if all(is_blank(value) for value in values):
            continue
        row: Row = {}
        pieces: dict[str, dict[int, str]] = {}
        for index, (column, part) in positions.items():
            value = values[index] if index < len(values) else None
            if isinstance(column.field, models.JSONField):
                pieces.setdefault(column.name, {})[part] = "" if value is None else str(value)
                continue
            try:
                row[column.name] = _value_in(column, value)
            except CellProblem as problem:
                problems.append((kind.name, number, column.name, str(problem)))
        for field_name, chunks in pieces.items():
            text = "".join(chunks[part] for part in sorted(chunks))
            try:
                row[field_name] = json.loads(text) if text else None
            except (ValueError, RecursionError):
                problems.append((kind.name, number, field_name, _("The cell is not valid JSON.")))
        rows.append(row)
        numbers.append(number)
    return rows, numbers
