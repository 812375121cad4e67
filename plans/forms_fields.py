"""Widgets and fields that the plan's forms (and the activities' forms) share."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from .models import (
    PlanEstate,
)
from .numbers import KronerField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def plan_formfield(db_field, **kwargs):
    """Dates as date pickers, prose as roomy textareas, kroner as Danish amounts."""
    from django.db import models

    if isinstance(db_field, models.DateField):
        kwargs["widget"] = DateInput
    elif isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 6})
    elif isinstance(db_field, models.PositiveBigIntegerField) and db_field.name.endswith("_kr"):
        return KronerField(required=not db_field.blank, label=db_field.verbose_name.capitalize())
    return db_field.formfield(**kwargs)


class SuggestingInput(forms.TextInput):
    """A text input with suggestions the user may take or ignore (an HTML datalist)."""

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-forslag"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">', ((s,) for s in self.suggestions))
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


def estate_status_field():
    return forms.CharField(
        label=_("Status"),
        max_length=200,
        required=False,
        widget=SuggestingInput(PlanEstate.STATUS_SUGGESTIONS),
        help_text=PlanEstate._meta.get_field("status").help_text,
    )
