"""The activities' budget lines and their amounts per year."""


from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from plans.dated import Dated, plan_ids_through
from plans.models import (
    MAX_KRONER,
    BudgetGroup,
    FocusArea,
    Ordered,
    Plan,
    kroner_validators,
)

from .activity import (
    Activity,
)


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

    year_lock = Dated(noun=lambda: gettext("the budget and spending"),
                      year_of=lambda row: row.year, plan_ids_of=plan_ids_through("line"))

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
