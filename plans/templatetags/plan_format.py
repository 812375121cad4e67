from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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


# The plan's tabs: (label, url name, extra path parts that also make the tab current).
_PLAN_TABS = [
    (_("Overview"), "activities:plan_detail", ()),
    (_("Board overview"), "reporting:dashboard", ()),
    (_("Strategic agreement"), "activities:agreement_detail", ()),
    (_("Focus areas"), "plans:focus_areas", ("/delaftaler/", "/aktivitet/")),
    (_("Milestone plan"), "activities:milestone_plan", ()),
    (_("Budget"), "activities:budget", ()),
    (_("Documents"), "reporting:documents", ()),
    (_("Spreadsheets"), "spreadsheets:index", ()),
    (_("Organisation"), "plans:organisation", ()),
    (_("Parties and estates"), "plans:plan_parties", ()),
    (_("Members"), "plans:members", ()),
]


@register.simple_tag
def plan_tabs(plan, path):
    """The tabs under a plan's header, each with its address and whether it is the current one
    (the overview only on its own address; the others also on the pages below them)."""
    tabs = []
    for label, name, also in _PLAN_TABS:
        url = reverse(name, kwargs={"slug": plan.slug})
        if name == "activities:plan_detail":
            current = path == url
        else:
            current = url in path or any(part in path for part in also)
        tabs.append({"label": label, "url": url, "current": current})
    return tabs
