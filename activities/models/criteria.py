"""Success criteria: their groups, comparison values and values per boligafdeling."""

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import (
    FocusArea,
    Ordered,
    PlanEstate,
)
from plans.numbers import format_number

from .activity import (
    Activity,
    Indicator,
)

if TYPE_CHECKING:
    from ..status import CriterionStatus
    from .progress import Measurement


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

    # Set by the selectors that read the rows (not stored).
    status: "CriterionStatus"
    latest: "Measurement | None"
    chart: object
    area_name: str
    area_order: int

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
