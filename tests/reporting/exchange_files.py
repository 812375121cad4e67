"""Helpers for the exchange tests: export, import and compare whole plans."""

import copy
import json

from django.apps import apps

from reporting.exchange.export import document_json, plan_document
from reporting.exchange.imports import plan_import
from reporting.exchange.reader import upload_read
from reporting.exchange.workbook import document_workbook, workbook_document


def exported(plan, fmt: str = "json") -> bytes:
    document = plan_document(plan)
    return document_json(document) if fmt == "json" else document_workbook(document)


def import_file(content: bytes, *, name: str, user, slug: str | None = None, commit=True):
    return plan_import(upload=upload_read(name=name, content=content), user=user, name=name,
                       slug=slug, commit=commit)


def without_slug(document: dict) -> dict:
    document = copy.deepcopy(document)
    document["plan"].pop("slug", None)
    return document


def file_document(content: bytes, fmt: str) -> dict:
    """What a file says, as a document (a workbook's cells; JSON as it is)."""
    if fmt == "json":
        return json.loads(content)
    document, _numbers, problems = workbook_document(content, "plan.xlsx")
    assert problems == []
    return document


def row_counts() -> dict[str, int]:
    """Every table of plan data, reference data and users: an import that fails changes none."""
    return {
        model._meta.label: model._base_manager.count()
        for app in ("plans", "activities", "reporting", "auth")
        for model in apps.get_app_config(app).get_models()
    }


def mutated(document: dict, change) -> bytes:
    document = copy.deepcopy(document)
    change(document)
    return json.dumps(document).encode()
