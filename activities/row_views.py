"""The rows of activities that are edited one at a time (see `plans.rows`); their routes are
in `activities/urls.py`.

Activities, their mål and målgrupper, success criteria (area and activity level), comparison
values, measurements and milestones, indicators, and the budget page's rows (budget lines,
groups and financing lines). A medarbejder may edit these for the activities they are
responsible for; everything else needs the leder.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans import forms as plan_forms
from plans.models import BudgetGroup, Delaftale, FinancingLine, FocusArea
from plans.rows import RowKind, leader_only

from . import forms, selectors
from .indicators import measurements_sync
from .models import (
    Activity,
    ActivityGoal,
    BudgetLine,
    ComparisonValue,
    CriterionEstateValue,
    CriterionGroup,
    Indicator,
    IndicatorValue,
    Measurement,
    Milestone,
    SuccessCriterion,
    TargetGroup,
)


def _activity_url(plan, activity):
    return reverse("activities:activity_detail", kwargs={"slug": plan.slug, "pk": activity.pk})


def _area_url(plan, area):
    return reverse("activities:focus_area_detail", kwargs={"slug": plan.slug, "area": area.slug})


def _delaftale_url(plan, delaftale):
    return reverse(
        "activities:delaftale_detail",
        kwargs={"slug": plan.slug, "area": delaftale.focus_area.slug},
    )


def _criterion_owner_url(plan, criterion):
    if criterion.activity_id:
        return _activity_url(plan, criterion.activity)
    return _area_url(plan, criterion.focus_area)


def _milestone_plan_url(plan, _parent):
    return reverse("activities:milestone_plan", kwargs={"slug": plan.slug})


# --- Who may edit -----------------------------------------------------------------------------


def _own_activity(access, activity, row=None):
    return selectors.activity_editable(access, activity)


def _activity_row(access, delaftale, row=None):
    """Adding an activity needs the leder; editing one, its responsible medarbejder too."""
    return selectors.activity_editable(access, row) if row is not None else access.can_edit


def _criterion_owner(access, criterion, row=None):
    if criterion.activity_id:
        return selectors.activity_editable(access, criterion.activity)
    return access.can_edit


# --- Sections swapped in place after an inline edit -------------------------------------------


def _activity_section(name):
    def section(access, activity):
        activity = selectors.activity_get(plan=access.plan, pk=activity.pk)
        return f"activities/_activity_{name}.html", {
            "activity": activity,
            "can_edit": selectors.activity_editable(access, activity),
            "section_id": f"{name}-{activity.pk}",
        }

    return section


def _area_criteria_section(access, area):
    area = selectors.focus_area_get(plan=access.plan, area_slug=area.slug)
    return "activities/_area_criteria.html", {
        "area": area,
        "can_edit": access.can_edit,
        "section_id": f"criteria-area-{area.pk}",
    }


def _criterion_section(access, criterion):
    if criterion.activity_id:
        return _activity_section("criteria")(access, criterion.activity)
    return _area_criteria_section(access, criterion.focus_area)


def _plan_activities(plan):
    return selectors.activities_for_plan(plan=plan).select_related("delaftale__focus_area")


def _plan_criteria(plan):
    return selectors.criteria_for_plan(plan=plan).select_related(
        "activity", "focus_area", "activity__delaftale__focus_area"
    )


def _sync_indicators(plan):
    measurements_sync(plan=plan)


def _indicators_url(plan, _parent):
    return reverse("activities:indicators", kwargs={"slug": plan.slug})


def _budget_url(plan, _parent):
    return reverse("activities:budget", kwargs={"slug": plan.slug}) + "#budget"


def _financing_url(plan, _parent):
    return reverse("activities:budget", kwargs={"slug": plan.slug}) + "#finansiering"


indicators = RowKind(
    model=Indicator,
    form_class=forms.IndicatorForm,
    noun=_("indicator"),
    parent_field="plan",
    parents=None,
    back=_indicators_url,
    after_save=_sync_indicators,
)
indicator_values = RowKind(
    model=IndicatorValue,
    form_class=forms.IndicatorValueForm,
    noun=_("indicator value"),
    parent_field="indicator",
    parents=lambda plan: Indicator.objects.filter(plan=plan),
    back=_indicators_url,
    ordered=False,
    after_save=_sync_indicators,
)
activities = RowKind(
    model=Activity,
    form_class=forms.ActivityForm,
    noun=_("activity"),
    parent_field="delaftale",
    parents=lambda plan: Delaftale.objects.filter(focus_area__plan=plan).select_related(
        "focus_area"
    ),
    back=_delaftale_url,
    may_edit=_activity_row,
    may_remove=leader_only,
)
activity_goals = RowKind(
    model=ActivityGoal,
    form_class=forms.ActivityGoalForm,
    noun=_("goal"),
    parent_field="activity",
    parents=_plan_activities,
    back=_activity_url,
    may_edit=_own_activity,
    section=_activity_section("goals"),
)
target_groups = RowKind(
    model=TargetGroup,
    form_class=forms.TargetGroupForm,
    noun=_("target group"),
    parent_field="activity",
    parents=_plan_activities,
    back=_activity_url,
    may_edit=_own_activity,
    section=_activity_section("target_groups"),
)
area_criteria = RowKind(
    model=SuccessCriterion,
    after_save=_sync_indicators,
    form_class=forms.CriterionForm,
    noun=_("success criterion"),
    parent_field="focus_area",
    parents=lambda plan: FocusArea.objects.filter(plan=plan),
    back=_area_url,
    section=_area_criteria_section,
)
criterion_groups = RowKind(
    model=CriterionGroup,
    form_class=forms.CriterionGroupForm,
    noun=_("heading of success criteria"),
    parent_field="focus_area",
    parents=lambda plan: FocusArea.objects.filter(plan=plan),
    back=_area_url,
    section=_area_criteria_section,
)
activity_criteria = RowKind(
    model=SuccessCriterion,
    after_save=_sync_indicators,
    form_class=forms.CriterionForm,
    noun=_("success criterion"),
    parent_field="activity",
    parents=_plan_activities,
    back=_activity_url,
    may_edit=_own_activity,
    section=_activity_section("criteria"),
)
comparison_values = RowKind(
    model=ComparisonValue,
    form_class=forms.ComparisonForm,
    noun=_("comparison value"),
    parent_field="criterion",
    parents=_plan_criteria,
    back=_criterion_owner_url,
    may_edit=_criterion_owner,
    section=_criterion_section,
)
estate_values = RowKind(
    model=CriterionEstateValue,
    form_class=forms.CriterionEstateValueForm,
    noun=_("value per housing estate"),
    parent_field="criterion",
    parents=_plan_criteria,
    back=_criterion_owner_url,
    may_edit=_criterion_owner,
    section=_criterion_section,
)
measurements = RowKind(
    model=Measurement,
    form_class=forms.MeasurementForm,
    noun=_("measurement"),
    parent_field="criterion",
    parents=_plan_criteria,
    back=_criterion_owner_url,
    may_edit=_criterion_owner,
    section=_criterion_section,
    ordered=False,
)
milestones = RowKind(
    model=Milestone,
    form_class=forms.MilestoneForm,
    noun=_("milestone"),
    parent_field="plan",
    parents=None,
    back=_milestone_plan_url,
    ordered=False,
)
activity_milestones = RowKind(
    model=Milestone,
    form_class=forms.ActivityMilestoneForm,
    noun=_("milestone"),
    parent_field="activity",
    parents=_plan_activities,
    back=_activity_url,
    fixed=lambda plan, activity: {"plan": plan},
    may_edit=_own_activity,
    section=_activity_section("milestones"),
    ordered=False,
)
budget_lines = RowKind(
    model=BudgetLine,
    form_class=forms.BudgetLineForm,
    noun=_("budget line"),
    parent_field="plan",
    parents=None,
    back=_budget_url,
)
financing_lines = RowKind(
    model=FinancingLine,
    form_class=plan_forms.FinancingLineForm,
    noun=_("financing line"),
    parent_field="plan",
    parents=None,
    back=_financing_url,
)
budget_groups = RowKind(
    model=BudgetGroup,
    form_class=plan_forms.BudgetGroupForm,
    noun=_("budget group"),
    parent_field="plan",
    parents=None,
    back=_budget_url,
)
