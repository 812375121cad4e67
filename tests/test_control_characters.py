"""Control characters (\\x01, \\x1f, \\x7f …) never reach the database (issue 17, point 15).

Every route of the route matrix is opened as the plan's leder; every form a page shows is
posted back with its own values and control characters added to each text field. Afterwards
no text column of any plan table holds one. A new page with a form is walked without being
listed here.
"""

import datetime
import re

import pytest
from django import forms
from django.apps import apps
from django.db import models
from django.db.models.fields.files import FieldFile
from django.test import Client
from django.urls import reverse

from plans.models import Membership
from tests.test_routes import PLAN_ROUTES, _kwargs_for

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DIRTY = "\x01Styr\x1ftegn\x7f"
# Writes that remove rows go last, so the forms of the rows are posted first.
LAST = ("_delete", "_remove", "_withdraw", "_move", "transition")


def _value(value):
    if isinstance(value, FieldFile):
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_value(v) for v in value]
    if isinstance(value, models.Model):
        return value.pk
    return "" if value is None else value


def _posted_back(form) -> dict:
    data = {}
    for bound in form:
        value = _value(bound.value())
        field = bound.field
        if isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
            continue
        is_text = type(field) in (forms.CharField, forms.EmailField, forms.SlugField)
        if is_text and not bound.is_hidden and isinstance(value, str):
            value = (
                value + DIRTY
                if not isinstance(field, forms.EmailField | forms.SlugField)
                else value
            )
        data[bound.html_name] = value
    return data


def _text_columns():
    for app in ("plans", "activities", "reporting"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, models.CharField | models.TextField):
                    yield model, field.name


def test_no_form_on_any_page_stores_a_control_character(victim_plan):
    leader = victim_plan.memberships.filter(role=Membership.Role.LEADER).first().user
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    routes = sorted(PLAN_ROUTES, key=lambda name: (name.endswith(LAST), name))
    # Addresses first: the walk adds rows, and the route cases look rows up one of a kind.
    urls = {name: reverse(name, kwargs=_kwargs_for(name, victim_plan)) for name in routes}
    saved = []
    for name in routes:
        url = urls[name]
        page = client.get(url)
        form = (page.context or {}).get("form") if page.status_code == 200 else None
        if form is None or not hasattr(form, "fields"):
            continue
        response = client.post(url, _posted_back(form))
        assert response.status_code < 500, name
        if response.status_code in (302, 204):
            saved.append(name)

    dirty = [
        f"{model.__name__}.{column}"
        for model, column in _text_columns()
        for value in model.objects.values_list(column, flat=True)
        if value and CONTROL.search(value)
    ]
    assert not dirty, dirty
    # Not a vacuous walk: forms were saved, with the typed text kept.
    assert len(saved) >= 10, saved
    assert victim_plan.agreement.__class__.objects.filter(pk=victim_plan.agreement.pk)
    assert any(
        model.objects.filter(**{f"{column}__contains": "Styrtegn"}).exists()
        for model, column in _text_columns()
    )


@pytest.mark.parametrize("text", ["a\x01b", "\x1f", "x\x7f", "nul\x00"])
def test_control_characters_are_stripped_and_line_breaks_kept(text):
    from helhedsplan.security import strip_control_characters

    assert not CONTROL.search(strip_control_characters(text + "\tny\r\nlinje"))
    assert strip_control_characters("ét\tto\r\ntre\n") == "ét\tto\r\ntre\n"


def test_an_imported_text_cell_loses_its_control_characters():
    from reporting.exchange.sheets.cells import TextWidget

    assert TextWidget(multiline=True).clean("Forår\x01 i\x1f gården\x7f") == "Forår i gården"


def test_a_posted_name_with_control_characters_is_saved_without_them(plan, leader_client):
    response = leader_client.post(
        reverse("plans:plan_parties", args=[plan.slug]),
        {"add_organisation": "1", "org-name": "Fonden\x01 for\x1f Gården\x7f", "org-kind": "andet"},
    )

    assert response.status_code == 302
    assert plan.own_organisations.get().name == "Fonden for Gården"
