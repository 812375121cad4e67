"""Forms for activities, criteria, measurements and milestones; choices scoped to the plan."""

import re

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans import concurrency
from plans.forms import DateInput, PartForm
from plans.models import MAX_KRONER, RuleSet
from plans.numbers import DanishDecimalField, KronerField

from .models import (
    Activity,
    ActivityGoal,
    BudgetLine,
    ComparisonValue,
    CoreActivity,
    CriterionEstateValue,
    CriterionGroup,
    Indicator,
    IndicatorValue,
    Measurement,
    Milestone,
    SuccessCriterion,
    TargetGroup,
)


def _formfield(db_field, **kwargs):
    """Danish decimals ('27,8'), date pickers and roomy textareas."""
    if isinstance(db_field, models.DecimalField):
        return DanishDecimalField(
            required=not db_field.blank,
            label=db_field.verbose_name.capitalize(),
            help_text=db_field.help_text,
            max_digits=db_field.max_digits,
            decimal_places=db_field.decimal_places,
        )
    if isinstance(db_field, models.DateField):
        kwargs["widget"] = DateInput
    elif isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 4})
    return db_field.formfield(**kwargs)


# Which activity fields each LBF template uses (domain.md §5); the rest stay hidden.
COMMON_FIELDS = ["name", "responsible", "start", "end", "status"]
TEMPLATE_FIELDS = {
    RuleSet.ActivityTemplate.SCHEMA: [
        "core_activity",
        "core_activity_text",
        "content",
        "purpose",
        "responsibilities",
        "partners",
    ],
    RuleSet.ActivityTemplate.BLOCK: [
        "purpose",
        "staff_resources",
        "collaboration",
        "local_evaluation",
        "anchoring",
    ],
    RuleSet.ActivityTemplate.SHORT: ["purpose"],
}


def activity_fields(template: str) -> list[str]:
    return COMMON_FIELDS[:1] + TEMPLATE_FIELDS[template] + COMMON_FIELDS[1:]


class ActivityForm(PartForm):
    class Meta:
        model = Activity
        fields = [
            "name",
            "core_activity",
            "core_activity_text",
            "content",
            "purpose",
            "responsibilities",
            "responsible",
            "partners",
            "staff_resources",
            "collaboration",
            "local_evaluation",
            "anchoring",
            "start",
            "end",
            "status",
            "estates",
        ]
        formfield_callback = _formfield
        widgets = {"estates": forms.CheckboxSelectMultiple}
        error_messages = {
            "estates": {"invalid_choice": _("Choose among the plan's housing estates.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        estates = self.plan.plan_estates.select_related("estate")
        shown = set(activity_fields(self.plan.rule_set.activity_template))
        if estates.exists():
            shown.add("estates")
            self.fields["estates"].queryset = estates
        for name in list(self.fields):
            if name not in shown:
                del self.fields[name]
        if "core_activity" in self.fields:
            self.fields["core_activity"].queryset = CoreActivity.objects.all()
        self.fields["responsible"].queryset = self.plan.memberships.select_related("user")
        self.fields["responsible"].label_from_instance = lambda m: (
            m.user.get_full_name() or m.user.get_username()
        )


class ActivityGoalForm(PartForm):
    class Meta:
        model = ActivityGoal
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class TargetGroupForm(PartForm):
    class Meta:
        model = TargetGroup
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class CriterionForm(PartForm):
    class Meta:
        model = SuccessCriterion
        fields = [
            "text",
            "kind",
            "unit",
            "direction",
            "baseline_value",
            "baseline_period",
            "baseline_due",
            "baseline_note",
            "target_kind",
            "target_value",
            "target_value_max",
            "target_text",
            "target_year",
            "data_source",
            "measured_when",
            "indicator",
            "next_measurement_due",
            "group",
        ]
        formfield_callback = _formfield
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "group": {"invalid_choice": _("Choose a heading of this focus area, or none.")},
            "indicator": {"invalid_choice": _("Choose one of the plan's indicators, or none.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(plan=self.plan)
        self.fields["indicator"].empty_label = _("None: the measurements are entered")
        area_id = self.instance.focus_area_id
        if area_id is None:
            # Headings group the criteria of a focus area; an activity's are listed as they are.
            del self.fields["group"]
        else:
            self.fields["group"].queryset = CriterionGroup.objects.filter(focus_area_id=area_id)
            self.fields["group"].empty_label = _("No heading")


class IndicatorForm(PartForm):
    class Meta:
        model = Indicator
        fields = ["name", "unit", "source"]

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = Indicator.objects.filter(plan=self.plan, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("The plan already has an indicator by that name."))
        return name


class IndicatorValueForm(PartForm):
    """A value of an indicator: for one of the plan's afdelinger, or the whole area."""

    class Meta:
        model = IndicatorValue
        fields = ["plan_estate", "period", "measured_on", "value"]
        formfield_callback = _formfield
        error_messages = {
            "plan_estate": {"invalid_choice": _("Choose one of the plan's housing estates.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_estate"].queryset = self.plan.plan_estates.select_related("estate")
        self.fields["plan_estate"].empty_label = _("The whole area")

    def clean(self):
        cleaned = super().clean()
        date, estate = cleaned.get("measured_on"), cleaned.get("plan_estate")
        indicator = self.instance.indicator if self.instance.indicator_id else None
        if date and indicator is not None:
            taken = IndicatorValue.objects.filter(
                indicator=indicator, plan_estate=estate, measured_on=date
            ).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("measured_on", _(
                    "The indicator already has a value for this date and housing estate."
                ))
        return cleaned


class CriterionGroupForm(PartForm):
    class Meta:
        model = CriterionGroup
        fields = ["heading"]


class ComparisonForm(PartForm):
    class Meta:
        model = ComparisonValue
        fields = ["label", "value", "unit", "period"]
        formfield_callback = _formfield


class CriterionEstateValueForm(PartForm):
    """A criterion's baseline and target for one afdeling of the plan."""

    class Meta:
        model = CriterionEstateValue
        fields = ["plan_estate", "baseline_value", "target_value"]
        formfield_callback = _formfield
        error_messages = {
            "plan_estate": {"invalid_choice": _("Choose one of the plan's housing estates.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_estate"].queryset = self.plan.plan_estates.select_related("estate")

    def clean_plan_estate(self):
        estate = self.cleaned_data["plan_estate"]
        taken = CriterionEstateValue.objects.filter(
            criterion_id=self.instance.criterion_id, plan_estate=estate
        ).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This housing estate already has values here."))
        return estate


class MeasurementForm(PartForm):
    class Meta:
        model = Measurement
        fields = ["value", "achieved", "measured_on", "comment", "source", "evidence"]
        formfield_callback = _formfield
        widgets = {"comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.criterion.is_qualitative:
            del self.fields["value"]
            self.fields["achieved"] = forms.TypedChoiceField(
                label=_("Achieved"),
                choices=[("", "—"), ("True", _("Yes")), ("False", _("No"))],
                coerce=lambda value: value == "True",
                empty_value=None,
                required=True,
            )
        else:
            del self.fields["achieved"]
            self.fields["value"].required = True
            unit = self.instance.criterion.unit_label
            if unit:
                self.fields["value"].help_text = _("In %(unit)s.") % {"unit": unit}


class MilestoneForm(PartForm):
    class Meta:
        model = Milestone
        fields = [
            "title",
            "due_date",
            "due_year",
            "due_quarter",
            "activity",
            "focus_area",
            "status",
            "reached_on",
            "note",
        ]
        formfield_callback = _formfield
        help_texts = {"due_date": _("Or give a year and a quarter below.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            delaftale__focus_area__plan=self.plan
        )
        self.fields["focus_area"].queryset = self.plan.focus_areas.all()


class ActivityMilestoneForm(MilestoneForm):
    """A milestone added on an activity's page belongs to that activity."""

    class Meta(MilestoneForm.Meta):
        fields = ["title", "due_date", "due_year", "due_quarter", "status", "reached_on", "note"]

    def __init__(self, *args, **kwargs):
        super(MilestoneForm, self).__init__(*args, **kwargs)


class BudgetLineForm(PartForm):
    class Meta:
        model = BudgetLine
        fields = ["text", "category", "focus_area", "group", "activity", "footnote"]
        error_messages = {
            "focus_area": {
                "invalid_choice": _("Choose one of the plan's focus areas, or leave it empty.")
            },
            "group": {"invalid_choice": _("Choose one of the plan's budget groups.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = self.plan.focus_areas.all()
        self.fields["focus_area"].empty_label = _("Cross-cutting")
        self.fields["group"].queryset = self.plan.budget_groups.select_related("focus_area")
        self.fields["group"].empty_label = _("The focus area's own group")
        self.fields["activity"].queryset = Activity.objects.filter(
            delaftale__focus_area__plan=self.plan
        )

    def clean(self):
        cleaned = super().clean()
        if "group" in cleaned and cleaned.get("group") is None:
            # Each line sits in one group: by default its focus area's (or tværgående's).
            area = cleaned.get("focus_area")
            cleaned["group"] = self.plan.budget_groups.filter(
                name="", focus_area=area
            ).first()
            self.instance.group = cleaned["group"]
        return cleaned


class MoneyGridForm(forms.Form):
    """The cells of a money grid, named '<key>-<line id>-<year>', in whole kroner, and the cells
    as the page showed them (signed, see plans.concurrency) so a save over someone else's
    change is refused.

    A cell name for a line of another plan or a year outside the plan's period is refused
    with a message, not silently dropped. A cell that was not sent is left as it is.
    """

    def __init__(self, data=None, *, key: str, line_ids, years, loaded_token: str = ""):
        self.key, self.line_ids, self.years = key, set(line_ids), list(years)
        super().__init__(data)
        # The cells' fields validate what was sent; the page as shown (an unbound form) draws
        # its cells from the saved values (`budget_views._attach_inputs`) and needs none.
        for line_id in sorted(self.line_ids) if self.is_bound else ():
            for year in self.years:
                self.fields[self.cell_name(line_id, year)] = KronerField(
                    required=False,
                    max_value=MAX_KRONER,
                    error_messages={
                        "max_value": _("An amount cannot exceed 10 mia. kr."),
                        "min_value": _("An amount cannot be negative."),
                    },
                )
        self.fields[concurrency.FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=loaded_token
        )

    def cell_name(self, line_id: int, year: int) -> str:
        return f"{self.key}-{line_id}-{year}"

    def clean(self):
        cleaned = super().clean()
        pattern = re.compile(rf"^{self.key}-(\d+)-(-?\d+)$")
        for name in self.data:
            match = pattern.match(name)
            if not match or name in self.fields:
                continue
            line_id, year = int(match[1]), int(match[2])
            if line_id not in self.line_ids:
                raise forms.ValidationError(_("A line that is not part of this plan was sent."))
            raise forms.ValidationError(
                _("%(year)s lies outside the plan's period (%(first)s-%(last)s).")
                % {"year": year, "first": self.years[0], "last": self.years[-1]}
            )
        token = cleaned.get(concurrency.FIELD)
        self.loaded = concurrency.grid_loaded(token) if token else None
        return cleaned

    @property
    def cell_errors(self) -> bool:
        """Whether a cell was refused (not only the grid as a whole)."""
        return any(name != forms.forms.NON_FIELD_ERRORS for name in self.errors)

    def cells(self) -> dict[tuple[int, int], int | None]:
        """The cells that were sent (an empty one is None); cells not sent are not included."""
        return {
            (line_id, year): self.cleaned_data.get(self.cell_name(line_id, year))
            for line_id in self.line_ids
            for year in self.years
            if self.cell_name(line_id, year) in self.data
        }


class ProposedMilestoneForm(forms.Form):
    """One row of next year's proposed milepælsplan; only ticked rows are saved."""

    include = forms.BooleanField(label=_("Include"), required=False)
    title = forms.CharField(label=_("Milestone"), max_length=300, required=False)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), coerce=int, choices=[(q, f"{q}. kvartal") for q in range(1, 5)],
        initial=4,
    )
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=Activity.objects.none(),
                                      required=False)
    focus_area = forms.ModelChoiceField(label=_("Focus area"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            delaftale__focus_area__plan=plan
        ).order_by("delaftale__focus_area__order", "order", "pk")
        self.fields["focus_area"].queryset = plan.focus_areas.all()

    def clean(self):
        data = super().clean()
        data["title"] = " ".join((data.get("title") or "").split())  # one line, as typed
        if data.get("include") and not data["title"]:
            self.add_error("title", _("Give the milestone's title, or untick the row."))
        return data


ProposedMilestoneFormSet = forms.formset_factory(
    ProposedMilestoneForm, extra=3, max_num=200, validate_max=True, absolute_max=200
)
