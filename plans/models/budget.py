"""The financing frame: financing lines, budget groups, amounts per year, locked years."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..dated import Dated, plan_ids_through
from .agreement import (
    FocusArea,
)
from .base import (
    Ordered,
)
from .plan import (
    Plan,
)

# --- Financing (the budget frame) -------------------------------------------------------------

MAX_KRONER = 10_000_000_000  # 10 mia. kr.: far above any helhedsplan; guards typing errors


def kroner_validators():
    return [
        MinValueValidator(0, _("An amount cannot be negative.")),
        MaxValueValidator(MAX_KRONER, _("An amount cannot exceed 10 mia. kr.")),
    ]


class FinancingLine(Ordered):
    """Finansiering: one source of money for the plan, for one indsatsområde or tværgående.

    Every source other than Landsbyggefonden counts as lokal medfinansiering.
    """

    # Set by the selectors that read the rows (not stored).
    by_year: dict[int, "FinancingAmount"]
    total: int

    class Kind(models.TextChoices):
        LBF = "lbf", _("Landsbyggefonden")
        MUNICIPALITY = "kommune", _("Municipality")
        HOUSING = "boligorganisation", _("Housing organisation")
        FOUNDATION = "fond", _("Foundation")
        OTHER = "andet", _("Other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="financing_lines")
    kind = models.CharField(_("source"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("name"), max_length=200, help_text=_("E.g. Landsbyggefonden, Gladsaxe Kommune.")
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="financing_lines",
        verbose_name=_("focus area"),
        help_text=_("Leave empty for cross-cutting money (leadership, office, evaluation)."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("financing line")
        verbose_name_plural = _("financing")

    def __str__(self):
        area = self.focus_area.name if self.focus_area_id else _("cross-cutting")
        return f"{self.name} · {area}"

    @property
    def is_lbf(self) -> bool:
        return self.kind == self.Kind.LBF


class BudgetGroup(Ordered):
    """Budgetgruppe: a heading of the plan's budget under which budget lines print.

    By default one per focus area (named after it while its own name is empty) and one for
    tværgående costs; the leder renames, reorders, adds and removes them.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="budget_groups")
    name = models.CharField(
        _("heading"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the name of the focus area, or 'Cross-cutting'."),
    )
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="budget_groups",
        verbose_name=_("focus area"),
        help_text=_("The focus area the group stands for, if any."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("budget group")
        verbose_name_plural = _("budget groups")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        return self.focus_area.name if self.focus_area_id else str(_("Cross-cutting"))


class FinancingAmount(models.Model):
    """The amount a financing line gives in one year, in whole kroner."""

    line = models.ForeignKey(FinancingLine, on_delete=models.CASCADE, related_name="amounts")
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("amount (kr.)"), validators=kroner_validators())

    year_lock = Dated(noun=lambda: gettext("the financing"), year_of=lambda row: row.year,
                      plan_ids_of=plan_ids_through("line"))

    class Meta:
        ordering = ["year"]
        verbose_name = _("financing amount")
        verbose_name_plural = _("financing amounts")
        constraints = [
            models.UniqueConstraint(fields=["line", "year"], name="financing_amount_once_a_year"),
            models.CheckConstraint(
                condition=Q(amount__lte=MAX_KRONER), name="financing_amount_at_most_10_mia"
            ),
        ]

    def __str__(self):
        return f"{self.line} {self.year}: {self.amount}"


class YearLock(models.Model):
    """A year of the plan locked by the leder once its yearly report is submitted: the budget,
    spending, financing, measurements and milestones dated in it are read-only for everyone
    (`plans.yearlock`). Reopening deletes the row with the leder's reason, kept in its history
    and in the audit log."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="year_locks")
    year = models.PositiveSmallIntegerField(_("year"))
    locked_at = models.DateTimeField(_("locked"), auto_now_add=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("locked by"),
    )

    class Meta:
        ordering = ["year"]
        verbose_name = _("locked year")
        verbose_name_plural = _("locked years")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="year_lock_once_a_year"),
        ]

    def __str__(self):
        return str(self.year)
