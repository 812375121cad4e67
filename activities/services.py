"""Writes of the budget that are more than one form."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from plans.history import bulk_save
from plans.models import Plan

from .models import BudgetAmount, BudgetLine


@transaction.atomic
def budget_cells_save(
    *, plan: Plan, cells: dict[tuple[int, int], int | None], field: str = "amount", user=None
) -> int:
    """Save a column set of the budget grid (`amount` = budget, `spent` = forbrug).

    All cells are checked before any is written; returns how many cells changed. Every
    changed cell shows on the plan's history page (`user`: who, by default the request's).
    An empty cell is kept empty (it prints blank); 0 is a budget of 0 kr. (it prints 0).
    """
    if field not in ("amount", "spent"):
        raise ValueError(field)
    years = set(range(plan.period_start.year, plan.period_end.year + 1))
    line_ids = set(BudgetLine.objects.filter(plan=plan).values_list("id", flat=True))
    if any(line_id not in line_ids or year not in years for line_id, year in cells):
        raise ValidationError(_("The budget grid refers to lines or years outside the plan."))
    existing = {(a.line_id, a.year): a for a in BudgetAmount.objects.filter(line_id__in=line_ids)}
    create, update = [], []
    for (line_id, year), value in cells.items():
        current = existing.get((line_id, year))
        if current is None:
            if value is not None:
                create.append(BudgetAmount(line_id=line_id, year=year, **{field: value}))
        elif getattr(current, field) != value:
            setattr(current, field, value)
            update.append(current)
    reason = _("Budget grid") if field == "amount" else _("Spending grid")
    bulk_save(BudgetAmount, create=create, update=update, fields=[field], user=user, reason=reason)
    return len(create) + len(update)
