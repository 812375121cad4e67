"""The budget grid and the money rules that tie budget and financing together.

The same grid and rules feed the budget screen, the plan overview and (later) the PDFs and
spreadsheets, so they never disagree. Amounts are whole kroner (int) throughout.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from plans.financing import FinancingSummary, Rule, share_text
from plans.numbers import format_kr


@dataclass
class GridRow:
    line: object
    cells: dict  # year -> BudgetAmount or None
    total: int = 0
    spent: int = 0
    footnote: int | None = None  # the number of the line's footnote under the table
    blank: bool = True  # no year has an amount (not even 0): the total prints blank too


@dataclass
class GridGroup:
    """A heading of the budget and its lines: a BudgetGroup of the plan, or, for a line
    without one, its focus area's default grouping (`group` None)."""

    label: str
    group: object = None  # BudgetGroup or None
    area: object = None  # the FocusArea a default grouping stands for
    rows: list = field(default_factory=list)
    by_year: dict = field(default_factory=lambda: defaultdict(int))
    spent_by_year: dict = field(default_factory=lambda: defaultdict(int))
    total: int = 0
    spent: int = 0


@dataclass
class BudgetGrid:
    years: list[int]
    groups: list[GridGroup]
    by_year: dict
    spent_by_year: dict
    total: int
    spent: int
    area_totals: dict = field(default_factory=lambda: defaultdict(int))
    footnotes: list = field(default_factory=list)  # (number, text), in print order

    def area_total(self, area_id) -> int:
        """What the budget lines of one focus area (None = tværgående) add up to."""
        return self.area_totals.get(area_id, 0)


def _grid_groups(budget_groups, areas, lines) -> tuple[list[GridGroup], dict]:
    """The plan's groups in their order; a line without a group goes to its area's default
    group (the group of that area with no name of its own), else to a heading for the area
    (tværgående last), as the budget printed before it had groups."""
    groups = [GridGroup(group.label, group=group, area=group.focus_area) for group in
              budget_groups]
    by_group = {g.group.pk: g for g in groups}
    defaults = {}
    for g in groups:
        if not g.group.name:
            defaults.setdefault(g.group.focus_area_id, g)
    fallback = {}
    area_order = {area.pk: position for position, area in enumerate(areas)}
    placed = {}
    for line in lines:
        if line.group_id in by_group:
            placed[line.pk] = by_group[line.group_id]
            continue
        key = line.focus_area_id
        if key in defaults:
            placed[line.pk] = defaults[key]
            continue
        if key not in fallback:
            label = line.focus_area.name if key else _("Cross-cutting")
            fallback[key] = GridGroup(label, area=line.focus_area if key else None)
        placed[line.pk] = fallback[key]
    extra = sorted(fallback.items(), key=lambda item: (item[0] is None,
                                                       area_order.get(item[0], 0)))
    return groups + [g for _key, g in extra], placed


def build_grid(
    *, years: list[int], areas, lines, budget_groups=(), overrides: dict | None = None
) -> BudgetGrid:
    """Group lines under the plan's budget groups and add up; a blank cell counts as 0.

    `overrides` maps (line_id, year) → amount typed but not saved, for the live check.
    """
    overrides = overrides or {}
    groups, placed = _grid_groups(list(budget_groups), list(areas), lines)
    by_year, spent_by_year, area_totals = defaultdict(int), defaultdict(int), defaultdict(int)
    footnotes = []
    for line in sorted(lines, key=lambda line: (line.order, line.pk)):
        group = placed[line.pk]
        row = GridRow(line=line, cells={})
        amounts = {a.year: a for a in line.amounts.all()}
        for year in years:
            cell = amounts.get(year)
            row.cells[year] = cell
            amount = overrides.get((line.pk, year), cell.amount if cell else None)
            row.blank = row.blank and amount is None
            amount = amount or 0
            spent = (cell.spent or 0) if cell else 0
            row.total += amount
            row.spent += spent
            group.by_year[year] += amount
            group.spent_by_year[year] += spent
            by_year[year] += amount
            spent_by_year[year] += spent
        group.total += row.total
        group.spent += row.spent
        area_totals[line.focus_area_id] += row.total
        group.rows.append(row)
    for group in groups:
        for row in group.rows:
            if row.line.footnote:
                footnotes.append((len(footnotes) + 1, row.line.footnote))
                row.footnote = len(footnotes)
    return BudgetGrid(
        years=years,
        groups=groups,
        by_year=by_year,
        spent_by_year=spent_by_year,
        total=sum(g.total for g in groups),
        spent=sum(g.spent for g in groups),
        area_totals=area_totals,
        footnotes=footnotes,
    )



def sum_grid(*, years: list[int], amounts) -> BudgetGrid:
    """What `build_grid` adds up, without its rows, groups and footnotes: `amounts` are
    (focus area id, year, amount, spent) of every cell of the plan's lines. As there, a year
    outside `years` does not count and a blank counts as 0."""
    in_period = set(years)
    by_year, spent_by_year, area_totals = defaultdict(int), defaultdict(int), defaultdict(int)
    total = spent = 0
    for area_id, year, amount, cell_spent in amounts:
        if year not in in_period:
            continue
        amount, cell_spent = amount or 0, cell_spent or 0
        by_year[year] += amount
        spent_by_year[year] += cell_spent
        area_totals[area_id] += amount
        total += amount
        spent += cell_spent
    return BudgetGrid(years=years, groups=[], by_year=by_year, spent_by_year=spent_by_year,
                      total=total, spent=spent, area_totals=area_totals)

def money_rules(
    *, grid: BudgetGrid, financing: FinancingSummary, areas, rule_set=None
) -> list[Rule]:
    """Every money rule the plan's rule set checks, in the order a bestyrelse reads them.

    The co-financing share is checked where the plan has LBF money; budget and financing
    must agree per focus area only where the rule set says so (otherwise the financing is
    one pot for the whole plan, checked per year and in total)."""
    with_lbf = rule_set is None or rule_set.has_lbf_financing or financing.total.lbf > 0
    per_area = rule_set is None or rule_set.per_area_balance
    rules = [financing.rule, *financing.year_rules()] if with_lbf else []
    for year in grid.years:
        budget, money = grid.by_year[year], financing.by_year[year].total
        rules += _balance_rule(
            budget, money,
            agree=_("%(year)s: budget and financing are both %(amount)s"),
            differ=_("%(year)s: the budget is %(budget)s but the financing "
                     "is %(money)s (a difference of %(diff)s)"),
            year=year,
        )
    if not per_area:
        return rules
    for area in [*areas, None]:
        area_id = area.pk if area else None
        rules += _balance_rule(
            grid.area_total(area_id), financing.by_area[area_id].total,
            agree=_("%(area)s: financing and budget lines agree (%(amount)s)"),
            differ=_("%(area)s: the financing is %(money)s but the budget "
                     "lines add up to %(budget)s"),
            area=area.name if area else _("Cross-cutting"),
        )
    return rules


def _balance_rule(budget: int, money: int, *, agree: str, differ: str, **names) -> list[Rule]:
    """Budget and financing agree (a rule met, said only when there is money) or not (the
    amounts and the difference)."""
    if budget == money:
        return [Rule(True, agree % {**names, "amount": format_kr(budget)})] if budget else []
    amounts = {"budget": format_kr(budget), "money": format_kr(money),
               "diff": format_kr(abs(budget - money))}
    return [Rule(False, differ % {**names, **amounts})]


@dataclass(frozen=True)
class SpendingPace:
    elapsed: Decimal | None  # share of the period gone, 0-100
    spent: Decimal | None  # share of the budget spent, 0-100+

    @property
    def elapsed_display(self) -> str:
        return share_text(self.elapsed) if self.elapsed is not None else "–"

    @property
    def spent_display(self) -> str:
        return share_text(self.spent) if self.spent is not None else "–"


def spending_pace(
    *, grid: BudgetGrid, start: datetime.date, end: datetime.date, today: datetime.date
) -> SpendingPace:
    days = (end - start).days
    elapsed = None
    if days > 0:
        gone = min(max((today - start).days, 0), days)
        elapsed = Decimal(gone) * 100 / Decimal(days)
    spent = Decimal(grid.spent) * 100 / Decimal(grid.total) if grid.total else None
    return SpendingPace(elapsed=elapsed, spent=spent)


# --- Spending through the year --------------------------------------------------------------


@dataclass
class SpendingLine:
    """One budget line's spending: over the period and up to `through_year`."""

    row: GridRow
    budget: int  # the whole period
    spent: int
    budget_to_date: int  # the budget of the years up to and including `through_year`

    @property
    def remaining(self) -> int:
        """What is left of the line's budget (negative: overspent)."""
        return self.budget - self.spent

    @property
    def variance(self) -> int:
        """Spent minus the budget of the years so far (positive: more than budgeted)."""
        return self.spent - self.budget_to_date

    @property
    def used_share(self) -> Decimal | None:
        return Decimal(self.spent) * 100 / Decimal(self.budget) if self.budget else None

    @property
    def used_display(self) -> str:
        share = self.used_share
        return share_text(share) if share is not None else "–"


@dataclass
class SpendingArea:
    """Budget and spending of one budget group (focus area or tværgående), per year."""

    label: str
    budget_by_year: dict
    spent_by_year: dict
    budget: int
    spent: int

    years: list = field(default_factory=list)

    @property
    def cells(self):
        """(year, budget, spent, budget less spent) for each year of the plan."""
        return [
            (year, self.budget_by_year.get(year, 0), self.spent_by_year.get(year, 0),
             self.budget_by_year.get(year, 0) - self.spent_by_year.get(year, 0))
            for year in self.years
        ]

    @property
    def remaining(self) -> int:
        return self.budget - self.spent


@dataclass
class Spending:
    through_year: int
    lines: list[SpendingLine]
    areas: list[SpendingArea]
    budget: int
    spent: int
    budget_to_date: int

    @property
    def remaining(self) -> int:
        return self.budget - self.spent

    @property
    def variance(self) -> int:
        return self.spent - self.budget_to_date


def spending_get(grid: BudgetGrid, *, through_year: int) -> Spending:
    """Spending per line with the remaining amount and the variance against the budget of the
    years so far, and per budget group (focus area) and year; from the grid, no query."""
    lines, areas = [], []
    for group in grid.groups:
        for row in group.rows:
            to_date = sum(
                (cell.amount or 0) for year, cell in row.cells.items()
                if cell is not None and year <= through_year
            )
            lines.append(SpendingLine(row=row, budget=row.total, spent=row.spent,
                                      budget_to_date=to_date))
        areas.append(SpendingArea(label=group.label, budget_by_year=dict(group.by_year),
                                  spent_by_year=dict(group.spent_by_year), budget=group.total,
                                  spent=group.spent, years=grid.years))
    return Spending(
        through_year=through_year,
        lines=lines,
        areas=areas,
        budget=grid.total,
        spent=grid.spent,
        budget_to_date=sum(line.budget_to_date for line in lines),
    )


@dataclass(frozen=True)
class YearCheck:
    """The co-financing rule for one year, for the budget page's financing table."""

    year: int
    share_display: str
    ok: bool | None  # None: no money that year
    missing: int


def year_checks(financing: FinancingSummary) -> list[YearCheck]:
    checks = []
    for year in financing.years:
        rule = financing.year_rule(year)
        checks.append(YearCheck(
            year=year,
            share_display=financing.year_share_display(year),
            ok=None if rule is None else rule.ok,
            missing=financing.year_missing(year),
        ))
    return checks
