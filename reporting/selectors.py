"""The board dashboard and the portfolio: reads across plans and apps, in fixed query counts."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import BudgetAmount, Measurement, Milestone, SuccessCriterion
from activities.selectors import (
    COMPARISONS,
    MEASUREMENTS,
    criteria_for_plan,
    money_overview_get,
    with_status,
)
from activities.status import AT_RISK, NOT_MEASURED, OFF_TRACK, ON_TRACK, criterion_status
from plans.financing import share_text
from plans.models import FocusArea, Plan

from . import charts

STATUS_ORDER = (ON_TRACK, AT_RISK, OFF_TRACK, NOT_MEASURED)


@dataclass(frozen=True)
class MeasuredValue:
    """A measurement's values only: the portfolio reads thousands, models are not needed."""

    value: Decimal | None
    achieved: bool | None
    measured_on: datetime.date


# --- Dashboard ----------------------------------------------------------------------------


@dataclass
class Deadline:
    due: datetime.date
    text: str

    @property
    def days_left(self) -> int:
        return (self.due - timezone.localdate()).days


@dataclass
class AreaSummary:
    name: str
    counts: dict
    bar: str


@dataclass
class Dashboard:
    criteria: list
    attention: list
    areas: list
    status_counts: dict
    status_bar: str
    due_soon: list
    overdue: list
    money: object
    pace_chart: str
    deadlines: list


def yearly_deadlines(plan: Plan, today: datetime.date) -> list[Deadline]:
    """The yearly reporting the plan owes LBF and its bestyrelse, within the next 12 months.

    LBF withholds payments when the accounts are late, so they come first on the same date.
    """
    deadlines = []
    for year in range(plan.period_start.year, plan.period_end.year + 1):
        deadlines.append(
            Deadline(
                datetime.date(year + 1, 6, 30),
                _("Accounts and regulation account statement for %(year)s to LBF") % {"year": year},
            )
        )
        if year < plan.period_end.year:
            deadlines.append(
                Deadline(
                    datetime.date(year, 12, 31),
                    _("Milestone plan for %(next)s approved by the board") % {"next": year + 1},
                )
            )
        deadlines.append(
            Deadline(
                datetime.date(year + 1, 3, 31),
                _("Goal attainment for %(year)s reported to the board") % {"year": year},
            )
        )
    horizon = today + datetime.timedelta(days=365)
    return sorted((d for d in deadlines if today <= d.due <= horizon), key=lambda d: d.due)


def dashboard_get(*, plan: Plan, today: datetime.date | None = None) -> Dashboard:
    today = today or timezone.localdate()
    criteria = list(
        criteria_for_plan(plan=plan)
        .select_related("focus_area", "activity__delaftale__focus_area")
        .prefetch_related(MEASUREMENTS, COMPARISONS)
    )
    with_status(criteria, plan=plan, today=today)
    for criterion in criteria:
        measurements = criterion.measurement_rows
        criterion.latest = measurements[-1] if measurements else None
        area = criterion.focus_area or criterion.activity.delaftale.focus_area
        criterion.area_name = area.name
        criterion.area_order = area.order
    # The board reads the problems first: ikke på sporet, i risiko, ikke målt, på sporet.
    worst_first = (OFF_TRACK, AT_RISK, NOT_MEASURED, ON_TRACK)
    criteria.sort(key=lambda c: (worst_first.index(c.status.code), c.area_order, c.pk))
    counts = Counter(c.status.code for c in criteria)
    per_area: dict[str, Counter] = {}
    for criterion in sorted(criteria, key=lambda c: c.area_order):
        per_area.setdefault(criterion.area_name, Counter())[criterion.status.code] += 1
    areas = [
        AreaSummary(
            name,
            {code: c.get(code, 0) for code in STATUS_ORDER},
            charts.status_bar(c, width=160, height=10),
        )
        for name, c in per_area.items()
    ]
    milestones = list(
        Milestone.objects.filter(plan=plan)
        .exclude(status__in=[Milestone.Status.REACHED, Milestone.Status.DROPPED])
        .select_related("activity", "focus_area")
    )
    soon = today + datetime.timedelta(days=90)
    overdue = sorted((m for m in milestones if m.is_overdue(today)), key=lambda m: m.due_end)
    due_soon = sorted(
        (m for m in milestones if m.due_end and today <= m.due_end <= soon), key=lambda m: m.due_end
    )
    money = money_overview_get(plan=plan, today=today)
    return Dashboard(
        criteria=criteria,
        attention=[c for c in criteria if c.status.code in (OFF_TRACK, AT_RISK)],
        areas=areas,
        status_counts={code: counts.get(code, 0) for code in STATUS_ORDER},
        status_bar=charts.status_bar(counts),
        due_soon=due_soon,
        overdue=overdue,
        money=money,
        pace_chart=charts.pace_bars(elapsed=money.pace.elapsed, spent=money.pace.spent),
        deadlines=yearly_deadlines(plan, today),
    )


# --- Portfolio --------------------------------------------------------------------------


@dataclass
class PortfolioRow:
    plan: Plan
    area: FocusArea
    statuses: dict = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    budget: int = 0
    spent: int = 0
    overdue: int = 0

    @property
    def use(self) -> Decimal | None:
        return Decimal(self.spent) * 100 / Decimal(self.budget) if self.budget else None

    @property
    def use_display(self) -> str:
        return share_text(self.use) if self.use is not None else "–"

    @property
    def bar(self) -> str:
        return charts.status_bar(self.statuses, width=120, height=10)


SORTS = {
    "plan": lambda r: (r.plan.name, r.area.order),
    "omraade": lambda r: (r.area.name, r.plan.name),
    "ikke-paa-sporet": lambda r: (-r.statuses[OFF_TRACK], -r.statuses[AT_RISK], r.plan.name),
    "forbrug": lambda r: (-(r.use or 0), r.plan.name),
    "forsinket": lambda r: (-r.overdue, r.plan.name),
}


def portfolio_get(
    *, user, sort: str = "plan", today: datetime.date | None = None
) -> list[PortfolioRow]:
    """One row per plan × indsatsområde of the user's plans, in five queries whatever the size."""
    today = today or timezone.localdate()
    areas = list(
        FocusArea.objects.filter(plan__memberships__user=user)
        .select_related("plan", "plan__rule_set")
        .order_by("plan__name", "order")
    )
    rows = {area.pk: PortfolioRow(area.plan, area) for area in areas}
    plans = {area.plan_id: area.plan for area in areas}
    criteria = list(
        SuccessCriterion.objects.filter(
            Q(focus_area__in=rows) | Q(activity__delaftale__focus_area__in=rows)
        ).select_related("activity__delaftale")
    )
    by_criterion = defaultdict(list)
    for criterion_id, value, achieved, measured_on in Measurement.objects.filter(
        criterion__in=criteria
    ).values_list("criterion_id", "value", "achieved", "measured_on"):
        by_criterion[criterion_id].append(MeasuredValue(value, achieved, measured_on))
    for criterion in criteria:
        area_id = criterion.focus_area_id or criterion.activity.delaftale.focus_area_id
        plan = plans[rows[area_id].plan.pk]
        status = criterion_status(
            criterion,
            by_criterion[criterion.pk],
            plan_start=plan.period_start,
            today=today,
            explain=False,
        )
        rows[area_id].statuses[status.code] += 1
    for line in (
        BudgetAmount.objects.filter(line__focus_area__in=rows)
        .values("line__focus_area")
        .annotate(budget=Sum("amount"), spent=Sum("spent"))
    ):
        row = rows[line["line__focus_area"]]
        row.budget, row.spent = line["budget"] or 0, line["spent"] or 0
    for milestone in (
        Milestone.objects.filter(
            Q(focus_area__in=rows) | Q(activity__delaftale__focus_area__in=rows)
        )
        .exclude(status__in=[Milestone.Status.REACHED, Milestone.Status.DROPPED])
        .select_related("activity__delaftale")
    ):
        area_id = milestone.focus_area_id or milestone.activity.delaftale.focus_area_id
        if milestone.is_overdue(today) and area_id in rows:
            rows[area_id].overdue += 1
    return sorted(rows.values(), key=SORTS.get(sort, SORTS["plan"]))
