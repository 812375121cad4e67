"""Activities with their goals, target groups and indicators."""


from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import (
    Delaftale,
    Membership,
    Ordered,
    Plan,
    PlanEstate,
    prose,
)


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
