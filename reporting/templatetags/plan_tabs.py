"""The tabs under a plan's header. They live in the top app because they link to the pages of
every app (plans, activities, reporting), and only the top app may name them all."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy

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
