"""The tabs under a plan's header. They live in the top app because they link to the pages of
every app (plans, activities, reporting), and only the top app may name them all."""

import re

from django import template
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

register = template.Library()


# The plan's tabs: (label, url name, extra path parts that also make the tab current).
_PLAN_TABS = [
    (gettext_lazy("Overview"), "activities:plan_detail", ()),
    (gettext_lazy("Board overview"), "reporting:dashboard", ()),
    (gettext_lazy("Strategic agreement"), "activities:agreement_detail", ()),
    (gettext_lazy("Focus areas"), "plans:focus_areas", ("/delaftaler/", "/aktivitet/")),
    (gettext_lazy("Milestone plan"), "activities:milestone_plan", ()),
    (gettext_lazy("Deadlines"), "reporting:deadlines", ()),
    (gettext_lazy("Indicators"), "activities:indicators", ()),
    (gettext_lazy("Budget"), "activities:budget", ()),
    (gettext_lazy("The year's cycle"), "reporting:years", ()),
    (gettext_lazy("Documents"), "reporting:documents", ()),
    (gettext_lazy("Spreadsheets"), "spreadsheets:index", ()),
    (gettext_lazy("Organisation"), "plans:organisation", ()),
    (gettext_lazy("Parties and estates"), "plans:plan_parties", ()),
    (gettext_lazy("Members"), "plans:members", ()),
]


# Each tab's address with the plan's slug left out, per URL configuration: reversing the
# fourteen tabs anew on every page was a third of the header's time. The addresses depend on
# the URL patterns only (fixed while the process runs; a changed configuration is a new
# resolver, so a new key), and a slug is put back in only where reversing would write it as
# it is.
_SLUG_PLACEHOLDER = "plan-tab-slug-placeholder"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_SHAPES: dict = {}


def _tab_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug})."""
    key = (get_resolver(get_urlconf()), get_script_prefix(), name)
    shape = _SHAPES.get(key)
    if shape is None:
        url = reverse(name, kwargs={"slug": _SLUG_PLACEHOLDER})
        shape = url.split(_SLUG_PLACEHOLDER) if url.count(_SLUG_PLACEHOLDER) == 1 else False
        _SHAPES[key] = shape
    if shape is False or not _PLAIN_SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    return shape[0] + slug + shape[1]


@register.simple_tag
def plan_tabs(plan, path):
    """The tabs under a plan's header, each with its address and whether it is the current one
    (the overview only on its own address; the others also on the pages below them)."""
    tabs = []
    for label, name, also in _PLAN_TABS:
        url = _tab_url(name, plan.slug)
        if name == "activities:plan_detail":
            current = path == url
        else:
            current = url in path or any(part in path for part in also)
        tabs.append({"label": label, "url": url, "current": current})
    return tabs


@register.simple_tag
def plan_tab_nav(plan, path):
    """The plan's navigation under its header: tabs on wide screens, one menu button that
    opens the same links on phones (< 768 px). Written out here: the template's three loops
    over the tabs were most of the header's time."""
    tabs = [(str(tab["label"]), tab["url"], tab["current"]) for tab in plan_tabs(plan, path)]
    wide, narrow = [], []
    for label, url, current in tabs:
        active = " active" if current else ""
        aria = mark_safe(' aria-current="page"') if current else ""
        wide.append(format_html(
            '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}</a></li>',
            active, url, aria, label,
        ))
        narrow.append(format_html(
            '<li><a class="dropdown-item{}" href="{}"{}>{}</a></li>', active, url, aria, label
        ))
    here = "".join(format_html(": <strong>{}</strong>", label) for label, _, current in tabs
                   if current)
    return format_html(
        '<nav aria-label="{}" class="d-print-none mb-3">\n'
        '  <ul class="nav nav-tabs d-none d-md-flex">\n    {}\n  </ul>\n'
        '  <div class="dropdown d-md-none plan-menu">\n'
        '    <button class="btn btn-outline-primary dropdown-toggle w-100 text-start text-wrap" '
        'type="button" id="plan-menu-button" data-bs-toggle="dropdown" aria-expanded="false">\n'
        "      {}{}\n    </button>\n"
        '    <ul class="dropdown-menu w-100" aria-labelledby="plan-menu-button">\n      {}\n'
        "    </ul>\n  </div>\n</nav>",
        gettext("The plan"), mark_safe("".join(wide)), gettext("Plan menu"), mark_safe(here),
        mark_safe("".join(narrow)),
    )
