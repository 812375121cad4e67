"""The year's cycle: each year of the plan with its lock, its milepælsplan and its årsrapport.

The leder locks a year once its yearly report is submitted (`plans.yearlock`), reopens it with
a reason, proposes next year's milepælsplan and makes the årsrapport (PDF on the existing
document path, workbook here).
"""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from activities import selectors as activity_selectors
from activities.budget import year_checks
from plans.models import YearLock
from plans.selectors import PlanAccess, plan_years
from plans.views import form_page, plan_view
from plans.yearlock import REASON_MAX, year_lock, year_reopen

from .annual import annual_filename, annual_report_get, annual_workbook
from .exchange.sheets.export import XLSX_CONTENT_TYPE


@dataclass
class YearRow:
    year: int
    lock: YearLock | None
    check: object  # activities.budget.YearCheck, or None for a plan without LBF money
    milestones: int
    next_year: int | None

    @property
    def annual_spec(self) -> str:
        return f"annual:{self.year}"

    @property
    def milestones_spec(self) -> str:
        return f"milestones:{self.year}"


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for reopening"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Kept in the plan's history and the audit log."),
    )


def _year_or_404(access: PlanAccess, year: int) -> int:
    if year not in plan_years(access.plan):
        raise Http404
    return year


@plan_view()
def years(request, access: PlanAccess):
    plan = access.plan
    plan_year_list = plan_years(plan)
    locks = {lock.year: lock for lock in plan.year_locks.select_related("locked_by")}
    money = activity_selectors.money_overview_get(plan=plan)
    checks = {c.year: c for c in year_checks(money.financing)} if money.with_lbf else {}
    counts = {year: 0 for year in plan_year_list}
    for milestone in plan.milestones.only("due_date", "due_year", "due_quarter"):
        year = milestone.quarter_key[0]
        if year in counts:
            counts[year] += 1
    rows = [
        YearRow(year=year, lock=locks.get(year), check=checks.get(year),
                milestones=counts[year],
                next_year=year + 1 if year + 1 in plan_year_list else None)
        for year in plan_year_list
    ]
    return render(request, "reporting/years.html",
                  {"access": access, "plan": plan, "rows": rows})


@plan_view(edit=True)
@require_POST
def year_lock_view(request, access: PlanAccess, year: int):
    year = _year_or_404(access, year)
    try:
        year_lock(plan=access.plan, year=year, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(year)s is locked.") % {"year": year})
    return redirect("reporting:years", slug=access.plan.slug)


@plan_view(edit=True)
def year_reopen_view(request, access: PlanAccess, year: int):
    year = _year_or_404(access, year)
    back = reverse("reporting:years", kwargs={"slug": access.plan.slug})
    if not access.plan.year_locks.filter(year=year).exists():
        messages.info(request, _("%(year)s is not locked.") % {"year": year})
        return redirect(back)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            year_reopen(plan=access.plan, year=year, user=request.user,
                        reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(year)s is open again.") % {"year": year})
            return redirect(back)
    return form_page(
        request, access, form,
        title=_("Reopen %(year)s") % {"year": year},
        intro=_("Reopening makes the year's budget, spending, financing, measurements "
                "and milestones editable again. Say why; the reason is kept."),
        back=back, crumb=_("The year's cycle"),
    )


@plan_view()
def annual_xlsx(request, access: PlanAccess, year: int):
    year = _year_or_404(access, year)
    content = annual_workbook(annual_report_get(plan=access.plan, year=year))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = annual_filename(access.plan, year, "xlsx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

