"""An uploaded exchange file, JSON or workbook, read into a document and checked by the schema.

Whole-file problems (too large, not JSON, another format or version, too deep, too many rows)
raise `ExchangeRejected` with one Danish message before anything else is read. Row problems
come back as a list of `Problem`s (sheet, row, field, message), every one of them, so the
preview can show them all.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as JsonSchemaError

from .kinds import BY_NAME, FORMAT, VERSION, fields_of
from .safety import SpreadsheetRejected
from .schema import MAX_ROWS_PER_KIND, checked_in_schema
from .workbook import CellProblemRow, Document, header, workbook_document

MAX_JSON_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 12  # the deepest real value is a version's data: object → list → object → list
MAX_ROWS = 50_000  # all kinds together
MAX_PROBLEMS = 500

Numbers = dict[str, list[int]]  # kind name → the sheet row of each list item
BadRows = set[tuple[str, int]]  # (kind name, index)


class ExchangeRejected(ValidationError):
    """The whole file is refused; the message says why, in Danish."""


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = [self.sheet]
        if self.row:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.field:
            where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


@dataclass
class Upload:
    document: Document
    numbers: Numbers  # kind name → the row number of each list item as the user sees it
    problems: list[Problem]
    bad_rows: BadRows = field(default_factory=set)  # (kind name, index) the schema refused


def _depth_check(value: object) -> None:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExchangeRejected(
                _("The file is nested deeper than an exchange file ever is; it is refused.")
            )
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)


def _no_constants(name: str) -> NoReturn:
    raise ValueError(name)


def json_document(content: bytes) -> Any:  # any JSON value; envelope_check wants an object
    if not content:
        raise ExchangeRejected(_("The file is empty."))
    if len(content) > MAX_JSON_BYTES:
        raise ExchangeRejected(
            _("The file is larger than %(max)s; it is refused.") % {"max": "20 MB"}
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExchangeRejected(_("The file is not UTF-8 text, so it is not a JSON file.")) from None
    try:
        document = json.loads(text, parse_constant=_no_constants)
    except RecursionError:
        raise ExchangeRejected(
            _("The file is nested deeper than an exchange file ever is; it is refused.")
        ) from None
    except ValueError:
        raise ExchangeRejected(_("The file is not valid JSON.")) from None
    return document


def envelope_check(document: object) -> None:
    """Format and version first: a file of another kind gets one clear message."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ExchangeRejected(
            _("The file is not a Helhedsplan exchange file (it must say \"format\": "
              "\"helhedsplan\").")
        )
    version = document.get("version")
    if version != VERSION:
        raise ExchangeRejected(
            _("The file is in version %(found)s of the exchange format; this installation reads "
              "version %(version)s.") % {"found": str(version)[:20], "version": VERSION}
        )
    _depth_check(document)
    total = 0
    for name, rows in document.items():
        if isinstance(rows, list):
            if len(rows) > MAX_ROWS_PER_KIND:
                sheet = BY_NAME[name].sheet if name in BY_NAME else name
                raise ExchangeRejected(
                    _("%(sheet)s has %(count)s rows; at most %(max)s are read.")
                    % {"sheet": sheet, "count": len(rows), "max": MAX_ROWS_PER_KIND}
                )
            total += len(rows)
    if total > MAX_ROWS:
        raise ExchangeRejected(
            _("The file has %(count)s rows; at most %(max)s are read.")
            % {"count": total, "max": MAX_ROWS}
        )


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(checked_in_schema())


def _message(error: JsonSchemaError) -> str:
    validator = error.validator
    value: Any = error.validator_value  # the schema's value for the failed keyword
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else ""
        return _("The field %(field)s is missing.") % {"field": missing}
    if validator == "additionalProperties":
        return _("The file has a field this format does not know: %(detail)s") % {
            "detail": error.message[:120]
        }
    if validator == "type":
        expected = value
        expected = expected if isinstance(expected, str) else "/".join(expected)
        return {
            "string": _("Expected text."),
            "integer": _("Expected a whole number."),
            "boolean": _("Expected true or false."),
            "object": _("Expected an object with fields."),
            "array": _("Expected a list of rows."),
        }.get(expected.split("/")[0], _("The value has the wrong type."))
    if validator == "maxLength":
        return _("The text is longer than %(max)s characters.") % {"max": value}
    if validator == "minLength":
        return _("The value is empty.")
    if validator == "enum":
        allowed = ", ".join(str(v) for v in value if v is not None)
        return _("The value is not one of: %(allowed)s.") % {"allowed": allowed[:300]}
    if validator == "pattern":
        if "T" in value:
            return _("Expected a time like 2024-05-01T12:00:00Z.")
        if r"\d{4}-" in value:
            return _("Expected a date like 2024-05-01.")
        return _("Expected a number with a decimal point, like 12.50.")
    if validator == "minimum":
        return _("The number cannot be negative.")
    if validator == "maxItems":
        return _("Too many rows.")
    return _("The value is not valid here.")


def locate(path: Iterable[str | int], numbers: Numbers) -> tuple[str, int | None, str]:
    """(sheet, row, field label) of a place in the document."""
    path = list(path)
    if not path or path[0] not in BY_NAME:
        return _("The file"), None, ".".join(str(p) for p in path)
    kind = BY_NAME[path[0]]
    rest = path[1:]
    row = None
    index = rest[0] if rest else None
    if not kind.single and isinstance(index, int):
        rest.pop(0)
        known = numbers.get(kind.name)
        row = known[index] if known and index < len(known) else index + 1
    elif kind.single:
        known = numbers.get(kind.name)
        row = known[0] if known else None
    label = ""
    if rest:
        column = next((c for c in fields_of(kind) if c.name == rest[0]), None)
        label = header(column) if column is not None else str(rest[0])
    return str(kind.sheet), row, label


def schema_problems(document: Document, numbers: Numbers, bad_rows: BadRows) -> list[Problem]:
    problems = []
    for error in _validator().iter_errors(document):
        path = list(error.absolute_path)
        if path and path[0] in BY_NAME:
            bad_rows.add((path[0], path[1] if len(path) > 1 and isinstance(path[1], int) else 0))
        if error.validator == "required" and "'" in error.message:
            path.append(error.message.split("'")[1])
        sheet, row, label = locate(path, numbers)
        problems.append(Problem(sheet, row, label, _message(error)))
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def upload_read(*, name: str, content: bytes) -> Upload:
    """The file as a document with every problem the schema finds; refuses a hostile file."""
    lower = (name or "").lower()
    numbers: Numbers = {}
    problems: list[Problem] = []
    cells: list[CellProblemRow] = []
    if lower.endswith(".json"):
        document = json_document(content)
    elif lower.endswith((".xlsx", ".xlsm", ".xls", ".csv")):
        try:
            document, numbers, cells = workbook_document(content, name)
        except SpreadsheetRejected as error:
            raise ExchangeRejected(error.messages[0]) from None
        for kind_name, row, field_name, message in cells:
            sheet, _row, label = locate([kind_name, field_name], {})
            problems.append(Problem(sheet, row, label, message))
    else:
        raise ExchangeRejected(
            _("Upload the plan as a JSON file (.json) or an Excel workbook (.xlsx).")
        )
    envelope_check(document)
    bad_rows: BadRows = set()
    problems += schema_problems(document, numbers, bad_rows)
    for kind_name, row, _field, _message in cells:
        numbers_of = numbers.get(kind_name, [])
        if row in numbers_of:
            bad_rows.add((kind_name, numbers_of.index(row)))
    return Upload(document=document, numbers=numbers, problems=problems, bad_rows=bad_rows)
