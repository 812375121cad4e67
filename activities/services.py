"""Writes of the budget that are more than one form."""

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.concurrency import grid_check
from plans.history import bulk_save
from plans.models import Plan
from plans.yearlock import check_open

from .models import BudgetAmount, BudgetLine, Milestone

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def budget_cells_save(
    *,
    plan: Plan,
    cells: dict[tuple[int, int], int | None],
    field: str = "amount",
    user: "User | None" = None,
    loaded: dict[tuple[int, int], int | None] | None = None,
) -> int:
    """Save a column set of the budget grid (`amount` = budget, `spent` = forbrug).

    Only the cells given are written (a cell left out stays as it is). `loaded`: the cells as
    the page showed them; when any has changed since, nothing is saved (GridConflict). All
    cells are checked before any is written; returns how many cells changed. Every changed
    cell shows on the plan's history page (`user`: who, by default the request's).
    An empty cell is kept empty (it prints blank); 0 is a budget of 0 kr. (it prints 0).
    """
    if field not in ("amount", "spent"):
        raise ValueError(field)
    # One grid save of a plan at a time: the check below and the writes see the same cells,
    # and two saves of the same empty cell cannot both create it.
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    years = set(range(plan.period_start.year, plan.period_end.year + 1))
    line_ids = set(BudgetLine.objects.filter(plan=plan).values_list("id", flat=True))
    if any(line_id not in line_ids or year not in years for line_id, year in cells):
        raise ValidationError(_("The budget grid refers to lines or years outside the plan."))
    existing = {(a.line_id, a.year): a for a in BudgetAmount.objects.filter(line_id__in=line_ids)}
    if loaded is not None:
        current = {cell: budget_cell_value(existing.get(cell), field) for cell in loaded}
        labels = dict(BudgetLine.objects.filter(plan=plan).values_list("id", "text"))
        grid_check(
            loaded={cell: _normal(value, field) for cell, value in loaded.items()},
            current=current,
            labels=labels,
        )
    create: list[BudgetAmount] = []
    update: list[BudgetAmount] = []
    for (line_id, year), value in cells.items():
        stored = existing.get((line_id, year))
        if stored is None:
            if value is not None:
                create.append(BudgetAmount(line_id=line_id, year=year, **{field: value}))
        elif getattr(stored, field) != value:
            setattr(stored, field, value)
            update.append(stored)
    reason = _("Budget grid") if field == "amount" else _("Spending grid")
    bulk_save(BudgetAmount, create=create, update=update, fields=[field], user=user,
              reason=reason, plan=plan)
    return len(create) + len(update)


def _normal(value: int | None, field: str) -> int | None:
    """An empty cell (budget or spending) is 'not entered', apart from 0 kr."""
    return value


def budget_cell_value(amount: BudgetAmount | None, field: str) -> int | None:
    """What a cell of the budget (or spending) grid shows, for the grid's concurrency check."""
    value: int | None = getattr(amount, field) if amount is not None else None
    return _normal(value, field)


@transaction.atomic
def milestone_plan_save(
    *, plan: Plan, year: int, rows: list[dict[str, Any]], user: "User | None" = None
) -> int:
    """Save the ticked rows of a proposed milepælsplan as the year's milestones (planned).

    Every row is checked (`full_clean`) before any is written; a locked year is refused.
    Returns how many milestones were made."""
    if year not in range(plan.period_start.year, plan.period_end.year + 1):
        raise ValidationError(_("%(year)s is outside the plan's period.") % {"year": year})
    check_open(plan, [year], _("the milestones"))
    made = []
    for row in rows:
        if not row.get("include"):
            continue
        milestone = Milestone(
            plan=plan,
            title=row["title"].strip(),
            due_year=year,
            due_quarter=row["quarter"],
            activity=row.get("activity"),
            focus_area=row.get("focus_area"),
            note=row.get("note", ""),
        )
        milestone.full_clean()
        made.append(milestone)
    bulk_save(Milestone, create=made, user=user, plan=plan,
              reason=_("Milestone plan %(year)s, proposed") % {"year": year})
    return len(made)
