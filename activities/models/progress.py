"""Measurements of the success criteria, and milestones."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.dated import Dated, own_plan_ids, plan_ids_through
from plans.models import (
    FocusArea,
    Plan,
)

from ..evidence import validate_evidence
from .activity import (
    Activity,
    IndicatorValue,
)
from .criteria import (
    SuccessCriterion,
)


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

    year_lock = Dated(
        noun=lambda: gettext("the measurements"),
        year_of=lambda row: row.measured_on.year if row.measured_on else None,
        plan_ids_of=plan_ids_through(
            "criterion",
            Coalesce("focus_area__plan_id", "activity__delaftale__focus_area__plan_id"),
        ),
    )

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

    # Set by the selectors that read the rows (not stored).
    overdue: bool

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

    year_lock = Dated(noun=lambda: gettext("the milestones"),
                      year_of=lambda row: row.quarter_key[0] or None, plan_ids_of=own_plan_ids)

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
