"""Pages that show plan content together with activities, criteria and milestones.

They live here, above `plans`, because they read both apps; editing of single rows goes
through the generic part views of `plans.views` (see `activities.parts`).
"""

import mimetypes
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from plans import approval, concurrency
from plans.numbers import format_kr
from plans.selectors import (
    PlanAccess,
    financing_lines_get,
    financing_summary_get,
    plan_overview_get,
    plan_years,
    version_get,
)
from plans.services import financing_cell_value, financing_cells_save
from plans.views import plan_view
from plans.yearlock import locked_years

from . import history, selectors, services, snapshots
from .budget import spending_get, year_checks
from .forms import MoneyGridForm, ProposedMilestoneFormSet
from .indicators import indicators_get
from .models import Measurement


@plan_view()
def plan_detail(request, access: PlanAccess):
    """The plan's overview: areas and delaftaler, facts, parties, members and the money rules."""
    plan = plan_overview_get(plan=access.plan)
    areas = list(plan.focus_areas.all())
    delaftaler = [area.delaftale for area in areas if hasattr(area, "delaftale")]
    states = selectors.approval_states_get(delaftaler)
    for delaftale in delaftaler:
        delaftale.approval = states[("delaftale", delaftale.pk)]
    return render(
        request,
        "activities/plan_detail.html",
        {"access": access, "plan": plan, "money": selectors.money_overview_get(plan=plan)},
    )


def _approval_panel(document, access: PlanAccess, data) -> dict:
    """State, the actions the user may take, the approved versions and whether the live text
    has changed since the last of them (then it is a new draft). `data()` makes the live
    snapshot, only when there is a version to compare it with."""
    versions = list(approval.versions_of(document))
    state = selectors.approval_state_get(document, live=data)
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
    agreement = selectors.agreement_get(plan=access.plan)
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
            "transition_url": reverse("reporting:agreement_transition", args=[access.plan.slug]),
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
            "transition_url": reverse("reporting:delaftale_transition", args=slug_area),
            "compare_url": reverse("activities:delaftale_compare", args=slug_area),
            "area_financing": financing_summary_get(plan=access.plan).by_area[
                delaftale.focus_area_id
            ],
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


@plan_view()
def plan_history(request, access: PlanAccess):
    """Who changed what in the plan, and when: 100 changes a page, newest first."""
    page = history.plan_history_get(plan=access.plan, page=_history_page_number(request))
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
         "object": found, "page": found.page},
    )


# --- Budget and financing ---------------------------------------------------------------------

GRIDS = {"budget": "amount", "forbrug": "spent"}


def _grid_forms(plan, data=None, *, which=None, mode="budget"):
    """The budget (or spending) grid form and the financing grid form, bound to `data` only
    for the grid that was posted, each with the cells as shown (for the concurrency check)."""
    overview = selectors.money_overview_get(plan=plan)
    years = overview.grid.years
    field = GRIDS.get(which, GRIDS[mode])
    rows = [row for group in overview.grid.groups for row in group.rows]
    financing_lines = financing_lines_get(plan=plan)
    budget_form = MoneyGridForm(
        data if which in GRIDS else None,
        key="b",
        line_ids=[row.line.pk for row in rows],
        years=years,
        loaded_token=concurrency.grid_token({
            (row.line.pk, year): services.budget_cell_value(row.cells[year], field)
            for row in rows for year in years
        }),
    )
    financing_form = MoneyGridForm(
        data if which == "finansiering" else None,
        key="f",
        line_ids=[line.pk for line in financing_lines],
        years=years,
        loaded_token=concurrency.grid_token({
            (line.pk, year): financing_cell_value(line.by_year.get(year))
            for line in financing_lines for year in years
        }),
    )
    return overview, financing_lines, budget_form, financing_form


def _grid_conflict(form, conflict: concurrency.GridConflict, normal) -> None:
    """Refused: keep what was typed, show the other person's values in the cells this user did
    not touch, and carry the new values so that saving again is deliberate."""
    form.add_error(None, conflict)
    typed, loaded = form.cells(), form.loaded or {}
    form.data = form.data.copy()
    form.data[concurrency.FIELD] = conflict.token
    for cell, now in conflict.current.items():
        untouched = cell in typed and normal(typed[cell]) == normal(loaded.get(cell))
        if untouched and now != normal(loaded.get(cell)):
            form.data[form.cell_name(*cell)] = (
                format_kr(now).removesuffix(" kr.") if now is not None else ""
            )


@plan_view()
def budget(request, access: PlanAccess):
    """Budget and financing as one screen: lines × years, totals, rules, spending."""
    plan = access.plan
    mode = request.GET.get("visning", "budget")
    if mode not in GRIDS:
        raise Http404
    which = request.POST.get("grid") if request.method == "POST" else None
    if which is not None and which not in (*GRIDS, "finansiering"):
        raise Http404
    if request.method == "POST" and not access.can_edit:
        raise PermissionDenied
    overview, financing_lines, budget_form, financing_form = _grid_forms(
        plan, request.POST, which=which, mode=mode
    )
    if which is not None:
        form = financing_form if which == "finansiering" else budget_form
        if form.is_valid():
            try:
                if which == "finansiering":
                    changed = financing_cells_save(
                        plan=plan, cells=form.cells(), user=request.user, loaded=form.loaded
                    )
                else:
                    changed = services.budget_cells_save(
                        plan=plan, cells=form.cells(), field=GRIDS[which], user=request.user,
                        loaded=form.loaded,
                    )
            except concurrency.GridConflict as conflict:
                _grid_conflict(form, conflict, (lambda v: v or None) if which == "finansiering"
                               else (lambda v: v))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    ngettext("%(n)s amount saved.", "%(n)s amounts saved.", changed)
                    % {"n": changed},
                )
                anchor = "finansiering" if which == "finansiering" else "budget"
                query = "" if which != "forbrug" else "?visning=forbrug"
                return redirect(
                    reverse("activities:budget", kwargs={"slug": plan.slug}) + f"{query}#{anchor}"
                )
    locked = locked_years(plan)
    _attach_inputs(
        [row for group in overview.grid.groups for row in group.rows],
        budget_form,
        lambda row, year: getattr(row.cells[year], GRIDS[mode], None) if row.cells[year] else None,
        lambda row: row.line.pk,
        locked,
    )
    _attach_inputs(
        financing_lines,
        financing_form,
        lambda line, year: line.by_year[year].amount if year in line.by_year else None,
        lambda line: line.pk,
        locked,
    )
    years = overview.grid.years
    through_year = min(max(timezone.localdate().year, years[0]), years[-1])
    return render(
        request,
        "activities/budget.html",
        {
            "access": access,
            "plan": plan,
            "money": overview,
            "mode": mode,
            "field": GRIDS[mode],
            "financing_lines": financing_lines,
            "budget_form": budget_form,
            "financing_form": financing_form,
            "budget_groups": [g.group for g in overview.grid.groups if g.group is not None],
            "locked_years": sorted(locked),
            "year_checks": year_checks(overview.financing) if overview.with_lbf else [],
            "spending": (spending_get(overview.grid, through_year=through_year)
                         if mode == "forbrug" else None),
        },
        status=400 if (budget_form.errors or financing_form.errors) else 200,
    )


def _attach_inputs(rows, form, saved_value, line_id, locked=frozenset()):
    """Give each row its cells: (year, input name, value to show, errors, locked). A bound
    form shows what was typed, so nothing is lost when a cell is refused; a cell of a locked
    year shows what is saved and is not sent (a cell not sent is left as it is)."""
    for row in rows:
        row.inputs = []
        for year in form.years:
            name = form.cell_name(line_id(row), year)
            if form.is_bound and year not in locked:
                value = form.data.get(name, "")
            else:
                saved = saved_value(row, year)
                value = format_kr(saved).removesuffix(" kr.") if saved is not None else ""
            row.inputs.append((year, name, value, form.errors.get(name, []), year in locked))


@plan_view(edit=True)
@require_POST
def budget_check(request, access: PlanAccess):
    """Live check while typing (htmx): the rules for the numbers in the grid, unsaved."""
    plan = access.plan
    overview, financing_lines, budget_form, financing_form = _grid_forms(
        plan, request.POST, which=request.POST.get("grid", "budget")
    )
    form = financing_form if request.POST.get("grid") == "finansiering" else budget_form
    if not form.is_valid():
        return render(
            request,
            "activities/_money_rules.html",
            {"money": overview, "errors": form.errors, "live": True},
        )
    if form is budget_form and request.POST.get("grid") == "budget":
        overview = selectors.money_overview_get(plan=plan, overrides=form.cells())
    elif form is financing_form:
        overview = selectors.money_overview_get(plan=plan, financing_overrides=form.cells())
    return render(request, "activities/_money_rules.html", {"money": overview, "live": True})


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
