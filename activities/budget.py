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
from plans.money import format_kr


@dataclass
class GridRow:
    line: object
    cells: dict  # year -> BudgetAmount or None
    total: int = 0
    spent: int = 0


@dataclass
class AreaGroup:
    area: object  # FocusArea or None for tværgående
    rows: list = field(default_factory=list)
    by_year: dict = field(default_factory=lambda: defaultdict(int))
    spent_by_year: dict = field(default_factory=lambda: defaultdict(int))
    total: int = 0
    spent: int = 0


@dataclass
class BudgetGrid:
    years: list[int]
    groups: list[AreaGroup]
    by_year: dict
    spent_by_year: dict
    total: int
    spent: int

    def area_total(self, area_id) -> int:
        return next((g.total for g in self.groups if (g.area.pk if g.area else None) == area_id), 0)


def build_grid(*, years: list[int], areas, lines, overrides: dict | None = None) -> BudgetGrid:
    """Group lines by area (in the plan's area order, tværgående last) and add up.

    `overrides` maps (line_id, year) → amount typed but not saved, for the live check.
    """
    overrides = overrides or {}
    groups = {area.pk: AreaGroup(area) for area in areas}
    groups[None] = AreaGroup(None)
    by_year, spent_by_year = defaultdict(int), defaultdict(int)
    for line in lines:
        group = groups.setdefault(line.focus_area_id, AreaGroup(line.focus_area))
        row = GridRow(line=line, cells={})
        amounts = {a.year: a for a in line.amounts.all()}
        for year in years:
            cell = amounts.get(year)
            row.cells[year] = cell
            amount = overrides.get((line.pk, year), cell.amount if cell else 0) or 0
            spent = (cell.spent or 0) if cell else 0
            row.total += amount
            row.spent += spent
            group.by_year[year] += amount
            group.spent_by_year[year] += spent
            by_year[year] += amount
            spent_by_year[year] += spent
        group.total += row.total
        group.spent += row.spent
        group.rows.append(row)
    ordered = [g for key, g in groups.items() if key is not None] + [groups[None]]
    return BudgetGrid(
        years=years,
        groups=ordered,
        by_year=by_year,
        spent_by_year=spent_by_year,
        total=sum(g.total for g in ordered),
        spent=sum(g.spent for g in ordered),
    )


def money_rules(*, grid: BudgetGrid, financing: FinancingSummary, areas) -> list[Rule]:
    """Every money rule LBF checks, in the order a bestyrelse reads them."""
    rules = [financing.rule]
    for year in grid.years:
        budget, money = grid.by_year[year], financing.by_year[year].total
        if budget == money:
            if budget:
                rules.append(
                    Rule(
                        True,
                        _("%(year)s: budget and financing are both %(amount)s")
                        % {"year": year, "amount": format_kr(budget)},
                    )
                )
        else:
            rules.append(
                Rule(
                    False,
                    _(
                        "%(year)s: the budget is %(budget)s but the financing "
                        "is %(money)s (a difference of %(diff)s)"
                    )
                    % {
                        "year": year,
                        "budget": format_kr(budget),
                        "money": format_kr(money),
                        "diff": format_kr(abs(budget - money)),
                    },
                )
            )
    for area in [*areas, None]:
        area_id = area.pk if area else None
        budget = grid.area_total(area_id)
        money = financing.by_area[area_id].total
        name = area.name if area else _("Cross-cutting")
        if budget == money:
            if budget:
                rules.append(
                    Rule(
                        True,
                        _("%(area)s: financing and budget lines agree (%(amount)s)")
                        % {"area": name, "amount": format_kr(budget)},
                    )
                )
        else:
            rules.append(
                Rule(
                    False,
                    _(
                        "%(area)s: the financing is %(money)s but the budget "
                        "lines add up to %(budget)s"
                    )
                    % {"area": name, "money": format_kr(money), "budget": format_kr(budget)},
                )
            )
    return rules


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
