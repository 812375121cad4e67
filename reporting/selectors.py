"""The board dashboard and the portfolio: reads across plans and apps, in fixed query counts."""

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Model,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.approval import ApprovalInfo, approval_states_get
from activities.models import BudgetAmount, Measurement, Milestone, SuccessCriterion
from activities.selectors import (
    MoneyOverview,
    money_totals_get,
    with_status,
)
from activities.status import AT_RISK, NOT_MEASURED, OFF_TRACK, ON_TRACK, criterion_status
from plans.financing import share_text
from plans.models import Delaftale, FocusArea, Plan, StrategicAgreement
from plans.paging import Page

from . import charts
from .reminders import Deadline, deadlines_get

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

STATUS_ORDER = (ON_TRACK, AT_RISK, OFF_TRACK, NOT_MEASURED)


@dataclass(frozen=True)
class MeasuredValue:
    """A measurement's values only: the portfolio reads thousands, models are not needed."""

    value: Decimal | None
    achieved: bool | None
    measured_on: datetime.date


def _measured_values(criteria: "Sequence[Model]") -> defaultdict[int, list[MeasuredValue]]:
    """The criteria's measurements, values only (the status, the latest and the chart read no
    more), by criterion id: one query."""
    found: defaultdict[int, list[MeasuredValue]] = defaultdict(list)
    for criterion_id, value, achieved, measured_on in Measurement.objects.filter(
        criterion__in=[criterion.pk for criterion in criteria]
    ).values_list("criterion_id", "value", "achieved", "measured_on"):
        found[criterion_id].append(MeasuredValue(value, achieved, measured_on))
    return found


# --- Dashboard ----------------------------------------------------------------------------


@dataclass
class AreaSummary:
    name: str
    counts: dict[str, int]
    bar: str


@dataclass
class Dashboard:
    criteria: list[SuccessCriterion]
    attention: list[SuccessCriterion]
    areas: list[AreaSummary]
    status_counts: dict[str, int]
    status_bar: str
    due_soon: list[Milestone]
    overdue: list[Milestone]
    money: MoneyOverview
    pace_chart: str
    deadlines: list[Deadline]
    budget_chart: charts.Chart | None = None
    documents: list[tuple[str, str, ApprovalInfo]] = field(default_factory=list)


# What the dashboard reads of a criterion (its table, chart and deadline) and of its activity
# (the name, and who answers for its measurements).
_CRITERION_FIELDS = (
    "order", "text", "focus_area", "activity", "next_measurement_due",
    "kind", "unit", "direction", "baseline_value", "baseline_period", "baseline_due",
    "target_kind", "target_value", "target_value_max", "target_year", "target_text",
    "activity__name", "activity__delaftale", "activity__responsible", "activity__responsible__user",
    "activity__responsible__user__first_name", "activity__responsible__user__last_name",
    "activity__responsible__user__username",
)


def dashboard_get(*, plan: Plan, today: datetime.date | None = None) -> Dashboard:
    """The board's overview in a fixed number of queries. Every read carries only what the
    page shows: the criteria with their measurements (the upcoming measurements among the
    deadlines come from them too), the money as sums, the documents with their focus areas."""
    today = today or timezone.localdate()
    # The focus areas with their delaftaler: the criteria's areas, the money rules and the
    # approvals read them.
    focus_areas = list(
        FocusArea.objects.filter(plan=plan)
        .select_related("delaftale")
        .only("order", "plan", "name", "slug", "delaftale__approval_state",
              "delaftale__approval_reason", "delaftale__focus_area")
    )
    by_id = {area.pk: area for area in focus_areas}
    by_delaftale = {
        area.delaftale.pk: area for area in focus_areas if getattr(area, "delaftale", None)
    }
    # The plan's criteria (`criteria_for_plan`), found by the areas and delaftaler just read:
    # the same rows with two joins less.
    criteria: list[SuccessCriterion] = list(
        SuccessCriterion.objects.filter(
            Q(focus_area__in=list(by_id)) | Q(activity__delaftale__in=list(by_delaftale))
        )
        .select_related("activity__responsible__user")
        .only(*_CRITERION_FIELDS)
    )
    # The measurements' values only (the status, the latest and the chart read no more).
    measured = _measured_values(criteria)
    for criterion in criteria:
        # What `measurement_rows` returns when a selector has read them.
        criterion.prefetched_measurements = measured[criterion.pk]  # type: ignore[attr-defined]
        if criterion.focus_area_id is not None:
            area = criterion.focus_area = by_id[criterion.focus_area_id]
        else:  # an activity's: its delaftale's area
            area = by_delaftale[criterion.activity.delaftale_id]  # type: ignore[union-attr]
        criterion.area_name = area.name
        criterion.area_order = area.order
    deadlines = deadlines_get(plan=plan, since=today, criteria=criteria, with_users=False)
    with_status(criteria, plan=plan, today=today)
    for criterion in criteria:
        measurements = criterion.measurement_rows
        criterion.latest = measurements[-1] if measurements else None
    # The board reads the problems first: ikke på sporet, i risiko, ikke målt, på sporet.
    worst_first = (OFF_TRACK, AT_RISK, NOT_MEASURED, ON_TRACK)
    criteria.sort(key=lambda c: (worst_first.index(c.status.code), c.area_order, c.pk))
    attention = [c for c in criteria if c.status.code in (OFF_TRACK, AT_RISK)]
    # Charts are drawn where the page shows them: under the criteria that need attention.
    for criterion in criteria:
        criterion.chart = None
    for criterion in attention:
        criterion.chart = charts.plan_criterion_chart(
            plan, criterion, criterion.measurement_rows
        )
    counts = Counter(c.status.code for c in criteria)
    per_area: dict[str, Counter[str]] = {}
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
        .only("title", "due_date", "due_year", "due_quarter", "status")
    )
    soon = today + datetime.timedelta(days=90)
    overdue = sorted(
        (m for m in milestones if m.is_overdue(today)), key=lambda m: m.due_end or datetime.date.max
    )
    due_soon = sorted(
        (m for m in milestones if m.due_end and today <= m.due_end <= soon),
        key=lambda m: m.due_end or datetime.date.max,
    )
    money, budget_rows = money_totals_get(plan=plan, areas=focus_areas, today=today)
    return Dashboard(
        criteria=criteria,
        attention=attention,
        areas=areas,
        status_counts={code: counts.get(code, 0) for code in STATUS_ORDER},
        status_bar=charts.status_bar(counts),
        due_soon=due_soon,
        overdue=overdue,
        money=money,
        pace_chart=charts.pace_bars(elapsed=money.pace.elapsed, spent=money.pace.spent),
        deadlines=deadlines,
        budget_chart=charts.budget_chart(budget_rows),
        documents=_documents_with_state(plan, focus_areas),
    )


def _documents_with_state(
    plan: Plan, focus_areas: list[FocusArea]
) -> list[tuple[str, str, ApprovalInfo]]:
    """The strategic agreement and each delaftale with its approval state, in the plan's
    order, for the board to see what waits for it. `focus_areas`: the plan's, in their
    order, with their delaftale (select_related)."""
    documents: list[Delaftale | StrategicAgreement] = []
    for area in focus_areas:
        delaftale = getattr(area, "delaftale", None)
        if delaftale is not None:
            area.plan = plan
            documents.append(delaftale)
    # At most one (one-to-one with the plan); only what its state reads.
    agreement = next(iter(StrategicAgreement.objects.filter(plan=plan).only(
        "approval_state", "approval_reason", "plan"
    )), None)
    if agreement is not None:
        agreement.plan = plan
        documents.insert(0, agreement)
    states = approval_states_get(documents)
    rows: list[tuple[str, str, ApprovalInfo]] = []
    for document in documents:
        if isinstance(document, Delaftale):
            title = document.focus_area.name
            url = reverse("activities:delaftale_detail", args=[plan.slug, document.focus_area.slug])
            key = ("delaftale", document.pk)
        else:
            title = _("Strategic agreement")
            url = reverse("activities:agreement_detail", args=[plan.slug])
            key = ("agreement", document.pk)
        rows.append((title, url, states[key]))
    return rows


# --- Portfolio --------------------------------------------------------------------------


@dataclass
class PortfolioRow:
    plan: Plan
    area: FocusArea
    statuses: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STATUS_ORDER, 0))
    budget: int = 0
    spent: int = 0
    overdue: int = 0
    approval: ApprovalInfo | None = None  # None without a delaftale
    delaftale_url: str = ""

    @property
    def use(self) -> Decimal | None:
        return Decimal(self.spent) * 100 / Decimal(self.budget) if self.budget else None

    @property
    def use_display(self) -> str:
        return share_text(self.use) if self.use is not None else "–"

    @property
    def bar(self) -> str:
        return charts.status_bar(self.statuses, width=120, height=10)


@dataclass
class Portfolio:
    rows: list[PortfolioRow]
    page: Page


# The portfolio shows this many rows (plan × indsatsområde) a page.
ROWS_PER_PAGE = 100

SORTS = {
    "plan": lambda r: (r.plan.name, r.area.order),
    "omraade": lambda r: (r.area.name, r.plan.name),
    "ikke-paa-sporet": lambda r: (-r.statuses[OFF_TRACK], -r.statuses[AT_RISK], r.plan.name),
    "forbrug": lambda r: (-(r.use or 0), r.plan.name),
    "forsinket": lambda r: (-r.overdue, r.plan.name),
}


def _overdue(today: datetime.date) -> Q:
    """Milestones past their last day on time (`Milestone.is_overdue`), as a filter: a date
    before today, or a quarter whose last month has passed."""
    return ~Q(status__in=[Milestone.Status.REACHED, Milestone.Status.DROPPED]) & (
        Q(due_date__lt=today)
        | Q(
            due_date__isnull=True,
            due_quarter__isnull=False,
            due_year__lt=today.year,
        )
        | Q(
            due_date__isnull=True,
            due_year=today.year,
            due_quarter__lt=(today.month + 2) // 3,
        )
    )


def _milestone_area() -> Coalesce:
    return Coalesce("focus_area_id", "activity__delaftale__focus_area_id")


def _ordered_areas(
    areas: "QuerySet[FocusArea]", sort: str, today: datetime.date
) -> "QuerySet[FocusArea]":
    """The user's rows in the order of `sort`, ordered by the database (the status order is
    made in Python, from every row's statuses: `_statuses`)."""
    if sort == "omraade":
        return areas.order_by("name", "plan__name", "order", "pk")
    if sort == "forbrug":
        budget = (
            BudgetAmount.objects.filter(line__focus_area=OuterRef("pk"))
            .order_by()
            .values("line__focus_area")
            .annotate(budget=Sum("amount"), spent=Sum("spent"))
        )
        use = Case(
            When(budget_total__gt=0,
                 then=Cast(F("spent_total"), FloatField()) / Cast(F("budget_total"), FloatField())),
            default=Value(0.0),
            output_field=FloatField(),
        )
        return (
            areas.annotate(
                budget_total=Subquery(budget.values("budget")),
                spent_total=Coalesce(Subquery(budget.values("spent")), Value(0)),
            )
            .annotate(use_share=use)
            .order_by("-use_share", "plan__name", "order", "pk")
        )
    if sort == "forsinket":
        overdue = (
            Milestone.objects.filter(_overdue(today))
            .annotate(area_id=_milestone_area())
            .filter(area_id=OuterRef("pk"))
            .order_by()
            .values("area_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return areas.annotate(overdue_count=Coalesce(Subquery(overdue), Value(0))).order_by(
            "-overdue_count", "plan__name", "order", "pk"
        )
    return areas.order_by("plan__name", "order", "pk")


def _statuses(rows: dict[int, PortfolioRow], today: datetime.date) -> None:
    """Count each row's criteria by status (the status rule runs in Python: two queries)."""
    criteria = list(
        SuccessCriterion.objects.filter(
            Q(focus_area__in=rows) | Q(activity__delaftale__focus_area__in=rows)
        )
        .annotate(area_id=Coalesce("focus_area_id", "activity__delaftale__focus_area_id"))
        .only(*_STATUS_FIELDS)
    )
    by_criterion = _measured_values(criteria)
    for criterion in criteria:
        row = rows[criterion.area_id]
        status = criterion_status(
            criterion,
            by_criterion[criterion.pk],
            plan_start=row.plan.period_start,
            today=today,
            explain=False,
        )
        row.statuses[status.code] += 1


# What the status rule reads of a criterion.
_STATUS_FIELDS = (
    "kind", "unit", "direction", "baseline_value", "baseline_period", "baseline_due",
    "target_kind", "target_value", "target_value_max", "target_year", "target_text",
)


def portfolio_get(
    *, user: "User", sort: str = "plan", page: int = 1, today: datetime.date | None = None
) -> Portfolio:
    """One row per plan × indsatsområde of the user's plans, a page at a time, in a fixed
    number of queries whatever the number of plans. Only the page's rows are read, and only
    the columns shown; budget, spending and overdue milestones are summed by the database.
    Sorting by status needs every row's statuses (the rule runs in Python), so that order
    alone reads the criteria of all rows."""
    today = today or timezone.localdate()
    sort = sort if sort in SORTS else "plan"
    areas = FocusArea.objects.filter(plan__memberships__user=user)
    found = Page.of(total=areas.count(), per_page=ROWS_PER_PAGE, number=page,
                    keep={"sorter": sort})
    shown = (
        areas.select_related("plan")
        .only("name", "slug", "order", "plan__name", "plan__slug", "plan__period_start")
    )
    if sort == "ikke-paa-sporet":
        rows = {area.pk: PortfolioRow(area.plan, area) for area in shown.order_by()}
        _statuses(rows, today)
        ordered = sorted(rows.values(), key=lambda r: (*SORTS[sort](r), r.area.order, r.area.pk))
        rows = {row.area.pk: row for row in ordered[found.offset : found.end]}
    else:
        rows = {
            area.pk: PortfolioRow(area.plan, area)
            for area in _ordered_areas(shown, sort, today)[found.offset : found.end]
        }
        _statuses(rows, today)
    for line in (
        BudgetAmount.objects.filter(line__focus_area__in=rows)
        .values("line__focus_area")
        .annotate(budget=Sum("amount"), spent=Sum("spent"))
        .order_by()
    ):
        row = rows[line["line__focus_area"]]
        row.budget, row.spent = line["budget"] or 0, line["spent"] or 0
    for area_id, count in (
        Milestone.objects.filter(_overdue(today))
        .annotate(area_id=_milestone_area())
        .filter(area_id__in=rows)
        .values("area_id")
        .annotate(n=Count("pk"))
        .values_list("area_id", "n")
        .order_by()
    ):
        rows[area_id].overdue = count
    # Where each delaftale of the page stands (kladde, indstillet, godkendt, ændret siden …).
    delaftaler = list(
        Delaftale.objects.filter(focus_area__in=rows).only(
            "focus_area_id", "approval_state", "approval_reason"
        )
    )
    states = approval_states_get(delaftaler)
    for delaftale in delaftaler:
        row = rows[delaftale.focus_area_id]
        row.approval = states[("delaftale", delaftale.pk)]
        row.delaftale_url = reverse(
            "activities:delaftale_detail", kwargs={"slug": row.plan.slug, "area": row.area.slug}
        )
    return Portfolio(list(rows.values()), found)
