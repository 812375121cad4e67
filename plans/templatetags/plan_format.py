from django import template

from plans.money import format_budget, format_kr
from plans.numbers import format_number
from plans.richtext import render_prose

register = template.Library()


@register.filter
def prose(value):
    """Render a prose field (safe Markdown subset)."""
    return render_prose(value)


@register.filter
def kr(value):
    """13633000 → '13.633.000 kr.'"""
    return format_kr(value)


@register.filter
def budget(value, unit="kr"):
    """A budget amount in the table's unit; None (nothing budgeted) prints blank."""
    return format_budget(value, unit)


@register.filter
def number(value, unit=""):
    """Decimal(27.80), '%' → '27,8 %'"""
    return format_number(value, unit)


@register.filter
def get(mapping, key):
    """{{ totals|get:year }} – a value from a dict, 0 when missing."""
    return mapping.get(key, 0) if mapping is not None else 0
