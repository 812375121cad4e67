"""The budget page: the budget, spending and financing grids of the plan, saved cell by
cell, and the live check of the money rules while the leder types."""

import html

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from plans import concurrency
from plans.numbers import format_kr
from plans.selectors import PlanAccess, financing_lines_get
from plans.services import financing_cell_value, financing_cells_save
from plans.views import plan_view
from plans.yearlock import locked_years

from . import selectors, services
from .budget import spending_get, year_checks
from .forms import MoneyGridForm

GRIDS = {"budget": "amount", "forbrug": "spent"}


def _grid_forms(plan, data=None, *, which=None, mode="budget"):
    """The budget (or spending) grid form and the financing grid form, bound to `data` only
    for the grid that was posted, each with the cells as shown (for the concurrency check)."""
    financing_lines = financing_lines_get(plan=plan)
    overview = selectors.money_overview_get(plan=plan, financing_lines=financing_lines)
    years = overview.grid.years
    field = GRIDS.get(which, GRIDS[mode])
    rows = [row for group in overview.grid.groups for row in group.rows]
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
        label=lambda row: row.line.text,
        can_edit=access.can_edit,
    )
    _attach_inputs(
        financing_lines,
        financing_form,
        lambda line, year: line.by_year[year].amount if year in line.by_year else None,
        lambda line: line.pk,
        locked,
        label=lambda line: line.name,
        can_edit=access.can_edit,
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


def _attach_inputs(rows, form, saved_value, line_id, locked=frozenset(), *, label, can_edit):
    """Give each row its cells: (year, input name, value to show, errors, locked), and as
    `cells_html` the cells' HTML. A bound form shows what was typed, so nothing is lost when a
    cell is refused; a cell of a locked year shows what is saved and is not sent (a cell not
    sent is left as it is)."""
    errors = form.errors
    for row in rows:
        row.inputs = []
        for year in form.years:
            name = form.cell_name(line_id(row), year)
            if form.is_bound and year not in locked:
                value = form.data.get(name, "")
            else:
                saved = saved_value(row, year)
                value = format_kr(saved).removesuffix(" kr.") if saved is not None else ""
            row.inputs.append((year, name, value, errors.get(name, []), year in locked))
        row.cells_html = _cells_html(row.inputs, _escape(label(row)), can_edit)


# The grids have a cell per line and year (hundreds): drawn here, not by a template loop,
# as the template drew them (tests/activities/test_budget.py compares).
_CELL = '\n          <td class="text-end money-cell">{}</td>\n          '
_INPUT = ('<input type="text" inputmode="numeric" name="{name}" value="{value}" '
          'class="form-control form-control-sm text-end{invalid}"{described} '
          'aria-label="{label} {year}">{feedback}')


def _escape(value) -> str:
    """`conditional_escape` (the same result: Django escapes with `html.escape`) without its
    lazy-string wrapper, which costs more than the escaping of a cell."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _cells_html(inputs, label: str, can_edit: bool) -> str:
    cells = []
    for year, name, value, errors, locked in inputs:
        value = _escape(value)
        if can_edit and not locked:
            name = _escape(name)
            if errors:
                invalid = " is-invalid"
                described = f' aria-invalid="true" aria-describedby="{name}-error"'
                feedback = (f'<div class="invalid-feedback" id="{name}-error">'
                            + "".join(f"<div>{_escape(e)}</div>" for e in errors)
                            + "</div>")
            else:
                invalid = described = feedback = ""
            cell = _INPUT.format(name=name, value=value, invalid=invalid, described=described,
                                 label=label, year=year, feedback=feedback)
        else:
            cell = value or "–"
        cells.append(_CELL.format(cell))
    return SafeString("".join(cells))  # every value escaped above


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


