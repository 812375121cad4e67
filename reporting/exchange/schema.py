"""The JSON Schema of the exchange file, generated from the kinds' declarations and models.

`python manage.py exchange_schema` writes it to `schema.json` beside this module; a test fails
when the checked-in file differs from what the models say now.
"""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation

from .kinds import FORMAT, KINDS, VERSION, Column, Kind, fields_of

SCHEMA_PATH = Path(__file__).with_name("schema.json")
MAX_ROWS_PER_KIND = 10_000
KEY_MAX_LENGTH = 200
POSITIVE = (
    models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField
)
DATE = r"^\d{4}-\d{2}-\d{2}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


def _nullable(schema: dict[str, Any], allowed: bool) -> dict[str, Any]:
    if not allowed:
        return schema
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None], "type": [schema["type"], "null"]}
    return {**schema, "type": [schema["type"], "null"]}


def column_schema(column: Column) -> dict[str, Any]:
    field = column.field
    if field is None:
        return {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH}
    description = str(field.verbose_name)
    if column.ref:
        schema = {"type": "string", "minLength": 1, "maxLength": KEY_MAX_LENGTH}
        description += f" → {column.ref}"
    elif isinstance(field, models.BooleanField):
        schema = {"type": "boolean"}
    elif isinstance(field, models.DecimalField):
        whole = field.max_digits - field.decimal_places
        schema = {
            "type": "string",
            "pattern": rf"^-?\d{{1,{whole}}}(\.\d{{1,{field.decimal_places}}})?$",
        }
    elif isinstance(field, models.IntegerField):
        schema = {"type": "integer"}
        if isinstance(field, POSITIVE):
            schema["minimum"] = 0
    elif isinstance(field, models.DateTimeField):
        schema = {"type": "string", "pattern": DATETIME}
    elif isinstance(field, models.DateField):
        schema = {"type": "string", "pattern": DATE}
    elif isinstance(field, models.JSONField):
        return {"description": description}
    else:
        limit = field.max_length or settings.TEXT_MAX_LENGTH
        schema = {"type": "string", "maxLength": limit}
    if field.choices and not column.ref:
        schema["enum"] = [value for value, _label in field.flatchoices]
    schema["description"] = description
    return _nullable(schema, field.null)


def required(column: Column) -> bool:
    field = column.field
    if field is None:
        return True
    return not (field.null or field.blank or field.has_default())


def kind_schema(kind: Kind) -> dict[str, Any]:
    columns = fields_of(kind)
    row = {
        "type": "object",
        "title": str(kind.sheet),
        "additionalProperties": False,
        "properties": {column.name: column_schema(column) for column in columns},
        "required": [column.name for column in columns if required(column)],
    }
    if kind.single:
        return row
    return {"type": "array", "maxItems": MAX_ROWS_PER_KIND, "items": row}


def build_schema() -> dict[str, Any]:
    with translation.override("en"):
        properties = {
            "format": {"const": FORMAT},
            "version": {"const": VERSION},
            **{kind.name: kind_schema(kind) for kind in KINDS},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://helhedsplan.dk/exchange/v1/schema.json",
        "title": "Helhedsplan exchange file, version 1",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "version", "plan"],
        "properties": properties,
    }


def schema_text() -> str:
    return json.dumps(build_schema(), ensure_ascii=False, indent=1) + "\n"


def checked_in_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return schema
