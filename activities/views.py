"""Pages that show plan content together with activities, criteria and milestones.

They live here, above `plans`, because they read both apps; editing of single rows goes
through the generic part views of `plans.views` (see `activities.parts`).
"""

import datetime
import mimetypes
from pathlib import Path

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from plans.forms import AGREEMENT_SECTIONS, DELAFTALE_SECTIONS
from plans.selectors import PlanAccess
from plans.views import plan_view

from . import selectors
from .models import Measurement


@plan_view()
def agreement_detail(request, access: PlanAccess):
    agreement = selectors.agreement_get(plan=access.plan)
    return render(
        request,
        "activities/agreement_detail.html",
        {
            "access": access,
            "plan": agreement.plan,
            "agreement": agreement,
            "sections": AGREEMENT_SECTIONS,
        },
    )


@plan_view()
def focus_area_detail(request, access: PlanAccess, area: str):
    focus_area = selectors.focus_area_get(plan=access.plan, area_slug=area)
    return render(
        request,
        "activities/focus_area_detail.html",
        {"access": access, "plan": access.plan, "area": focus_area},
    )


@plan_view()
def delaftale_detail(request, access: PlanAccess, area: str):
    delaftale = selectors.delaftale_get(plan=access.plan, area_slug=area)
    activities = list(delaftale.activities.all())
    for activity in activities:
        activity.editable = selectors.activity_editable(access, activity)
    return render(
        request,
        "activities/delaftale_detail.html",
        {
            "access": access,
            "plan": access.plan,
            "delaftale": delaftale,
            "area": delaftale.focus_area,
            "activities": activities,
            "sections": DELAFTALE_SECTIONS,
        },
    )


@plan_view()
def activity_detail(request, access: PlanAccess, pk: int):
    activity = selectors.activity_get(plan=access.plan, pk=pk)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "access": access,
            "plan": access.plan,
            "activity": activity,
            "area": activity.delaftale.focus_area,
            "can_edit": selectors.activity_editable(access, activity),
            "template": access.plan.rule_set.activity_template,
        },
    )


@plan_view()
def milestone_plan_current(request, access: PlanAccess):
    years = selectors.plan_years(access.plan)
    this_year = datetime.date.today().year
    year = this_year if this_year in years else years[0]
    return redirect("activities:milestone_plan_year", slug=access.plan.slug, year=year)


@plan_view()
def milestone_plan(request, access: PlanAccess, year: int):
    milestone_plan = selectors.milestone_plan_get(plan=access.plan, year=year)
    return render(
        request,
        "activities/milestone_plan.html",
        {"access": access, "plan": access.plan, "mp": milestone_plan},
    )


@plan_view()
def evidence_download(request, access: PlanAccess, pk: int):
    """Evidence is served through the plan's access check, never from a public media URL."""
    criteria = selectors.criteria_for_plan(plan=access.plan)
    measurement = get_object_or_404(Measurement, pk=pk, criterion__in=criteria)
    if not measurement.evidence:
        raise Http404
    name = Path(measurement.evidence.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(
        measurement.evidence.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
