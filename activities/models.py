"""Activities, success criteria with their measurements, and milestones.

Everything here belongs to one plan through a delaftale, a focus area or the plan itself, and
is reached through `activities.selectors`, scoped by `plans.selectors.plan_access_get`.
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register

from plans.history import ChangedOnlyHistory
from plans.models import (
    MAX_KRONER,
    BudgetGroup,
    Delaftale,
    FocusArea,
    Membership,
    Ordered,
    Plan,
    PlanEstate,
    kroner_validators,
    prose,
)
from plans.numbers import format_number

from .evidence import validate_evidence


class CoreActivity(Ordered):
    """CFBU kerneaktivitet: the catalogue of core activities an activity maps to."""

    name = models.CharField(_("name"), max_length=200, unique=True)

    class Meta(Ordered.Meta):
        verbose_name = _("core activity (CFBU)")
        verbose_name_plural = _("core activities (CFBU)")

    def __str__(self):
        return self.name


class Activity(Ordered):
    """Aktivitet (aktivitetsskema): one activity of a delaftale."""

    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Planned")
        RUNNING = "i_gang", _("Running")
        DONE = "afsluttet", _("Completed")
        CHANGED = "aendret", _("Changed")
        CANCELLED = "aflyst", _("Cancelled")

    delaftale = models.ForeignKey(
        Delaftale,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("sub-agreement"),
    )
    name = models.CharField(_("name of the activity"), max_length=200)
    core_activity = models.ForeignKey(
        CoreActivity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("CFBU core activity"),
    )
    core_activity_text = models.CharField(
        _("other core activity"),
        max_length=200,
        blank=True,
        help_text=_("When none in the list fits, write it here."),
    )
    content = prose(_("content and practice"))
    purpose = prose(_("purpose"))
    responsibilities = prose(_("division of responsibilities and roles"))
    responsible = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible staff member"),
        help_text=_(
            "A member of the plan; a staff member edits the activities they are responsible for."
        ),
    )
    partners = prose(_("partners"))
    staff_resources = prose(_("staff resources"), _("E.g. 'Family coordinator 10 hours a week'."))
    collaboration = prose(_("collaboration"))
    local_evaluation = prose(_("local evaluation"))
    anchoring = prose(_("anchoring"), _("Who carries the activity on when the plan ends."))
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    estates = models.ManyToManyField(
        PlanEstate,
        blank=True,
        related_name="activities",
        verbose_name=_("housing estates covered"),
        help_text=_("Leave empty when the activity covers the whole area."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="activity_end_after_start",
                violation_error_message=_("The activity must end after it starts."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse(
            "activities:activity_detail",
            kwargs={"slug": self.delaftale.focus_area.plan.slug, "pk": self.pk},
        )

    @property
    def core_activity_label(self) -> str:
        return self.core_activity.name if self.core_activity_id else self.core_activity_text


class ActivityGoal(Ordered):
    """Mål of an activity, in order."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"), max_length=2000)

    class Meta(Ordered.Meta):
        verbose_name = _("goal of the activity")
        verbose_name_plural = _("goals of the activity")

    def __str__(self):
        return self.text[:80]


class TargetGroup(Ordered):
    """Målgruppe: numbered target groups of an activity ('Målgruppe 1: …')."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="target_groups")
    text = models.TextField(_("target group"), max_length=2000)

    class Meta(Ordered.Meta):
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self):
        return self.text[:80]


class Indicator(Ordered):
    """Indikator: a central measure the plan follows, e.g. "Andel af 18-64-årige uden for
    arbejdsmarkedet" from Boligsociale Data, with values per afdeling or for the whole area.
    A success criterion tied to it takes its measurements from the area's values."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=300)
    unit = models.CharField(_("unit"), max_length=40, blank=True, help_text=_("E.g. %, ‰."))
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("E.g. Boligsociale Data, LBF.")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="indicator_name_per_plan")
        ]

    def __str__(self):
        return self.name

    @property
    def unit_label(self) -> str:
        return self.unit


class IndicatorValue(models.Model):
    """One figure of an indicator: for one afdeling of the plan, or (no afdeling) for the
    plan's whole area, for a period (e.g. 2022) dated by the day it describes."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    plan_estate = models.ForeignKey(
        PlanEstate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("housing estate"),
        help_text=_("Empty: the plan's whole area."),
    )
    period = models.CharField(_("period"), max_length=40, blank=True, help_text=_("E.g. 2022."))
    measured_on = models.DateField(
        _("date"), help_text=_("The day the figure describes, e.g. 31.12.2022.")
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "plan_estate", "measured_on"],
                name="indicator_value_once_per_estate_and_date",
            ),
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                condition=Q(plan_estate__isnull=True),
                name="indicator_value_once_per_area_and_date",
            ),
        ]

    def __str__(self):
        return f"{self.indicator} · {self.measured_on:%d.%m.%Y}"


class CriterionGroup(Ordered):
    """A heading the leder gives to some of a focus area's success criteria, in order."""

    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="criterion_groups"
    )
    heading = models.CharField(_("heading"), max_length=200)

    class Meta(Ordered.Meta):
        verbose_name = _("group of success criteria")
        verbose_name_plural = _("groups of success criteria")

    def __str__(self):
        return self.heading


class SuccessCriterion(Ordered):
    """Succeskriterium, at area level (focus_area set) or activity level (activity set)."""

    class Kind(models.TextChoices):
        COUNT = "antal", _("Count")
        PERCENTAGE = "procent", _("Percentage")
        RATE = "rate", _("Rate (per 1000)")
        QUALITATIVE = "kvalitativ", _("Qualitative (done / not done)")

    class Direction(models.TextChoices):
        UP = "op", _("Up")
        DOWN = "ned", _("Down")
        REACH = "naa", _("Reach a level")

    class TargetKind(models.TextChoices):
        ABSOLUTE = "absolut", _("An absolute value")
        POINTS = "point", _("A change in points")
        PERCENT = "procent", _("A change in percent")
        RANGE = "interval", _("A range (e.g. 5-10)")
        TEXT = "tekst", _("A text (judged achieved / not achieved)")

    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="criteria",
    )
    group = models.ForeignKey(
        CriterionGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("under the heading"),
        help_text=_("Criteria of a focus area can be grouped under headings you give."),
    )
    text = models.TextField(
        _("success criterion"),
        max_length=2000,
        help_text=_("Lines starting with '- ' become a bullet list."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.COUNT)
    unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("E.g. %, ‰, young people, families.")
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.UP
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_period = models.CharField(
        _("baseline year or period"), max_length=40, blank=True, help_text=_("E.g. 2018.")
    )
    baseline_due = models.DateField(
        _("baseline to be measured by"),
        null=True,
        blank=True,
        help_text=_("When the baseline is not known yet: the date it is measured by."),
    )
    baseline_note = models.CharField(
        _("baseline as written"),
        max_length=500,
        blank=True,
        help_text=_("Free text, e.g. 'Baseline 2018: Værebro Park 75 %, hele Danmark 87 %'."),
    )
    target_kind = models.CharField(
        _("target is"), max_length=10, choices=TargetKind.choices, default=TargetKind.ABSOLUTE
    )
    target_value = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For a range: the lower end."),
    )
    target_value_max = models.DecimalField(
        _("upper end of the range"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_text = models.CharField(
        _("target as text"),
        max_length=300,
        blank=True,
        help_text=_("For a target in words, e.g. 'A residents' editorial team is set up'."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    measured_when = models.CharField(
        _("when it is measured"), max_length=200, blank=True, help_text=_("E.g. every December.")
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="criteria",
        verbose_name=_("measured by the indicator"),
        help_text=_("The measurements come from the indicator's values for the whole area."),
    )
    next_measurement_due = models.DateField(
        _("next measurement due"),
        null=True,
        blank=True,
        help_text=_("The person responsible for the activity is reminded by e-mail."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("success criterion")
        verbose_name_plural = _("success criteria")
        constraints = [
            models.CheckConstraint(
                condition=Q(focus_area__isnull=False, activity__isnull=True)
                | Q(focus_area__isnull=True, activity__isnull=False),
                name="criterion_belongs_to_area_or_activity",
            )
        ]

    def __str__(self):
        return self.text[:80]

    # The criterion's rows as a selector read them with it (`activities.selectors.CRITERIA`
    # prefetches into plain lists: no queryset per criterion), or read now.
    @property
    def comparison_rows(self) -> list:
        rows = getattr(self, "prefetched_comparisons", None)
        return rows if rows is not None else list(self.comparisons.all())

    @property
    def measurement_rows(self) -> list:
        rows = getattr(self, "prefetched_measurements", None)
        return rows if rows is not None else list(self.measurements.all())

    @property
    def estate_value_rows(self) -> list:
        rows = getattr(self, "prefetched_estate_values", None)
        return rows if rows is not None else list(self.estate_values.all())

    @property
    def is_qualitative(self) -> bool:
        """Judged by achieved / not achieved: a qualitative criterion, or a target in words."""
        return self.kind == self.Kind.QUALITATIVE or self.target_kind == self.TargetKind.TEXT

    @property
    def is_range(self) -> bool:
        return self.target_kind == self.TargetKind.RANGE

    @property
    def has_target(self) -> bool:
        if self.target_kind == self.TargetKind.TEXT:
            return bool(self.target_text)
        return self.target_value is not None or self.kind == self.Kind.QUALITATIVE

    @property
    def target_display(self) -> str:
        """The target as printed: '10 unge', '5-10 %', '+5 point', '−3 %', a text, 'Opnået'."""
        kind = self.target_kind
        if kind == self.TargetKind.TEXT:
            return self.target_text
        if self.kind == self.Kind.QUALITATIVE:
            return str(_("Achieved"))
        if self.target_value is None:
            return ""
        if kind == self.TargetKind.ABSOLUTE:
            return format_number(self.target_value, self.unit_label)
        if kind == self.TargetKind.RANGE:
            upper = format_number(self.target_value_max, self.unit_label)
            return f"{format_number(self.target_value)}-{upper}"
        sign = "−" if self.direction == self.Direction.DOWN else "+"
        if kind == self.TargetKind.POINTS:
            points = _("points")
            return f"{sign}{format_number(self.target_value)} {points}"
        return f"{sign}{format_number(self.target_value)} %"

    @property
    def unit_label(self) -> str:
        if self.unit:
            return self.unit
        return {"procent": "%", "rate": "‰"}.get(self.kind, "")

    def clean(self):
        errors = {}
        if self.kind == self.Kind.PERCENTAGE:
            for field in ("baseline_value",):
                value = getattr(self, field)
                if value is not None and not 0 <= value <= 100:
                    errors[field] = _("A percentage lies between 0 and 100.")
            if (
                self.target_kind in (self.TargetKind.ABSOLUTE, self.TargetKind.RANGE)
                and self.target_value is not None
                and not 0 <= self.target_value <= 100
            ):
                errors["target_value"] = _("A percentage lies between 0 and 100.")
        if (
            self.kind == self.Kind.COUNT
            and self.baseline_value is not None
            and self.baseline_value < 0
        ):
            errors["baseline_value"] = _("A count cannot be negative.")
        if (
            not self.is_qualitative
            and self.target_kind in (self.TargetKind.POINTS, self.TargetKind.PERCENT)
            and (self.target_value is not None and self.target_value < 0)
        ):
            errors["target_value"] = _(
                "Give the size of the change; the direction says whether it goes up or down."
            )
        errors.update(self._target_errors())
        if self.group_id and self.group.focus_area_id != self.focus_area_id:
            errors["group"] = _("Choose a heading of this focus area.")
        if errors:
            raise ValidationError(errors)

    def _target_errors(self) -> dict:
        if self.target_kind == self.TargetKind.TEXT:
            if not self.target_text.strip():
                return {"target_text": _("Write the target in words.")}
            return {}
        if self.target_kind != self.TargetKind.RANGE:
            if self.target_value_max is not None:
                return {"target_value_max": _("Only a range has an upper end.")}
            return {}
        if self.target_value is None or self.target_value_max is None:
            return {"target_value_max": _("A range needs a lower and an upper end.")}
        if self.target_value_max < self.target_value:
            return {"target_value_max": _("The upper end must not be below the lower end.")}
        if self.kind == self.Kind.PERCENTAGE and not 0 <= self.target_value_max <= 100:
            return {"target_value_max": _("A percentage lies between 0 and 100.")}
        return {}


class ComparisonValue(Ordered):
    """Sammenligning: a comparison value, e.g. 'Gladsaxe Kommune 15,6 %'."""

    criterion = models.ForeignKey(
        SuccessCriterion, on_delete=models.CASCADE, related_name="comparisons"
    )
    label = models.CharField(_("compared with"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(
        _("unit"),
        max_length=40,
        blank=True,
        help_text=_("Empty: the criterion's unit. E.g. % when the criterion counts families."),
    )
    period = models.CharField(_("year or period"), max_length=40, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("comparison value")
        verbose_name_plural = _("comparison values")

    def __str__(self):
        return f"{self.label} {self.value}"

    @property
    def unit_label(self) -> str:
        return self.unit or self.criterion.unit_label

    def clean(self):
        if (
            self.criterion_id
            and not self.unit
            and self.criterion.kind == SuccessCriterion.Kind.PERCENTAGE
            and self.value is not None
            and not 0 <= self.value <= 100
        ):
            raise ValidationError({"value": _("A percentage lies between 0 and 100.")})


class CriterionEstateValue(Ordered):
    """A succeskriterium's baseline and target for one afdeling, besides the plan's own."""

    criterion = models.ForeignKey(
        SuccessCriterion, on_delete=models.CASCADE, related_name="estate_values"
    )
    plan_estate = models.ForeignKey(
        PlanEstate,
        on_delete=models.CASCADE,
        related_name="criterion_values",
        verbose_name=_("housing estate"),
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta(Ordered.Meta):
        verbose_name = _("value per housing estate")
        verbose_name_plural = _("values per housing estate")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "plan_estate"], name="criterion_estate_value_once"
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=False) | Q(target_value__isnull=False),
                name="criterion_estate_value_not_empty",
            ),
        ]

    def __str__(self):
        return f"{self.plan_estate.estate.name}: {self.baseline_value} → {self.target_value}"

    def clean(self):
        if self.baseline_value is None and self.target_value is None:
            raise ValidationError(
                {"target_value": _("Give a baseline, a target or both for the housing estate.")}
            )
        if self.criterion_id and self.criterion.kind == SuccessCriterion.Kind.PERCENTAGE:
            errors = {
                field: _("A percentage lies between 0 and 100.")
                for field in ("baseline_value", "target_value")
                if getattr(self, field) is not None and not 0 <= getattr(self, field) <= 100
            }
            if errors:
                raise ValidationError(errors)


def evidence_path(instance, filename):
    return f"evidence/{instance.criterion_id}/{filename}"


class Measurement(models.Model):
    """Måling: one measured value of a criterion (or achieved yes/no for a qualitative one)."""

    criterion = models.ForeignKey(
        SuccessCriterion, on_delete=models.CASCADE, related_name="measurements"
    )
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    achieved = models.BooleanField(_("achieved"), null=True, blank=True)
    measured_on = models.DateField(_("date"))
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    evidence = models.FileField(
        _("documentation"),
        upload_to=evidence_path,
        blank=True,
        validators=[validate_evidence],
        help_text=_("PDF, image or Office document, at most 10 MB."),
    )
    indicator_value = models.ForeignKey(
        IndicatorValue,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="measurements",
        editable=False,
        help_text="Set when the measurement comes from an indicator's value.",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["measured_on", "id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")

    def __str__(self):
        return f"{self.criterion} · {self.measured_on:%d.%m.%Y}"

    def clean(self):
        errors = {}
        criterion = self.criterion if self.criterion_id else None
        if criterion is not None:
            plan = _plan_of(criterion)
            if self.measured_on and self.measured_on < plan.period_start:
                errors["measured_on"] = _(
                    "A measurement cannot be dated before the plan starts (%(date)s)."
                ) % {"date": plan.period_start.strftime("%d.%m.%Y")}
            if criterion.is_qualitative:
                if self.achieved is None:
                    errors["achieved"] = _("Say whether the criterion was achieved.")
            elif self.value is None:
                errors["value"] = _("Enter the measured value.")
            elif criterion.kind == SuccessCriterion.Kind.PERCENTAGE and not 0 <= self.value <= 100:
                errors["value"] = _("A percentage lies between 0 and 100.")
            elif criterion.kind in (SuccessCriterion.Kind.COUNT, SuccessCriterion.Kind.RATE) and (
                self.value < 0
            ):
                errors["value"] = _("The value cannot be negative.")
        if self.measured_on and self.measured_on > timezone.localdate():
            errors["measured_on"] = _("A measurement cannot be dated in the future.")
        if errors:
            raise ValidationError(errors)


def _plan_of(criterion: SuccessCriterion) -> Plan:
    if criterion.focus_area_id:
        return criterion.focus_area.plan
    return criterion.activity.delaftale.focus_area.plan


class Milestone(models.Model):
    """Milepæl: due on a date or in a quarter, optionally tied to an activity or an area."""

    class Status(models.TextChoices):
        PLANNED = "planlagt", _("Planned")
        REACHED = "naaet", _("Reached")
        DELAYED = "forsinket", _("Delayed")
        DROPPED = "udgaaet", _("Dropped")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("milestone"), max_length=300)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    due_year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    due_quarter = models.PositiveSmallIntegerField(
        _("quarter"), null=True, blank=True, choices=[(q, f"{q}. kvartal") for q in range(1, 5)]
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("activity"),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestones",
        verbose_name=_("focus area"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    reached_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["due_year", "due_quarter", "due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=False)
                | Q(due_year__isnull=False, due_quarter__isnull=False),
                name="milestone_has_a_due_date_or_quarter",
                violation_error_message=_("Give a due date, or a year and a quarter."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def quarter_key(self) -> tuple[int, int]:
        """(year, quarter) the milestone falls in, from its date or its quarter."""
        if self.due_date:
            return self.due_date.year, (self.due_date.month - 1) // 3 + 1
        return self.due_year or 0, self.due_quarter or 0

    @property
    def due_end(self) -> datetime.date | None:
        """The last day the milestone is on time."""
        if self.due_date:
            return self.due_date
        if self.due_year and self.due_quarter:
            month = self.due_quarter * 3
            next_month = datetime.date(self.due_year + (month == 12), month % 12 + 1, 1)
            return next_month - datetime.timedelta(days=1)
        return None

    def is_overdue(self, today: datetime.date) -> bool:
        if self.status in (self.Status.REACHED, self.Status.DROPPED):
            return False
        return self.due_end is not None and self.due_end < today

    def clean(self):
        if self.due_date:
            # Keep year and quarter in step with the date, so the plan groups by quarter.
            self.due_year, self.due_quarter = self.quarter_key
        errors = {}
        if self.status == self.Status.REACHED and not self.reached_on:
            errors["reached_on"] = _("Give the date the milestone was reached.")
        if self.reached_on and self.reached_on > timezone.localdate():
            errors["reached_on"] = _("The date reached cannot be in the future.")
        if self.activity_id and self.activity.delaftale.focus_area.plan_id != self.plan_id:
            errors["activity"] = _("The activity belongs to another plan.")
        if self.focus_area_id and self.focus_area.plan_id != self.plan_id:
            errors["focus_area"] = _("The focus area belongs to another plan.")
        if errors:
            raise ValidationError(errors)


class BudgetLine(Ordered):
    """Budgetlinje: what money is spent on, per indsatsområde (or tværgående) and activity."""

    class Category(models.TextChoices):
        SALARIES = "loen", _("Salaries")
        ACTIVITIES = "aktiviteter", _("Activities")
        RUNNING = "drift", _("Running costs and administration")
        EVALUATION = "evaluering", _("Evaluation")
        OTHER = "andet", _("Other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_lines")
    text = models.CharField(_("budget line"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("focus area"),
        help_text=_("Leave empty for cross-cutting costs (leadership, office, evaluation)."),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("activity"),
    )
    group = models.ForeignKey(
        BudgetGroup,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lines",
        verbose_name=_("budget group"),
        help_text=_("The heading the line prints under. Empty: its focus area's group."),
    )
    footnote = models.CharField(
        _("footnote"),
        max_length=500,
        blank=True,
        help_text=_("Printed under the budget table, marked by a number at the line."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("budget line")
        verbose_name_plural = _("budget")

    def __str__(self):
        return self.text

    def clean(self):
        if self.activity_id and self.activity.delaftale.focus_area_id != self.focus_area_id:
            raise ValidationError(
                {"activity": _("The activity belongs to another focus area than the line.")}
            )
        if self.group_id and self.group.plan_id != self.plan_id:
            raise ValidationError({"group": _("The budget group belongs to another plan.")})


class BudgetAmount(models.Model):
    """The budget of one line in one year, and what was spent (forbrug), in whole kroner."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("year"))
    # None: nothing budgeted (prints blank); 0 is a budget of 0 kr. (prints 0).
    amount = models.PositiveBigIntegerField(
        _("budget (kr.)"), null=True, blank=True, default=None, validators=kroner_validators()
    )
    spent = models.PositiveBigIntegerField(
        _("spent (kr.)"), null=True, blank=True, validators=kroner_validators()
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("budget amount")
        verbose_name_plural = _("budget amounts")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="budget_amount_once_a_year"),
            models.CheckConstraint(
                condition=(Q(amount__isnull=True) | Q(amount__lte=MAX_KRONER))
                & (Q(spent__isnull=True) | Q(spent__lte=MAX_KRONER)),
                name="budget_amount_at_most_10_mia",
            ),
        ]

    def __str__(self):
        return f"{self.line} {self.year}: {self.amount}"


# Kept with who and when for the plan's history page (see plans.models.HISTORY_MODELS).
HISTORY_MODELS = (
    Activity,
    ActivityGoal,
    TargetGroup,
    CriterionGroup,
    SuccessCriterion,
    ComparisonValue,
    CriterionEstateValue,
    Measurement,
    Milestone,
    BudgetLine,
    BudgetAmount,
    Indicator,
    IndicatorValue,
)
for _model in HISTORY_MODELS:
    register(_model, records_class=ChangedOnlyHistory)
