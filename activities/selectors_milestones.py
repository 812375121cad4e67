"""The milepælsplan of a year, and a proposal for next year's, scoped to one plan."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404
from django.utils import timezone

from plans.models import FocusArea, Plan
from plans.selectors import plan_years

from .models import Activity, Milestone, SuccessCriterion

# --- Milepælsplan ---------------------------------------------------------------------------


@dataclass
class Quarter:
    number: int
    milestones: list[Milestone] = field(default_factory=list)


@dataclass
class MilestonePlan:
    year: int
    years: list[int]
    quarters: list[Quarter]
    overdue_count: int

    @property
    def print_spec(self) -> str:
        """The milepælsplan of this year alone as a document (reporting's `milestones:<year>`)."""
        return f"milestones:{self.year}"


def milestone_plan_get(
    *, plan: Plan, year: int, today: datetime.date | None = None
) -> MilestonePlan:
    """The year's milestones grouped by quarter, each marked overdue when its time has passed."""
    today = today or timezone.localdate()
    years = plan_years(plan)
    if year not in years:
        raise Http404
    quarters = {q: Quarter(q) for q in range(1, 5)}
    rows = Milestone.objects.filter(plan=plan).select_related(
        "activity", "focus_area", "activity__delaftale__focus_area"
    )
    overdue = 0
    for milestone in sorted(
        rows, key=lambda m: (m.quarter_key, m.due_date or datetime.date.max, m.pk)
    ):
        milestone_year, quarter = milestone.quarter_key
        if milestone_year != year:
            continue
        milestone.overdue = milestone.is_overdue(today)
        overdue += milestone.overdue
        quarters[quarter].milestones.append(milestone)
    return MilestonePlan(
        year=year, years=years, quarters=list(quarters.values()), overdue_count=overdue
    )


# --- Next year's milepælsplan, proposed -----------------------------------------------------


def _quarter_of(date: datetime.date) -> int:
    return (date.month - 1) // 3 + 1


def milestone_proposal(*, plan: Plan, year: int) -> list[dict[str, Any]]:
    """A proposal for the milepælsplan of `year`, nothing saved: the milestones of the year
    before that are not reached (planned or delayed, not dropped), and each activity's planned
    work in `year` (its start, its end, the criteria it aims to meet that year, else a
    milestone for the year's work). A row already in the plan (same title and year) is left
    out. Rows are dicts of the proposal form's fields."""
    from django.utils.translation import gettext as _  # noqa: PLC0415

    from .selectors import activities_for_plan  # noqa: PLC0415 (selectors imports this module)

    years = plan_years(plan)
    if year not in years:
        raise Http404
    existing = {
        (m.title.casefold().strip(), m.quarter_key[0])
        for m in Milestone.objects.filter(plan=plan).only("title", "due_date", "due_year",
                                                         "due_quarter")
    }
    rows: list[dict[str, Any]] = []

    def add(
        title: str,
        quarter: int,
        activity: Activity | None = None,
        area: FocusArea | None = None,
        note: str = "",
    ) -> None:
        key = (title.casefold().strip(), year)
        if key in existing:
            return
        existing.add(key)
        rows.append({"include": True, "title": title[:300], "quarter": quarter,
                     "activity": activity.pk if activity else None,
                     "focus_area": area.pk if area else None, "note": note})

    unfinished = Milestone.objects.filter(plan=plan).filter(
        status__in=[Milestone.Status.PLANNED, Milestone.Status.DELAYED]
    ).select_related("activity", "focus_area")
    for milestone in sorted(unfinished, key=lambda m: (m.quarter_key, m.pk)):
        old_year, quarter = milestone.quarter_key
        if old_year != year - 1:
            continue
        add(milestone.title, quarter or 4, milestone.activity, milestone.focus_area,
            _("Not reached in %(year)s; carried over.") % {"year": year - 1})
    activities = (
        activities_for_plan(plan=plan)
        .exclude(status__in=[Activity.Status.DONE, Activity.Status.CANCELLED])
        .select_related("delaftale__focus_area")
        .prefetch_related("criteria")
        .order_by("delaftale__focus_area__order", "order", "pk")
    )
    for activity in activities:
        if (activity.start and activity.start.year > year) or (
            activity.end and activity.end.year < year
        ):
            continue
        before = len(rows)
        if activity.start and activity.start.year == year:
            add(_("%(activity)s starts") % {"activity": activity.name},
                _quarter_of(activity.start), activity)
        for criterion in activity.criteria.all():
            if criterion.target_year == year:
                add(_("Success criterion met: %(text)s")
                    % {"text": " ".join(criterion.text.split())[:200]}, 4, activity)
        if activity.end and activity.end.year == year:
            add(_("%(activity)s ends and is anchored") % {"activity": activity.name},
                _quarter_of(activity.end), activity)
        if len(rows) == before:
            add(_("%(activity)s: the year's work done and measured")
                % {"activity": activity.name}, 4, activity)
    area_criteria = SuccessCriterion.objects.filter(
        focus_area__plan=plan, target_year=year
    ).select_related("focus_area")
    for criterion in area_criteria:
        add(_("Success criterion met: %(text)s")
            % {"text": " ".join(criterion.text.split())[:200]}, 4, area=criterion.focus_area)
    return rows
