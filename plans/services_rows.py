"""Rows that the user orders or edits one by one (mål, criteria, parties, members): append,
move, delete and renumber, each in one transaction (see `plans.services`)."""

from typing import Any

from django import forms
from django.db import models, transaction

from .models import Ordered


@transaction.atomic
def ordered_append(*, instance: Ordered, siblings: models.QuerySet[Any]) -> Ordered:
    """Save a new ordered row at the end of its list."""
    instance.order = siblings.count()
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def ordered_move(*, instance: Ordered, siblings: models.QuerySet[Any], up: bool) -> None:
    """Swap a row with its neighbour; the list stays numbered 0, 1, 2 …"""
    rows = list(siblings.select_for_update().order_by("order", "id"))
    index = next(i for i, row in enumerate(rows) if row.pk == instance.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(rows):
        rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        if row.order != position:
            row.order = position
            row.save(update_fields=["order"])


@transaction.atomic
def ordered_delete(*, instance: Ordered, siblings: models.QuerySet[Any]) -> None:
    instance.delete()
    ordered_renumber(queryset=siblings)


@transaction.atomic
def row_save(*, instance: models.Model, form: forms.ModelForm[Any] | None = None) -> models.Model:
    """Save one row (and its many-to-many fields when it came from a form)."""
    instance.full_clean()
    instance.save()
    if form is not None:
        form.save_m2m()
    return instance


@transaction.atomic
def row_delete(*, instance: models.Model) -> None:
    instance.delete()


def ordered_renumber(*, queryset: models.QuerySet[Any]) -> None:
    for position, row in enumerate(queryset.order_by("order", "id")):
        if row.order != position:
            row.order = position
            row.save(update_fields=["order"])
