"""Every read of plan data goes through here, scoped to the user's memberships.

An object of a plan the user is not a member of answers 404, never 403, so that nobody can
learn which plans exist.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from .compiled import CompiledQuery
from .financing import FinancingSummary, summarise
from .models import (
    ApprovalState,
    Delaftale,
    DocumentVersion,
    EstateShare,
    FinancingAmount,
    FinancingLine,
    FocusArea,
    Forum,
    Invitation,
    Membership,
    Organisation,
    Plan,
    PlanEstate,
    PlanParty,
    RuleSetArea,
    StaffMember,
    StrategicAgreement,
)
from .paging import Page

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


@dataclass(frozen=True)
class PlanAccess:
    """The plan a request is about, and what the signed-in user may do in it."""

    plan: Plan
    role: str
    membership_id: int | None = None

    @property
    def can_edit(self) -> bool:
        """Only the leder edits the plan itself; medarbejdere edit only their own activities."""
        return self.role == Membership.Role.LEADER

    @property
    def can_manage_members(self) -> bool:
        return self.role == Membership.Role.LEADER


def plan_access_get(*, user: "User | AnonymousUser", slug: str) -> PlanAccess:
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.filter(user=user, plan__slug=slug)
        .select_related("plan", "plan__rule_set")
        .first()
    )
    if membership is None:
        raise Http404
    return PlanAccess(plan=membership.plan, role=membership.role, membership_id=membership.pk)


# The plan list shows this many plans a page (a user may belong to hundreds).
PLANS_PER_PAGE = 50


@dataclass(frozen=True)
class PlanListHeader:
    """What the plan list needs before its rows, read in one query: how many plans the user
    belongs to (the pager), whether they may start a plan (the "Can add plan" permission) and
    whether any document waits for them (only then are the waiting lists read)."""

    total: int
    can_create: bool
    anything_waiting: bool


def _plan_list_header_query(user_id: int) -> "QuerySet[Any, Any]":
    me = OuterRef("pk")
    count = (
        Membership.objects.filter(user=me)
        .order_by()
        .values("user")
        .annotate(n=Count("id"))
        .values("n")
    )
    # The permission as django.contrib.auth's ModelBackend grants it: to the user or a group.
    add_plan = Permission.objects.filter(content_type__app_label="plans", codename="add_plan")
    agreements, delaftaler = _waiting_filters(OuterRef(me))
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .annotate(
            total=Coalesce(Subquery(count), Value(0)),
            direct=Exists(add_plan.filter(user=me)),
            via_group=Exists(add_plan.filter(group__user=me)),
            agreement_waits=Exists(StrategicAgreement.objects.filter(agreements)),
            delaftale_waits=Exists(Delaftale.objects.filter(delaftaler)),
        )
        .values("total", "direct", "via_group", "agreement_waits", "delaftale_waits")
    )


_PLAN_LIST_HEADER = CompiledQuery(_plan_list_header_query)


def plan_list_header_get(*, user: "User") -> PlanListHeader:
    """One query in place of five (the count, the two permission reads of `has_perm` and the
    two waiting lists, which are read only when something waits)."""
    row = _PLAN_LIST_HEADER.row(user.pk) if user.is_active else None
    if row is None:
        return PlanListHeader(total=0, can_create=False, anything_waiting=False)
    return PlanListHeader(
        total=row["total"],
        can_create=bool(user.is_superuser or row["direct"] or row["via_group"]),
        anything_waiting=bool(row["agreement_waits"] or row["delaftale_waits"]),
    )


def memberships_for_user(
    *, user: "User", page: int | None = None, total: int | None = None
) -> "QuerySet[Membership] | tuple[list[Membership], Page]":
    """The plan list: one row per plan the user belongs to, with counts, in constant queries.

    Only the columns the list shows are read, and with `page` only that page's rows (the
    counts are then made for those rows alone): returns (memberships, Page). `total`, the
    number of the user's memberships when the caller has it (plan_list_header_get), spares
    the count."""
    area_count = (
        FocusArea.objects.filter(plan=OuterRef("plan"))
        .order_by()
        .values("plan")
        .annotate(n=Count("id"))
        .values("n")
    )
    delaftale_count = (
        Delaftale.objects.filter(focus_area__plan=OuterRef("plan"))
        .order_by()
        .values("focus_area__plan")
        .annotate(n=Count("id"))
        .values("n")
    )
    mine = Membership.objects.filter(user=user)
    rows = (
        mine.select_related("plan", "plan__rule_set")
        .only(
            "role",
            "plan__slug",
            "plan__name",
            "plan__area_name",
            "plan__status",
            "plan__period_start",
            "plan__period_end",
            "plan__rule_set__name",
        )
        .annotate(area_count=Subquery(area_count), delaftale_count=Subquery(delaftale_count))
        .order_by("-plan__period_start", "plan__name", "pk")
    )
    if page is None:
        return rows
    if total is None:
        total = mine.count()
    found = Page.of(total=total, per_page=PLANS_PER_PAGE, number=page)
    return list(rows[found.offset : found.end]), found


def plan_overview_get(*, plan: Plan) -> Plan:
    """The plan page: parties, estates, focus areas with their delaftale, members. Read onto
    `plan` itself (the request's plan, read with its rule set by plan_access_get; the rule
    set is read here only when it was not) instead of reading the plan again."""
    prefetch_related_objects(
        [plan],
        "rule_set",
        "agreement",
        Prefetch("parties", queryset=PlanParty.objects.select_related("organisation")),
        Prefetch(
            "plan_estates",
            queryset=PlanEstate.objects.select_related("estate__organisation"),
        ),
        Prefetch(
            "focus_areas",
            queryset=FocusArea.objects.select_related("delaftale").annotate(
                goal_count=Count("goals", distinct=True),
            ),
        ),
        Prefetch("memberships", queryset=Membership.objects.select_related("user")),
    )
    return plan


@dataclass
class PlanPage:
    """What the plan's overview page lists besides the plan itself (its agreement is read
    onto the plan)."""

    plan: Plan
    parties: list[PlanParty]
    estates: list[PlanEstate]
    areas: list[FocusArea]  # with the delaftale and goal_count
    members: list[Membership]


def plan_page_get(*, plan: Plan) -> PlanPage:
    """The plan page: agreement, parties, estates, focus areas with their delaftale and
    number of goals, members; one query each, read straight for the one plan (prefetching
    onto a single plan costs more than the queries themselves)."""
    try:
        plan.agreement  # noqa: B018 (read onto the plan for the page)
    except StrategicAgreement.DoesNotExist:
        pass
    return PlanPage(
        plan=plan,
        parties=list(PlanParty.objects.filter(plan=plan).select_related("organisation")),
        estates=list(PlanEstate.objects.filter(plan=plan)
                     .select_related("estate__organisation")),
        areas=list(FocusArea.objects.filter(plan=plan).select_related("delaftale")
                   .annotate(goal_count=Count("goals", distinct=True))),
        members=list(Membership.objects.filter(plan=plan).select_related("user")),
    )


def fora_for_plan(*, plan: Plan) -> QuerySet[Forum]:
    return plan.fora.select_related("focus_area", "parent").prefetch_related("members")


def staff_for_plan(*, plan: Plan) -> QuerySet[StaffMember]:
    """The secretariat with each member's split across the plan's afdelinger."""
    return plan.staff.prefetch_related(ESTATE_SHARES)


ESTATE_SHARES = Prefetch(
    "estate_shares", queryset=EstateShare.objects.select_related("plan_estate__estate")
)


def members_for_plan(*, plan: Plan) -> QuerySet[Membership]:
    return plan.memberships.select_related("user").order_by("role", "user__username")


def open_invitations_for_plan(*, plan: Plan) -> QuerySet[Invitation]:
    return plan.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


def organisations_for_choice(*, plan: Plan) -> QuerySet[Organisation]:
    """The shared reference list (kommuner, boligorganisationer …) and the plan's own
    organisations; never those other plans created."""
    return Organisation.objects.filter(Q(plan__isnull=True) | Q(plan=plan)).order_by(
        "kind", "name"
    )


def rule_set_areas_available(*, plan: Plan) -> QuerySet[RuleSetArea]:
    """The rule set's indsatsområder the plan has not chosen yet."""
    chosen = plan.focus_areas.exclude(rule_set_area=None).values("rule_set_area_id")
    return plan.rule_set.areas.exclude(id__in=chosen)


def focus_area_get(*, plan: Plan, area_slug: str) -> FocusArea:
    area = FocusArea.objects.filter(plan=plan, slug=area_slug).select_related("plan").first()
    if area is None:
        raise Http404
    return area


def agreement_get(*, plan: Plan) -> StrategicAgreement:
    agreement, _ = StrategicAgreement.objects.get_or_create(plan=plan)
    return agreement


def delaftale_get(*, plan: Plan, area_slug: str) -> Delaftale:
    delaftale = (
        Delaftale.objects.filter(focus_area__plan=plan, focus_area__slug=area_slug)
        .select_related("focus_area", "focus_area__plan")
        .first()
    )
    if delaftale is None:
        raise Http404
    return delaftale


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.period_start.year, plan.period_end.year + 1))


def financing_summary_get(
    *, plan: Plan, overrides: dict[tuple[int, int], int | None] | None = None
) -> FinancingSummary:
    """Financing per year, per area and in total, with the co-financing rule.

    `overrides` maps (line id, year) → amount typed but not saved (the live check).
    """
    # One query: the amounts with their line's kind and area (lines without amounts add 0).
    cells = {}
    lines = {}
    for line_id, kind, area_id, year, amount in FinancingAmount.objects.filter(
        line__plan=plan
    ).values_list("line_id", "line__kind", "line__focus_area_id", "year", "amount"):
        lines[line_id] = (kind == FinancingLine.Kind.LBF, area_id)
        cells[(line_id, year)] = amount
    if overrides:
        lines = {
            line_id: (kind == FinancingLine.Kind.LBF, area_id)
            for line_id, kind, area_id in plan.financing_lines.values_list(
                "id", "kind", "focus_area_id"
            )
        }
        cells.update({key: value or 0 for key, value in overrides.items() if key[0] in lines})
    return summarise(
        years=plan_years(plan),
        minimum=plan.rule_set.min_local_share_percent,
        amounts=((*lines[line_id], year, amount) for (line_id, year), amount in cells.items()),
    )


def financing_lines_get(*, plan: Plan) -> list[FinancingLine]:
    """Financing lines with their amounts keyed by year, for the financing grid."""
    lines = list(plan.financing_lines.select_related("focus_area").prefetch_related("amounts"))
    for line in lines:
        line.by_year = {amount.year: amount for amount in line.amounts.all()}
        line.total = sum(amount.amount for amount in line.by_year.values())
    return lines


def version_get(*, plan: Plan, pk: int) -> DocumentVersion:
    version = DocumentVersion.objects.filter(plan=plan, pk=pk).first()
    if version is None:
        raise Http404
    return version


@dataclass
class Waiting:
    """A document that waits for the user: for their approval (bestyrelse) or their revision
    (leder, after the board returned it)."""

    plan: Plan
    document: object  # a Delaftale or the StrategicAgreement
    is_agreement: bool


def _waiting_filters(user: "User | OuterRef") -> tuple[Q, Q]:
    """The agreements and the delaftaler that wait for `user` (a user or an OuterRef to one):
    submitted where they sit on the board, returned where they lead."""
    board = Membership.objects.filter(user=user, role=Membership.Role.BOARD).values("plan_id")
    leads = Membership.objects.filter(user=user, role=Membership.Role.LEADER).values("plan_id")
    agreements = Q(plan_id__in=board, approval_state=ApprovalState.SUBMITTED) | Q(
        plan_id__in=leads, approval_state=ApprovalState.RETURNED
    )
    delaftaler = Q(focus_area__plan_id__in=board, approval_state=ApprovalState.SUBMITTED) | Q(
        focus_area__plan_id__in=leads, approval_state=ApprovalState.RETURNED
    )
    return agreements, delaftaler


def waiting_for_user(*, user: "User") -> dict[str, list[Waiting]]:
    """What the start page lists: {"approve": …, "revise": …}, in two queries (agreements,
    delaftaler): what waits for the board where the user sits on it, and what was returned
    where the user leads."""
    found: dict[str, list[Waiting]] = {"approve": [], "revise": []}
    agreements, delaftaler = _waiting_filters(user)

    def key(document: StrategicAgreement | Delaftale) -> str:
        return "approve" if document.approval_state == ApprovalState.SUBMITTED else "revise"

    for agreement in StrategicAgreement.objects.filter(agreements).select_related("plan"):
        found[key(agreement)].append(Waiting(agreement.plan, agreement, True))
    for delaftale in (
        Delaftale.objects.filter(delaftaler)
        .select_related("focus_area__plan")
        .order_by("focus_area__plan__name", "focus_area__order")
    ):
        found[key(delaftale)].append(Waiting(delaftale.focus_area.plan, delaftale, False))
    return found
