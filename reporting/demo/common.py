"""Builders shared by the demo plans.

Rows that have a service are written through it; the rest are created here, and rows whose
`clean()` carries rules (criteria, comparison values, measurements, milestones) are cleaned
first, so demo data is valid data.
"""

import datetime
import re
import textwrap
from dataclasses import dataclass
from decimal import Decimal

from activities.models import (
    Activity,
    ActivityGoal,
    BudgetLine,
    ComparisonValue,
    CoreActivity,
    Measurement,
    Milestone,
    SuccessCriterion,
    TargetGroup,
)
from activities.services import budget_cells_save
from plans.models import (
    Delaftale,
    DelaftaleParty,
    FinancingLine,
    FocusArea,
    Forum,
    ForumMember,
    Goal,
    Plan,
    StaffMember,
    StaffResource,
)
from plans.services import financing_cells_save

_ITEM = re.compile(r"^(- |\d+[.)] )")


def text(block: str) -> str:
    """Prose written wrapped in the source, stored as the app expects it.

    Blank lines separate paragraphs; a line starting with '- ' or '1. ' starts a list item;
    any other line continues the line before it (the app turns a lone newline into <br>).
    """
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", textwrap.dedent(block).strip()):
        lines: list[str] = []
        for raw in paragraph.splitlines():
            line = raw.strip()
            if lines and not _ITEM.match(line) and not _ITEM.match(lines[-1]):
                lines[-1] += " " + line
            elif lines and not _ITEM.match(line) and raw.startswith((" ", "\t")):
                lines[-1] += " " + line  # an indented continuation of a list item
            else:
                lines.append(line)
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def d(value: str) -> datetime.date:
    """'2021-12-15' → date."""
    return datetime.date.fromisoformat(value)


# --- Success criteria -----------------------------------------------------------------------


@dataclass
class Crit:
    """A succeskriterium as the seed gives it. `measurements` are demo values: (date, value or
    True/False for a qualitative criterion, comment)."""

    text: str
    kind: str = SuccessCriterion.Kind.COUNT
    direction: str = SuccessCriterion.Direction.UP
    unit: str = ""
    baseline: str | None = None
    period: str = ""
    due: str | None = None
    note: str = ""
    target_kind: str = SuccessCriterion.TargetKind.ABSOLUTE
    target: str | None = None
    year: int | None = None
    source: str = ""
    when: str = ""
    comparisons: tuple = ()
    measurements: tuple = ()


def criteria_add(specs, *, focus_area: FocusArea | None = None, activity=None):
    created = []
    for order, spec in enumerate(specs):
        criterion = SuccessCriterion(
            focus_area=focus_area,
            activity=activity,
            order=order,
            text=spec.text,
            kind=spec.kind,
            direction=spec.direction,
            unit=spec.unit,
            baseline_value=Decimal(spec.baseline) if spec.baseline is not None else None,
            baseline_period=spec.period,
            baseline_due=d(spec.due) if spec.due else None,
            baseline_note=spec.note,
            target_kind=spec.target_kind,
            target_value=Decimal(spec.target) if spec.target is not None else None,
            target_year=spec.year,
            data_source=spec.source,
            measured_when=spec.when,
        )
        criterion.full_clean()
        criterion.save()
        for position, (label, value, period) in enumerate(spec.comparisons):
            comparison = ComparisonValue(
                criterion=criterion,
                label=label,
                value=Decimal(value),
                period=period,
                order=position,
            )
            comparison.full_clean()
            comparison.save()
        for on, value, comment in spec.measurements:
            measurement = Measurement(criterion=criterion, measured_on=d(on), comment=comment)
            if isinstance(value, bool):
                measurement.achieved = value
            else:
                measurement.value = Decimal(value)
            measurement.full_clean()
            measurement.save()
        created.append(criterion)
    return created


# --- Areas, delaftaler and activities ---------------------------------------------------------


def goals_add(area: FocusArea, goals) -> None:
    Goal.objects.bulk_create(
        Goal(focus_area=area, text=goal, order=order) for order, goal in enumerate(goals)
    )


def delaftale_rows_add(delaftale: Delaftale, *, parties=(), resources=()) -> None:
    """`parties`: (name, organisation, title); `resources`: (role, organisation, %, hours)."""
    DelaftaleParty.objects.bulk_create(
        DelaftaleParty(delaftale=delaftale, name=name, organisation=org, title=title, order=n)
        for n, (name, org, title) in enumerate(parties)
    )
    rows = []
    for n, (role, org, percent, hours) in enumerate(resources):
        row = StaffResource(
            delaftale=delaftale,
            role=role,
            organisation=org,
            share_percent=percent,
            hours_per_week=Decimal(hours) if hours is not None else None,
            order=n,
        )
        row.full_clean()
        rows.append(row)
    StaffResource.objects.bulk_create(rows)


def core_activity(name: str | None) -> CoreActivity | None:
    """The CFBU core activity by name; one the catalogue lacks is added at the end."""
    if not name:
        return None
    found = CoreActivity.objects.filter(name__iexact=name).first()
    if found:
        return found
    return CoreActivity.objects.create(name=name, order=CoreActivity.objects.count())


def activity_add(delaftale: Delaftale, order: int, **fields) -> Activity:
    goals = fields.pop("goals", ())
    groups = fields.pop("groups", ())
    criteria = fields.pop("criteria", ())
    fields["core_activity"] = core_activity(fields.pop("core", None))
    activity = Activity(delaftale=delaftale, order=order, **fields)
    activity.full_clean()
    activity.save()
    ActivityGoal.objects.bulk_create(
        ActivityGoal(activity=activity, text=goal, order=n) for n, goal in enumerate(goals)
    )
    TargetGroup.objects.bulk_create(
        TargetGroup(activity=activity, text=group, order=n) for n, group in enumerate(groups)
    )
    criteria_add(criteria, activity=activity)
    return activity


# --- Milestones -----------------------------------------------------------------------------


@dataclass
class Ms:
    """A milepæl. `year`/`quarter` or `due` (a date); `reached` is the date it was reached.
    Status follows: reached → naaet; otherwise `status` (planlagt, forsinket, udgaaet)."""

    title: str
    year: int | None = None
    quarter: int | None = None
    due: str | None = None
    activity: str | None = None
    area: str | None = None
    reached: str | None = None
    status: str = Milestone.Status.PLANNED
    note: str = ""


def milestones_add(plan: Plan, specs, *, activities: dict, areas: dict) -> None:
    for spec in specs:
        milestone = Milestone(
            plan=plan,
            title=spec.title,
            due_date=d(spec.due) if spec.due else None,
            due_year=spec.year,
            due_quarter=spec.quarter,
            activity=activities[spec.activity] if spec.activity else None,
            focus_area=areas[spec.area] if spec.area else None,
            status=Milestone.Status.REACHED if spec.reached else spec.status,
            reached_on=d(spec.reached) if spec.reached else None,
            note=spec.note,
        )
        milestone.full_clean()
        milestone.save()


# --- Organisation ---------------------------------------------------------------------------


def forum_add(plan: Plan, order: int, *, name, kind, purpose, frequency="", area=None, members=()):
    """`members`: (name, organisation, title, role)."""
    forum = Forum.objects.create(
        plan=plan,
        order=order,
        name=name,
        kind=kind,
        purpose=purpose,
        meeting_frequency=frequency,
        focus_area=area,
    )
    ForumMember.objects.bulk_create(
        ForumMember(forum=forum, name=n, organisation=org, title=title, role=role, order=i)
        for i, (n, org, title, role) in enumerate(members)
    )
    return forum


def staff_add(plan: Plan, staff) -> None:
    """`staff`: (name, title, hours per week or None, responsibilities)."""
    StaffMember.objects.bulk_create(
        StaffMember(
            plan=plan,
            name=name,
            title=title,
            hours_per_week=Decimal(hours) if hours is not None else None,
            responsibilities=responsibilities,
            order=n,
        )
        for n, (name, title, hours, responsibilities) in enumerate(staff)
    )


# --- Money ----------------------------------------------------------------------------------


def spread(total: int, years: list[int]) -> dict[int, int]:
    """A total in whole thousands spread evenly over the years; the first years take the
    odd thousands (a demo split: the seeds give totals for the whole period only)."""
    thousands, extra = divmod(total, 1000)
    base, rest = divmod(thousands, len(years))
    amounts = {year: (base + (1 if i < rest else 0)) * 1000 for i, year in enumerate(years)}
    amounts[years[0]] += extra
    return amounts


def split_by_weight(total: int, weights: list[int]) -> list[int]:
    """Whole thousands by weight; the first part takes what rounding leaves over."""
    parts = [total * w // sum(weights) // 1000 * 1000 for w in weights]
    parts[0] += total - sum(parts)
    return parts


def financing_add(plan: Plan, area: FocusArea | None, sources, years) -> dict[int, int]:
    """`sources`: (kind, name, total for the period). Saves the amounts through the service
    and returns the area's money per year, which its budget lines must add up to."""
    cells: dict[tuple[int, int], int] = {}
    per_year = dict.fromkeys(years, 0)
    order = plan.financing_lines.count()
    for kind, name, total in sources:
        if not total:
            continue
        line = FinancingLine.objects.create(
            plan=plan, kind=kind, name=name, focus_area=area, order=order
        )
        order += 1
        for year, amount in spread(total, years).items():
            cells[(line.pk, year)] = amount
            per_year[year] += amount
    financing_cells_save(plan=plan, cells=cells)
    return per_year


def budget_add(plan: Plan, area: FocusArea | None, lines, per_year, *, spent_rate, activities):
    """`lines`: (text, category, activity name or None, weight). Each year's money is shared
    out by weight, so budget and financing agree per area and per year. `spent_rate` maps a
    year to the share of the budget spent (demo forbrug)."""
    weights = [weight for *_, weight in lines]
    order = BudgetLine.objects.filter(plan=plan).count()
    group = plan.budget_groups.filter(name="", focus_area=area).first()  # the area's default
    created = []
    for text_, category, activity, _weight in lines:
        line = BudgetLine(
            plan=plan,
            text=text_,
            category=category,
            focus_area=area,
            activity=activities[activity] if activity else None,
            group=group,
            order=order,
        )
        line.full_clean()
        line.save()
        created.append(line)
        order += 1
    amounts, spent = {}, {}
    for year, total in per_year.items():
        for line, amount in zip(created, split_by_weight(total, weights), strict=True):
            amounts[(line.pk, year)] = amount
            if year in spent_rate:
                spent[(line.pk, year)] = int(amount * spent_rate[year]) // 1000 * 1000
    budget_cells_save(plan=plan, cells=amounts)
    budget_cells_save(plan=plan, cells=spent, field="spent")
