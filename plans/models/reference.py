"""Reference data shared between plans: organisations, boligafdelinger, rule sets."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import (
    Ordered,
)

# --- Reference data -------------------------------------------------------------------------


class Organisation(models.Model):
    """Organisation: a boligorganisation, a kommune or another party (fond, administrator).

    Without a plan it is shared reference data (the kommuner, the boligorganisationer), seen
    by every plan; one a plan's leder creates belongs to that plan and only it sees it."""

    class Kind(models.TextChoices):
        HOUSING = "boligorganisation", _("Housing organisation")
        MUNICIPALITY = "kommune", _("Municipality")
        OTHER = "andet", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    plan = models.ForeignKey(
        "Plan",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_organisations",
        verbose_name=_("plan"),
        help_text=_("Empty: shared reference data that every plan sees."),
    )
    cvr = models.CharField(
        _("CVR number"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("A CVR number has exactly 8 digits."))],
    )
    # Organisations keep no history rows: this tells the plans' data state that a name the
    # documents print has changed (activities.history.plan_data_state).
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(plan__isnull=True), name="organisation_shared_name"
            ),
            models.UniqueConstraint(fields=["plan", "name"], name="organisation_name_per_plan"),
        ]

    def __str__(self):
        return self.name


class HousingEstate(models.Model):
    """Boligafdeling: an estate, by name, with its number and owner where the plan gives them."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="estates",
        verbose_name=_("housing organisation"),
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)  # as Organisation's

    class Meta:
        ordering = ["organisation__name", "number", "name"]
        verbose_name = _("housing estate")
        verbose_name_plural = _("housing estates")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                condition=Q(organisation__isnull=False) & ~Q(number=""),
                name="estate_number_unique_per_organisation",
            )
        ]

    def __str__(self):
        details = [self.organisation.name if self.organisation_id else ""]
        if self.number:
            details.append(f"afd. {self.number}")
        details = ", ".join(d for d in details if d)
        return f"{self.name} ({details})" if details else self.name


def lbf_financing_sources() -> list[str]:
    """The financing sources of an LBF plan: Landsbyggefonden, the kommune, the housing
    organisations (FinancingLine.Kind values)."""
    return ["lbf", "kommune", "boligorganisation"]


class RuleSet(models.Model):
    """Regelsæt / bevillingsperiode: LBF's midler (or local funding) with its indsatsområder."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    is_local = models.BooleanField(
        _("locally funded"),
        default=False,
        help_text=_("A locally funded plan names its own focus areas."),
    )

    class ActivityTemplate(models.TextChoices):
        SCHEMA = "aktivitetsskema", _("Activity schema (LBF 2015 onwards)")
        BLOCK = "aktivitetsblok", _("Activity block (LBF 2011-14)")
        SHORT = "kort", _("Short form (local plans)")

    activity_template = models.CharField(
        _("activity fields"),
        max_length=20,
        choices=ActivityTemplate.choices,
        default=ActivityTemplate.SCHEMA,
        help_text=_("Which fields an activity of a plan under this rule set shows."),
    )
    min_local_share_percent = models.DecimalField(
        _("minimum local co-financing (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    per_area_balance = models.BooleanField(
        _("financing must match the budget per focus area"),
        default=True,
        help_text=_(
            "On: each focus area's financing must equal its budget lines. "
            "Off: the plan's financing is one pot, checked per year and in total."
        ),
    )
    financing_sources = models.JSONField(
        _("financing sources by default"),
        default=lbf_financing_sources,
        blank=True,
        help_text=_(
            "The kinds of financing a plan under this rule set has, e.g. [\"lbf\", \"kommune\", "
            "\"boligorganisation\"]. Without \"lbf\" no Landsbyggefonden row is printed."
        ),
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")

    def __str__(self):
        return self.name

    @property
    def has_lbf_financing(self) -> bool:
        return "lbf" in (self.financing_sources or [])


class RuleSetArea(Ordered):
    """One of the fixed indsatsområder a rule set offers."""

    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="areas", verbose_name=_("rule set")
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta(Ordered.Meta):
        verbose_name = _("rule set focus area")
        verbose_name_plural = _("rule set focus areas")
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "name"], name="ruleset_area_unique_name")
        ]

    def __str__(self):
        return self.name


class DeadlinePage(models.TextChoices):
    """The page a deadline's reminder links to: where the work is done."""

    RESULTS = "maalopfyldelse", _("Goal attainment of the year")
    MILESTONES = "milepaelsplan", _("Milestone plan of the next year")
    BUDGET = "budget", _("Budget and spending")
    DOCUMENTS = "dokumenter", _("Documents")


class RuleSetDeadline(Ordered):
    """Årlig frist: a report the rule set asks for every year of a plan, as data.

    `text` may name the year reported on as {year} and the next year as {next_year}; the
    deadline falls on `day`.`month` of the year reported on plus `year_offset` (LBF wants the
    accounts for 2022 by 30 June 2023: offset 1)."""

    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("rule set")
    )
    text = models.CharField(_("deadline"), max_length=200)
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        _("day"), validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    year_offset = models.PositiveSmallIntegerField(
        _("years after the year reported on"), default=0,
        validators=[MaxValueValidator(2)],
    )
    not_in_last_year = models.BooleanField(
        _("not in the plan's last year"),
        default=False,
        help_text=_("E.g. next year's milestone plan: there is no next year."),
    )
    responsible_role = models.CharField(
        _("responsible"), max_length=20, choices=[
            ("leder", _("Leader")), ("bestyrelse", _("Board member")),
        ], default="leder",
    )
    page = models.CharField(_("links to"), max_length=20, choices=DeadlinePage.choices)

    class Meta(Ordered.Meta):
        verbose_name = _("yearly deadline")
        verbose_name_plural = _("yearly deadlines")

    def __str__(self):
        return self.text
