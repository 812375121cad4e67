"""The årsrapport in one step: for a year, what LBF asks every year, as one PDF and one workbook.

- the målopfyldelse for every criterion (baseline, comparison values, target, the measurements
  up to the year's end, status and its reason), from `activities.selectors.results_get`;
- the regnskab per budget line against the budget (budget, actual, difference) and per source
  of financing, as the reguleringskonto asks;
- the milepælsplan of the year with its statuses, and next year's milepælsplan.

The PDF is a document of `reporting.documents` (`annual:<year>`), so it is made like every
other document (the background job path on the Documents page, `export_pdf`); the workbook is
written here with openpyxl. Both read the same `AnnualReport`, so they hold the same figures.
"""

import datetime
import io
from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from activities import selectors as activity_selectors
from plans.models import FinancingLine, Plan
from plans.selectors import plan_years
from plans.yearlock import locked_years

from .exchange.sheets.export import HEADER_BORDER, HEADER_FILL, HEADER_FONT, WRAP, _set_value

KR_FORMAT = "#,##0"
DATE_FORMAT = "DD.MM.YYYY"


@dataclass
class AccountLine:
    """One budget line in the year: budget, actual (forbrug) and the difference."""

    text: str
    group: str
    budget: int
    actual: int

    @property
    def difference(self) -> int:
        return self.budget - self.actual


@dataclass
class AccountGroup:
    label: str
    lines: list[AccountLine] = field(default_factory=list)

    @property
    def budget(self) -> int:
        return sum(line.budget for line in self.lines)

    @property
    def actual(self) -> int:
        return sum(line.actual for line in self.lines)

    @property
    def difference(self) -> int:
        return self.budget - self.actual


@dataclass
class SourceLine:
    """One source of financing in the year: what it was to give (the financing), its share
    of what was spent (the year's actual divided by the sources' shares of the financing), and
    the difference, as the reguleringskonto settles it."""

    name: str
    kind: str
    is_lbf: bool
    budget: int
    actual: int

    @property
    def difference(self) -> int:
        return self.budget - self.actual


@dataclass
class AnnualReport:
    plan: Plan
    year: int
    next_year: int | None  # None when the plan ends with `year`
    locked: bool
    results: list
    groups: list[AccountGroup]
    sources: list[SourceLine]
    budget: int  # = the budget page's total for the year
    actual: int  # = the budget page's spending for the year
    financing: int
    milestones: object  # MilestonePlan of the year
    next_milestones: object | None

    @property
    def difference(self) -> int:
        return self.budget - self.actual

    @property
    def lines(self) -> list[AccountLine]:
        return [line for group in self.groups for line in group.lines]

    @property
    def source_budget(self) -> int:
        return sum(source.budget for source in self.sources)

    @property
    def source_actual(self) -> int:
        return sum(source.actual for source in self.sources)

    @property
    def source_difference(self) -> int:
        return self.source_budget - self.source_actual


def _shares(total: int, weights: list[int]) -> list[int]:
    """`total` split in proportion to `weights`, in whole kroner that add up to `total`
    (largest remainders get the odd kroner)."""
    whole = sum(weights)
    if not whole:
        return [0 for _weight in weights]
    exact = [total * weight / whole for weight in weights]
    shares = [int(value) for value in exact]
    order = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


def annual_report_get(*, plan: Plan, year: int) -> AnnualReport:
    """Everything the årsrapport of `year` prints; Http404 for a year outside the plan."""
    from .documents import financing_sources  # noqa: PLC0415 (documents imports this module)

    years = plan_years(plan)
    if year not in years:
        raise Http404
    money = activity_selectors.money_overview_get(plan=plan)
    grid = money.grid
    groups = []
    for grid_group in grid.groups:
        group = AccountGroup(grid_group.label)
        for row in grid_group.rows:
            cell = row.cells.get(year)
            group.lines.append(AccountLine(
                text=row.line.text,
                group=grid_group.label,
                budget=(cell.amount or 0) if cell else 0,
                actual=(cell.spent or 0) if cell else 0,
            ))
        if group.lines:
            groups.append(group)
    actual = grid.spent_by_year[year]
    sources = [s for s in financing_sources(plan) if s.by_year.get(year)]
    budgets = [s.by_year.get(year, 0) for s in sources]
    lbf_kind = str(FinancingLine.Kind.LBF.label)
    source_lines = [
        SourceLine(name=s.name, kind=s.kind, is_lbf=s.kind == lbf_kind, budget=budget,
                   actual=share)
        for s, budget, share in zip(sources, budgets, _shares(actual, budgets), strict=True)
    ]
    results = activity_selectors.results_get(plan=plan, year=year)
    for row in results:  # every measurement up to the year's end, oldest first
        row.measurements = [m for m in row.criterion.measurements.all()
                            if m.measured_on.year <= year]
    next_year = year + 1 if year + 1 in years else None
    return AnnualReport(
        plan=plan,
        year=year,
        next_year=next_year,
        locked=year in locked_years(plan),
        results=results,
        groups=groups,
        sources=source_lines,
        budget=grid.by_year[year],
        actual=actual,
        financing=money.financing.by_year[year].total,
        milestones=activity_selectors.milestone_plan_get(plan=plan, year=year),
        next_milestones=(activity_selectors.milestone_plan_get(plan=plan, year=next_year)
                         if next_year else None),
    )


# --- The workbook ---------------------------------------------------------------------------


def _sheet(workbook: Workbook, title: str, headers: list[tuple[str, int]], rows) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    for index, (header, width) in enumerate(headers, 1):
        cell = sheet.cell(row=1, column=index, value=header)
        cell.font, cell.fill, cell.border, cell.alignment = (HEADER_FONT, HEADER_FILL,
                                                             HEADER_BORDER, WRAP)
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row_index, values in enumerate(rows, 2):
        bold = False
        if values and values[0] is _TOTAL:
            bold, values = True, [_("Total"), *values[1:]]
        for col_index, value in enumerate(values, 1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_index, column=col_index)
            _set_value(cell, value)
            if isinstance(value, int) and not isinstance(value, bool):
                cell.number_format = KR_FORMAT
            elif isinstance(value, datetime.date):
                cell.number_format = DATE_FORMAT
            cell.alignment = WRAP
            if bold:
                cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


_TOTAL = object()


def _measurement_text(criterion, measurement) -> str:
    if criterion.is_qualitative:
        value = _("Achieved") if measurement.achieved else _("Not achieved")
    else:
        from plans.numbers import format_number  # noqa: PLC0415

        value = format_number(measurement.value, criterion.unit_label)
    return f"{measurement.measured_on:%d.%m.%Y}: {value}"


def _milestone_rows(milestone_plan) -> list[list]:
    rows = []
    for quarter in milestone_plan.quarters:
        for m in quarter.milestones:
            where = (m.activity.name if m.activity else
                     m.focus_area.name if m.focus_area else _("The whole plan"))
            rows.append([
                _("%(n)s. quarter") % {"n": quarter.number},
                m.due_date,
                m.title,
                where,
                str(m.get_status_display()),
                m.reached_on,
                m.note,
            ])
    return rows


def annual_workbook(report: AnnualReport) -> bytes:
    """The årsrapport as an .xlsx: one sheet per part, the same figures as the PDF."""
    from plans.numbers import format_number  # noqa: PLC0415

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "Helhedsplan"
    workbook.properties.title = f"{report.plan.name}: " + _("Annual report %(year)s") % {
        "year": report.year}
    results = []
    for row in report.results:
        c = row.criterion
        baseline = ""
        if c.baseline_value is not None:
            baseline = format_number(c.baseline_value, c.unit_label)
            if c.baseline_period:
                baseline += f" ({c.baseline_period})"
        comparisons = "\n".join(f"{v.label}: {format_number(v.value, v.unit_label)}"
                                for v in c.comparisons.all())
        target = c.target_display + (f" ({c.target_year})" if c.target_year else "")
        results.append([
            row.owner, c.text, c.data_source, baseline, comparisons, target,
            "\n".join(_measurement_text(c, m) for m in row.measurements),
            str(c.status.label), str(c.status.reason),
        ])
    _sheet(workbook, _("Goal attainment %(year)s") % {"year": report.year}, [
        (_("Focus area or activity"), 28), (_("Success criterion"), 50), (_("Data source"), 20),
        (_("Baseline"), 14), (_("Comparison values"), 24), (_("Target"), 14),
        (_("Measurements"), 24), (_("Status"), 14), (_("Reason"), 40),
    ], results)
    accounts = []
    for group in report.groups:
        for line in group.lines:
            accounts.append([group.label, line.text, line.budget, line.actual, line.difference])
    accounts.append([_TOTAL, "", report.budget, report.actual, report.difference])
    _sheet(workbook, _("Accounts %(year)s") % {"year": report.year}, [
        (_("Budget group"), 28), (_("Budget line"), 40), (_("Budget (kr.)"), 14),
        (_("Actual (kr.)"), 14), (_("Difference (kr.)"), 14),
    ], accounts)
    sources = [[s.name, s.kind, s.budget, s.actual, s.difference] for s in report.sources]
    sources.append([_TOTAL, "", report.source_budget, report.source_actual,
                    report.source_difference])
    _sheet(workbook, _("Per source %(year)s") % {"year": report.year}, [
        (_("Source"), 34), (_("Kind"), 20), (_("Financing (kr.)"), 14),
        (_("Actual (kr.)"), 14), (_("Difference (kr.)"), 14),
    ], sources)
    headers = [(_("Quarter"), 12), (_("Due date"), 12), (_("Milestone"), 50),
               (_("Activity or focus area"), 30), (_("Status"), 14), (_("Reached on"), 12),
               (_("Note"), 40)]
    _sheet(workbook, _("Milestone plan %(year)s") % {"year": report.year}, headers,
           _milestone_rows(report.milestones))
    if report.next_milestones is not None:
        _sheet(workbook, _("Milestone plan %(year)s") % {"year": report.next_year}, headers,
               _milestone_rows(report.next_milestones))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def annual_filename(plan: Plan, year: int, extension: str) -> str:
    return f"{plan.slug}-aarsrapport-{year}.{extension}"
