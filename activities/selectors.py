"""Reads of activities, criteria, measurements and milestones, scoped to one plan.

The views first resolve the plan with `plans.selectors.plan_access_get` (404 for non-members);
everything here then filters by that plan.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db.models import CharField, F, Prefetch, Q, QuerySet, Sum, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from plans.financing import FinancingSummary, Rule, summarise
from plans.models import (
    BudgetGroup,
    Delaftale,
    DocumentKind,
    FinancingAmount,
    FinancingLine,
    FocusArea,
    Membership,
    Plan,
    PlanEstate,
    PlanParty,
    StaffResource,
    StrategicAgreement,
)
from plans.sections import sections_create_from_template, sections_prefetch
from plans.selectors import (
    ESTATE_SHARES,
    PlanAccess,
    financing_summary_get,
    plan_years,
)

from .budget import (
    BudgetGrid,
    SpendingPace,
    build_grid,
    money_rules,
    spending_pace,
    sum_grid,
)
from .models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    CriterionEstateValue,
    Measurement,
    SuccessCriterion,
)

# Re-exported: the milestone reads.
from .selectors_milestones import MilestonePlan as MilestonePlan
from .selectors_milestones import Quarter as Quarter
from .selectors_milestones import milestone_plan_get as milestone_plan_get
from .selectors_milestones import milestone_proposal as milestone_proposal
from .status import criterion_status

# A criterion's comparison values and measurements as plain lists (read through
# `comparison_rows` and `measurement_rows`): Django would otherwise build a filtered queryset
# per criterion and relation, a third of the agreement page's time.
COMPARISONS = Prefetch("comparisons", to_attr="prefetched_comparisons")
MEASUREMENTS = Prefetch("measurements", to_attr="prefetched_measurements")
# Criteria in print order: those without a heading first, then heading by heading.
CRITERIA = Prefetch(
    "criteria",
    # The indicator's name prints with a criterion measured by one.
    queryset=SuccessCriterion.objects.select_related("group", "indicator")
    .prefetch_related(
        COMPARISONS,
        MEASUREMENTS,
        Prefetch(
            "estate_values",
            queryset=CriterionEstateValue.objects.select_related("plan_estate__estate"),
            to_attr="prefetched_estate_values",
        ),
    )
    .order_by(F("group__order").asc(nulls_first=True), "group_id", "order", "id"),
)
PLAN_ESTATES = PlanEstate.objects.select_related("estate__organisation")


def activity_editable(access: PlanAccess, activity: Activity | None) -> bool:
    """The leder edits every activity; a medarbejder only those they are responsible for."""
    if access.can_edit:
        return True
    return (
        activity is not None
        and access.role == Membership.Role.STAFF
        and activity.responsible_id is not None
        and activity.responsible_id == access.membership_id
    )


Criteria = TypeVar("Criteria", bound=Iterable[SuccessCriterion])


def with_status(
    criteria: Criteria, *, plan: Plan, today: datetime.date | None = None
) -> Criteria:
    """Attach `.status` (code, reason) to each criterion, from its prefetched measurements."""
    today = today or timezone.localdate()
    for criterion in criteria:
        criterion.status = criterion_status(
            criterion, criterion.measurement_rows, plan_start=plan.period_start, today=today
        )
    return criteria


def _activities_queryset(*, responsible: bool = True) -> QuerySet[Activity]:
    """Activities with everything their pages and prints show; `responsible=False` leaves
    out the responsible member and user (the activity's own page shows them, the delaftale
    and its prints do not)."""
    related = ("core_activity", "responsible__user") if responsible else ("core_activity",)
    return Activity.objects.select_related(*related).prefetch_related(
        "goals", "target_groups", CRITERIA, "milestones", Prefetch("estates", PLAN_ESTATES)
    )


def agreement_get(*, plan: Plan, estates: bool = True) -> StrategicAgreement:
    """The whole strategic agreement with section 5 (areas, mål, criteria) and signatures.
    `estates=False` leaves out the plan's afdelinger (the prints list them, the page not)."""
    prefetches: list[str | Prefetch[str, QuerySet[Any], str]] = [
        sections_prefetch(DocumentKind.AGREEMENT, plan.rule_set_id),
        # Each signature's party is set from the plan's parties below (no join).
        "signatures",
        Prefetch("plan__parties", PlanParty.objects.select_related("organisation")),
        # Criterion groups are not read: the agreement prints each criterion's heading
        # (select_related) and edits them on the delaftale.
        Prefetch("plan__focus_areas", FocusArea.objects.prefetch_related("goals", CRITERIA)),
    ]
    if estates:
        prefetches.append(Prefetch("plan__plan_estates", queryset=PLAN_ESTATES))
    # The rule set as the caller's plan has it (the views' plans come with it): one join less.
    rule_set_read = Plan.rule_set.is_cached(plan)
    query = (
        StrategicAgreement.objects.filter(plan=plan)
        .select_related("plan" if rule_set_read else "plan__rule_set")
        .prefetch_related(*prefetches)
    )
    agreement = query.first()
    if agreement is None:
        agreement, created = StrategicAgreement.objects.get_or_create(plan=plan)
        if created:
            sections_create_from_template(agreement=agreement)
        agreement = query.get()
    if rule_set_read:
        agreement.plan.rule_set = plan.rule_set
    for area in agreement.plan.focus_areas.all():
        with_status(area.criteria.all(), plan=plan)
    # Each party's signatures for the front sheet, from the agreement's (no second query).
    parties = {party.pk: party for party in agreement.plan.parties.all()}
    for party in parties.values():
        party.agreement_signatures = []
    for signature in agreement.signatures.all():
        signed_for = parties.get(signature.party_id)
        if signed_for is not None:
            signature.party = signed_for
            signed_for.agreement_signatures.append(signature)
    return agreement


def focus_area_get(*, plan: Plan, area_slug: str) -> FocusArea:
    area = (
        FocusArea.objects.filter(plan=plan, slug=area_slug)
        .select_related("plan", "rule_set_area", "delaftale")
        .prefetch_related("goals", "criterion_groups", CRITERIA)
        .first()
    )
    if area is None:
        raise Http404
    with_status(area.criteria.all(), plan=plan)
    return area


def delaftale_get(*, plan: Plan, area_slug: str) -> Delaftale:
    """A delaftale as LBF prints it: parties, area content, activities with everything."""
    # The caller's plan is the delaftale's: when it comes with its rule set (the views' plans
    # do), the plan and the rule set are not read again.
    plan_read = Plan.rule_set.is_cached(plan)
    delaftale = (
        Delaftale.objects.filter(focus_area__plan=plan, focus_area__slug=area_slug)
        .select_related(
            "focus_area" if plan_read else "focus_area__plan__rule_set"
        )
        .prefetch_related(
            sections_prefetch(DocumentKind.DELAFTALE, plan.rule_set_id),
            "parties",
            Prefetch(
                "staff_resources", queryset=StaffResource.objects.prefetch_related(ESTATE_SHARES)
            ),
            "focus_area__goals",
            "focus_area__criterion_groups",
            Prefetch("focus_area__criteria", queryset=CRITERIA.queryset),
            Prefetch("activities", queryset=_activities_queryset(responsible=False)),
        )
        .first()
    )
    if delaftale is None:
        raise Http404
    if plan_read:
        delaftale.focus_area.plan = plan
    with_status(delaftale.focus_area.criteria.all(), plan=plan)
    for activity in delaftale.activities.all():
        _annotate_activity(activity, plan)
    return delaftale


def activity_get(*, plan: Plan, pk: int) -> Activity:
    activity = (
        _activities_queryset()
        .filter(delaftale__focus_area__plan=plan, pk=pk)
        .select_related("delaftale__focus_area")
        .first()
    )
    if activity is None:
        raise Http404
    _annotate_activity(activity, plan)
    return activity


def _annotate_activity(activity: Activity, plan: Plan) -> None:
    today = timezone.localdate()
    with_status(activity.criteria.all(), plan=plan, today=today)
    for milestone in activity.milestones.all():
        milestone.overdue = milestone.is_overdue(today)


def activities_for_plan(*, plan: Plan) -> QuerySet[Activity]:
    return Activity.objects.filter(delaftale__focus_area__plan=plan)


def criteria_for_plan(*, plan: Plan) -> QuerySet[SuccessCriterion]:
    # One filter with both ways (not two querysets combined with `|`, which costs a query's
    # compilation again): the same rows.
    return SuccessCriterion.objects.filter(
        Q(focus_area__plan=plan) | Q(activity__delaftale__focus_area__plan=plan)
    )


# --- Budget and financing ---------------------------------------------------------------------


@dataclass
class MoneyOverview:
    grid: BudgetGrid
    financing: FinancingSummary
    rules: list[Rule]
    pace: SpendingPace
    with_lbf: bool = True  # the plan has Landsbyggefonden money, or its rule set says it has


    @property
    def ok(self) -> bool:
        return all(rule.ok for rule in self.rules)

    @property
    def failures(self) -> list[Rule]:
        return [rule for rule in self.rules if not rule.ok]


def budget_lines_get(*, plan: Plan, areas: list[FocusArea] | None = None) -> list[BudgetLine]:
    """The plan's budget lines with their amounts; `areas`: the plan's focus areas, when the
    caller has them (each line's is then taken from them, not joined)."""
    if areas is None:
        return list(
            BudgetLine.objects.filter(plan=plan)
            .select_related("focus_area", "activity")
            .prefetch_related("amounts")
        )
    lines = list(
        BudgetLine.objects.filter(plan=plan).select_related("activity").prefetch_related("amounts")
    )
    _with_areas(lines, areas)
    return lines


def _with_areas(rows: list[BudgetLine] | list[BudgetGroup], areas: list[FocusArea]) -> None:
    """Set each row's `focus_area` from `areas` (one of the plan's, or none)."""
    by_id = {area.pk: area for area in areas}
    for row in rows:
        if row.focus_area_id is None:
            row.focus_area = None
        elif row.focus_area_id in by_id:
            row.focus_area = by_id[row.focus_area_id]


def money_overview_get(
    *,
    plan: Plan,
    overrides: dict[tuple[int, int], int | None] | None = None,
    financing_overrides: dict[tuple[int, int], int | None] | None = None,
    today: datetime.date | None = None,
    financing_lines: list[FinancingLine] | None = None,
    lines: bool = True,
    areas: list[FocusArea] | None = None,
) -> MoneyOverview:
    """Budget grid, financing, the rules and the spending pace, in a fixed number of queries.

    `financing_lines`: the plan's, with their amounts (`financing_lines_get`), when the caller
    has read them: the financing is then added up from them (one query less).
    `lines=False` is for pages that show the sums, the rules and the pace but not the grid:
    the grid then has the sums only (no rows, groups or footnotes), added up from one query
    of the amounts instead of the lines, their amounts and the plan's budget groups.
    `areas` are the plan's focus areas when the caller has read them."""
    areas = list(plan.focus_areas.all()) if areas is None else areas
    years = plan_years(plan)
    if lines:
        budget_groups = list(plan.budget_groups.all())
        _with_areas(budget_groups, areas)
        grid = build_grid(
            years=years,
            areas=areas,
            lines=budget_lines_get(plan=plan, areas=areas),
            budget_groups=budget_groups,
            overrides=overrides,
        )
    else:
        if overrides:
            raise ValueError("amounts typed but not saved need the lines")
        grid = sum_grid(years=years, amounts=BudgetAmount.objects.filter(line__plan=plan)
                        .order_by().values_list("line__focus_area_id", "year", "amount", "spent"))
    if financing_lines is not None and not financing_overrides:
        financing = summarise(
            years=years,
            minimum=plan.rule_set.min_local_share_percent,
            amounts=(
                (line.kind == FinancingLine.Kind.LBF, line.focus_area_id, amount.year,
                 amount.amount)
                for line in financing_lines
                for amount in line.amounts.all()
            ),
        )
    else:
        financing = financing_summary_get(plan=plan, overrides=financing_overrides)
    return _overview(plan, grid, financing, areas, today)


def _overview(
    plan: Plan,
    grid: BudgetGrid,
    financing: FinancingSummary,
    areas: list[FocusArea],
    today: datetime.date | None,
) -> MoneyOverview:
    """The rules and the spending pace of a plan's budget grid and financing."""
    return MoneyOverview(
        grid=grid,
        financing=financing,
        rules=money_rules(grid=grid, financing=financing, areas=areas, rule_set=plan.rule_set),
        with_lbf=plan.rule_set.has_lbf_financing or financing.total.lbf > 0,
        pace=spending_pace(
            grid=grid,
            start=plan.period_start,
            end=plan.period_end,
            today=today or timezone.localdate(),
        ),
    )


def money_totals_get(
    *, plan: Plan, areas: list[FocusArea], today: datetime.date | None = None
) -> tuple[MoneyOverview, list[tuple[str, int, int, int]]]:
    """The money overview as `money_overview_get` makes it, from sums only: the grid carries
    the totals per year and per area (no groups, lines or cells), the financing summary and
    the rules are the same. With it the rows of `budget_by_area_and_year`, from the same
    sums: two queries, whatever the number of lines. `areas`: the plan's focus areas in
    their order (the caller has them). For pages that show totals, not the grid."""
    years = plan_years(plan)
    # One query: the budget (kind None) and the financing (its line's kind) summed per area
    # and year.
    budget_sums = (
        BudgetAmount.objects.filter(line__plan=plan)
        .values_list("line__focus_area_id", "year")
        .annotate(
            kind=Value(None, output_field=CharField()),
            budget=Sum("amount"),
            spent=Sum("spent"),
        )
        .order_by()
    )
    financing_sums = (
        FinancingAmount.objects.filter(line__plan=plan)
        .values_list("line__focus_area_id", "year")
        .annotate(kind=F("line__kind"), budget=Sum("amount"), spent=Value(0))
        .order_by()
    )
    budget_amounts, financing_amounts = [], []
    for area_id, year, kind, budget, spent in budget_sums.union(financing_sums, all=True):
        if kind is None:
            budget_amounts.append((area_id, year, budget or 0, spent or 0))
        else:
            financing_amounts.append((kind == FinancingLine.Kind.LBF, area_id, year, budget or 0))
    grid = sum_grid(years=years, amounts=budget_amounts)
    financing = summarise(
        years=years, minimum=plan.rule_set.min_local_share_percent, amounts=financing_amounts
    )
    names = {area.pk: (area.name, area.order) for area in areas}
    in_period = set(years)
    chart: dict[tuple[str | None, int | None, int], list[int]] = {}
    for area_id, year, budget, spent in budget_amounts:
        if year in in_period:
            name, order = names[area_id] if area_id is not None else (None, None)
            cell = chart.setdefault((name, order, year), [0, 0])
            cell[0] += budget
            cell[1] += spent
    rows = sorted(
        ((order is None, order or 0), name or _("Cross-cutting"), year, budget, spent)
        for (name, order, year), (budget, spent) in chart.items()
    )
    return _overview(plan, grid, financing, areas, today), [row[1:] for row in rows]


# --- Målopfyldelse (the yearly results report) --------------------------------------------


@dataclass
class ResultRow:
    criterion: SuccessCriterion
    owner: str  # the focus area, or "area › activity"
    latest: object  # the latest Measurement up to the year's end, or None
    measurements: list[Measurement] = field(default_factory=list)  # up to the year's end


def results_get(*, plan: Plan, year: int) -> list[ResultRow]:
    """Every criterion of the plan as it stood at the end of `year` (or today, if sooner):
    baseline, comparison values, target, latest measurement, status and its reason."""
    as_of = min(datetime.date(year, 12, 31), timezone.localdate())
    criteria = (
        criteria_for_plan(plan=plan)
        .select_related("focus_area", "activity__delaftale__focus_area")
        .prefetch_related(COMPARISONS, MEASUREMENTS)
    )
    rows: list[ResultRow] = []
    for criterion in criteria:
        measurements = [m for m in criterion.measurement_rows if m.measured_on <= as_of]
        criterion.status = criterion_status(criterion, measurements,
                                            plan_start=plan.period_start, today=as_of)
        if criterion.activity is not None:
            owner = f"{criterion.activity.delaftale.focus_area.name} › {criterion.activity.name}"
        else:
            assert criterion.focus_area is not None  # a criterion has an area or an activity
            owner = criterion.focus_area.name
        rows.append(ResultRow(criterion, owner, measurements[-1] if measurements else None,
                              measurements))

    def place(row: ResultRow) -> tuple[int, ...]:
        c = row.criterion
        if c.activity is not None:
            return (c.activity.delaftale.focus_area.order, 1, c.activity.order, c.order, c.pk)
        assert c.focus_area is not None
        return (c.focus_area.order, 0, 0, c.order, c.pk)

    return sorted(rows, key=place)


def budget_by_area_and_year(*, plan: Plan) -> list[tuple[str, int, int, int]]:
    """(focus area, year, budget, spent) in the plan's order of areas, cross-cutting lines
    last; one query. The budget chart on the dashboard and in the budget PDF reads it."""
    totals = (
        BudgetAmount.objects.filter(line__plan=plan)
        .values("line__focus_area__name", "line__focus_area__order", "year")
        .annotate(budget=Sum("amount"), spent=Sum("spent"))
    )
    rows = [
        (
            (row["line__focus_area__order"] is None, row["line__focus_area__order"] or 0),
            row["line__focus_area__name"] or _("Cross-cutting"),
            row["year"],
            row["budget"] or 0,
            row["spent"] or 0,
        )
        for row in totals
    ]
    rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return [row[1:] for row in rows]
