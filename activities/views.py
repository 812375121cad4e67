"""Pages that show plan content together with activities, criteria and milestones.

They live here, above `plans`, because they read both apps. The budget page is in
`activities.budget_views`; rows edited one at a time are in `activities.row_views`.
"""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from plans.selectors import (
    PlanAccess,
    financing_summary_get,
    plan_page_get,
    plan_years,
    version_get,
)
from plans.views import plan_view
from plans.yearlock import locked_years

from . import approval, history, selectors, services
from .approval import snapshots
from .forms import ProposedMilestoneFormSet
from .indicators import indicators_get
from .models import Measurement


@plan_view()
def plan_detail(request, access: PlanAccess):
    """The plan's overview: areas and delaftaler, facts, parties, members and the money rules."""
    overview = plan_page_get(plan=access.plan)
    delaftaler = [area.delaftale for area in overview.areas if hasattr(area, "delaftale")]
    states = approval.approval_states_get(delaftaler)
    for delaftale in delaftaler:
        delaftale.approval = states[("delaftale", delaftale.pk)]
    money = selectors.money_overview_get(plan=overview.plan, lines=False, areas=overview.areas)
    return render(
        request,
        "activities/plan_detail.html",
        {"access": access, "plan": overview.plan, "overview": overview, "money": money},
    )


def _approval_panel(document, access: PlanAccess, data) -> dict:
    """State, the actions the user may take, the approved versions and whether the live text
    has changed since the last of them (then it is a new draft). `data()` makes the live
    snapshot, only when there is a version to compare it with."""
    # The versions without their content: the last one's is read only for a comparison not
    # yet kept.
    versions = list(approval.versions_of(document).defer("data"))
    state = approval.approval_state_from_versions(document, versions, live=data)
    return {
        "document": document,
        "rules": approval.allowed_rules(document=document, access=access),
        "versions": versions,
        "state": state,
        "changed_since_approval": state.changed,
    }


def _section_toc(document, *, areas=(), activities=()) -> list[tuple[str, str, int]]:
    """The table of contents of a long document page: (anchor, title, level) per section, with
    the focus areas (agreement) or activities (delaftale) under the section that shows them."""
    toc = [("godkendelse", _("Approval"), 1)]
    for section in document.sections.all():
        toc.append((f"afsnit-{section.pk}", section.title, 1))
        if section.content == "focus_areas":
            toc += [(f"omraade-{area.pk}", area.name, 2) for area in areas]
        elif section.content == "activities":
            toc += [(f"aktivitet-{activity.pk}", activity.name, 2) for activity in activities]
    return toc


@plan_view()
def agreement_detail(request, access: PlanAccess):
    agreement = selectors.agreement_get(plan=access.plan, estates=False)
    toc = _section_toc(agreement, areas=agreement.plan.focus_areas.all())
    toc[1:1] = [("parter", _("Parties to the agreement"), 1)]
    toc.append(("underskrifter", _("Signatures"), 1))
    panel = _approval_panel(agreement, access, lambda: snapshots.agreement_data(agreement))
    return render(
        request,
        "activities/agreement_detail.html",
        {
            "access": access,
            "plan": agreement.plan,
            "agreement": agreement,
            "approval": panel,
            "toc": toc,
            "compare_url": reverse("activities:agreement_compare", args=[access.plan.slug]),
            "financing": financing_summary_get(plan=access.plan),
            "indicators": indicators_get(plan=access.plan),
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
    panel = _approval_panel(delaftale, access, lambda: snapshots.delaftale_data(delaftale))
    slug_area = [access.plan.slug, area]
    toc = _section_toc(delaftale, activities=activities)
    toc[1:1] = [("parter", _("Parties to the sub-agreement"), 1)]
    return render(
        request,
        "activities/delaftale_detail.html",
        {
            "access": access,
            "plan": access.plan,
            "delaftale": delaftale,
            "area": delaftale.focus_area,
            "activities": activities,
            "approval": panel,
            "toc": toc,
            "compare_url": reverse("activities:delaftale_compare", args=slug_area),
            "area_financing": financing_summary_get(plan=access.plan).by_area[
                delaftale.focus_area_id
            ],
            # Whether to offer splitting a staff resource's time across the afdelinger.
            "estates": access.can_edit
            and bool(delaftale.staff_resources.all())
            and access.plan.plan_estates.exists(),
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
def indicators(request, access: PlanAccess):
    """The plan's indicators (Boligsociale Data and others) with their values per afdeling
    and for the area, and the criteria measured by each."""
    rows = indicators_get(plan=access.plan)
    criteria = selectors.criteria_for_plan(plan=access.plan).filter(indicator__isnull=False)
    tied = {}
    for criterion in criteria:
        tied.setdefault(criterion.indicator_id, []).append(criterion)
    for row in rows:
        row.criteria = tied.get(row.indicator.pk, [])
    return render(
        request,
        "activities/indicators.html",
        {"access": access, "plan": access.plan, "rows": rows},
    )


@plan_view()
def milestone_plan_current(request, access: PlanAccess):
    years = plan_years(access.plan)
    this_year = timezone.localdate().year
    year = this_year if this_year in years else years[0]
    return redirect("activities:milestone_plan_year", slug=access.plan.slug, year=year)


@plan_view()
def milestone_plan(request, access: PlanAccess, year: int):
    milestone_plan = selectors.milestone_plan_get(plan=access.plan, year=year)
    return render(
        request,
        "activities/milestone_plan.html",
        {"access": access, "plan": access.plan, "mp": milestone_plan,
         "locked": year in locked_years(access.plan)},
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


# --- Approved versions ------------------------------------------------------------------------


@plan_view()
def version_pdf(request, access: PlanAccess, pk: int):
    """The approved PDF exactly as stored; its SHA-256 is shown on the document's page. Sent as
    a file to keep (it is what goes to LBF), not opened in the browser."""
    version = version_get(plan=access.plan, pk=pk)
    if not version.pdf:
        raise Http404
    response = FileResponse(
        version.pdf.open("rb"),
        as_attachment=True,
        filename=f"{version.title} - version {version.number}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _side(value: str, versions, draft: dict):
    """A side of the comparison: a version's id from the query string, or the live draft."""
    if value == "kladde":
        return None, draft
    by_id = {str(version.pk): version for version in versions}
    if value not in by_id:
        raise Http404
    return by_id[value], by_id[value].data


def _compare(request, access, document, draft: dict, back: str):
    """Two versions side by side, by default the last approved one and the live draft."""
    versions = list(approval.versions_of(document))
    if not versions:
        raise Http404
    old_version, old = _side(request.GET.get("a") or str(versions[0].pk), versions, draft)
    new_version, new = _side(request.GET.get("b") or "kladde", versions, draft)
    return render(
        request,
        "activities/compare.html",
        {
            "access": access,
            "plan": access.plan,
            "document": document,
            "versions": versions,
            "old_version": old_version,
            "new_version": new_version,
            "diffs": snapshots.compare(old, new),
            "back": back,
        },
    )


@plan_view()
def delaftale_compare(request, access: PlanAccess, area: str):
    delaftale = selectors.delaftale_get(plan=access.plan, area_slug=area)
    return _compare(request, access, delaftale, snapshots.delaftale_data(delaftale),
                    delaftale.get_absolute_url())


@plan_view()
def agreement_compare(request, access: PlanAccess):
    agreement = selectors.agreement_get(plan=access.plan)
    return _compare(request, access, agreement, snapshots.agreement_data(agreement),
                    reverse("activities:agreement_detail", args=[access.plan.slug]))


def _history_page_number(request) -> int:
    """`?side=N` of a history page; anything but a page number that can exist is a 404."""
    raw = request.GET.get("side", "1")
    # ASCII digits only: isdigit() also takes "²" and "３", which int() refuses or reads.
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= history.MAX_PAGE:
        raise Http404
    return int(raw)


def _with_times(page: history.HistoryPage) -> history.HistoryPage:
    """Each change's time as the page prints it (local time, "j. b. Y H:i"), formatted once a
    minute instead of once a row: a grid save or an import writes many rows in one minute."""
    texts = {}
    for change in page.changes:
        minute = change.when.replace(second=0, microsecond=0)
        if minute not in texts:
            texts[minute] = dateformat.format(timezone.localtime(minute), "j. b. Y H:i")
        change.when_text = texts[minute]
    return page


@plan_view()
def plan_history(request, access: PlanAccess):
    """Who changed what in the plan, and when: 100 changes a page, newest first."""
    page = _with_times(
        history.plan_history_get(plan=access.plan, page=_history_page_number(request))
    )
    return render(
        request,
        "activities/history.html",
        {"access": access, "plan": access.plan, "limit": history.LIMIT, "page": page},
    )


@plan_view()
def object_history(request, access: PlanAccess, kind: str, pk: int):
    """The history of one object of the plan and of everything below it."""
    found = history.object_history_get(
        plan=access.plan, kind=kind, pk=pk, page=_history_page_number(request)
    )
    return render(
        request,
        "activities/history.html",
        {"access": access, "plan": access.plan, "limit": history.LIMIT,
         "object": found, "page": _with_times(found.page)},
    )


@plan_view(edit=True)
def milestone_plan_propose(request, access: PlanAccess, year: int):
    """Next year's milepælsplan, proposed from this year's unfinished milestones and the
    activities' planned work; the leder edits it and saves; nothing is saved before that."""
    plan = access.plan
    proposal = selectors.milestone_proposal(plan=plan, year=year)  # 404 outside the period
    back = reverse("activities:milestone_plan_year", kwargs={"slug": plan.slug, "year": year})
    formset = ProposedMilestoneFormSet(
        request.POST or None,
        initial=None if request.method == "POST" else proposal,
        form_kwargs={"plan": plan},
        prefix="m",
    )
    locked = year in locked_years(plan)
    if request.method == "POST" and formset.is_valid():
        try:
            made = services.milestone_plan_save(
                plan=plan, year=year, rows=[form.cleaned_data for form in formset.forms
                                            if form.cleaned_data],
                user=request.user,
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(
                request,
                ngettext("%(n)s milestone saved in the milestone plan %(year)s.",
                         "%(n)s milestones saved in the milestone plan %(year)s.", made)
                % {"n": made, "year": year},
            )
            return redirect(back)
    return render(
        request,
        "activities/milestone_propose.html",
        {"access": access, "plan": plan, "year": year, "formset": formset, "back": back,
         "locked": locked, "proposed": len(proposal)},
        status=400 if formset.is_bound and not formset.is_valid() else 200,
    )
