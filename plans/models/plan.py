"""The plan with its parties, estates, memberships, invitations and deadlines."""

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import (
    Ordered,
)
from .reference import (
    HousingEstate,
    Organisation,
    RuleSet,
)

if TYPE_CHECKING:
    from .agreement import Signature

# --- The plan -------------------------------------------------------------------------------


# Every page and PDF has a column or a section per year of the plan: 10 bounds them.
MAX_PLAN_YEARS = 10


class Plan(models.Model):
    """Boligsocial helhedsplan: a 3-4 year plan of social work in one or more estates."""

    class Status(models.TextChoices):
        DRAFT = "kladde", _("Draft")
        ACTIVE = "aktiv", _("Running")
        CLOSED = "afsluttet", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    area_name = models.CharField(
        _("area name"), max_length=200, help_text=_("The name of the area, e.g. Værebro Park.")
    )
    slug = models.SlugField(
        _("short name in addresses"),
        max_length=80,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens, e.g. vaerebro-park-2020-23."),
    )
    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.PROTECT, related_name="plans", verbose_name=_("rule set")
    )
    lbf_case_number = models.CharField(_("LBF case number"), max_length=50, blank=True)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    estates = models.ManyToManyField(
        HousingEstate,
        blank=True,
        through="PlanEstate",
        related_name="plans",
        verbose_name=_("housing estates"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    budget_caption = models.CharField(
        _("caption of the budget table"),
        max_length=200,
        blank=True,
        help_text=_("E.g. 'Budget 2024-2027'. Empty: 'Budget'."),
    )

    class BudgetUnit(models.TextChoices):
        KRONER = "kr", _("kr.")
        THOUSANDS = "tkr", _("in whole thousand kr.")

    budget_unit = models.CharField(
        _("unit of the budget table"),
        max_length=5,
        choices=BudgetUnit.choices,
        default=BudgetUnit.KRONER,
        help_text=_("Amounts are entered in kroner; the printed table can show whole thousands."),
    )
    allow_self_approval = models.BooleanField(
        _("the submitter may also approve"),
        default=False,
        help_text=_("Off: the person who submitted a document cannot approve it."),
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder days before a deadline"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_(
            "The people responsible get an e-mail this many days before a deadline, "
            "and one on the day."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-period_start", "name"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")),
                name="plan_period_end_after_start",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        from ..reserved import reserved_slugs

        if self.slug in reserved_slugs():
            errors["slug"] = _("“%(slug)s” is a word the addresses use. Choose another.") % {
                "slug": self.slug
            }
        if self.period_start and self.period_end and self.years_in_period() > MAX_PLAN_YEARS:
            errors["period_end"] = _("A plan runs for at most %(years)s calendar years.") % {
                "years": MAX_PLAN_YEARS
            }
        if errors:
            raise ValidationError(errors)

    def years_in_period(self) -> int:
        return self.period_end.year - self.period_start.year + 1


class PlanParty(Ordered):
    """Aftalens parter: the kommune, each boligorganisation and any other party of the plan."""

    # Set by the selectors that read the rows (not stored).
    agreement_signatures: list["Signature"]

    class Role(models.TextChoices):
        MUNICIPALITY = "kommune", _("Municipality")
        HOUSING = "boligorganisation", _("Housing organisation")
        ADMINISTRATOR = "administrator", _("Administrator")
        OTHER = "andet", _("Other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta(Ordered.Meta):
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["plan", "organisation"], name="plan_party_unique")
        ]

    def __str__(self):
        return f"{self.organisation.name} ({self.get_role_display()})"


class PlanEstate(Ordered):
    """A boligafdeling of the plan, with the status the plan states for it (per plan: the same
    afdeling may be "udsat" in one plan and have no status in the next)."""

    STATUS_SUGGESTIONS = (
        "Særligt udsat boligområde",
        "Udsat boligområde",
        "Forebyggelsesområde",
        "Omdannelsesområde",
        "Parallelsamfund",
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="plan_estates")
    estate = models.ForeignKey(
        HousingEstate,
        on_delete=models.PROTECT,
        related_name="plan_links",
        verbose_name=_("housing estate"),
    )
    status = models.CharField(
        _("status"),
        max_length=200,
        blank=True,
        help_text=_(
            "As the plan states it, e.g. særligt udsat boligområde. Leave empty if none."
        ),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("housing estate of the plan")
        verbose_name_plural = _("housing estates of the plan")
        constraints = [
            models.UniqueConstraint(fields=["plan", "estate"], name="plan_estate_unique")
        ]

    def __str__(self):
        return self.estate.name


class Membership(models.Model):
    """A user's role in one plan; every permission check starts here."""

    class Role(models.TextChoices):
        LEADER = "leder", _("Leader")
        STAFF = "medarbejder", _("Staff member")
        BOARD = "bestyrelse", _("Board member")
        READER = "laeser", _("Reader")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["role", "user__username"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="membership_unique_per_plan")
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.plan}"


INVITATION_DAYS = 14


class Invitation(models.Model):
    """An invitation by e-mail to join a plan, accepted by whoever opens the link: someone
    without an account creates one, someone signed in joins with theirs. It expires after
    INVITATION_DAYS and the leder can withdraw it before."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.plan}"

    @property
    def expires_at(self):
        from datetime import timedelta

        return self.created_at + timedelta(days=INVITATION_DAYS)

    @property
    def is_expired(self) -> bool:
        from django.utils import timezone

        return timezone.now() >= self.expires_at


class PlanDeadline(models.Model):
    """A deadline of the plan's own (a board meeting, an evaluation, a report to the kommune),
    next to the yearly ones of its rule set, with the person or role responsible."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="own_deadlines")
    title = models.CharField(_("deadline"), max_length=200)
    due = models.DateField(_("date"))
    responsible = models.ForeignKey(
        Membership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
        help_text=_("Empty: every leader of the plan."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self):
        return self.title


class SentReminder(models.Model):
    """A reminder e-mail that was sent, so that the daily run never sends it twice: one per
    person, thing (`key`, e.g. "frist:3:2022"), due date and kind (before / on the day)."""

    class Kind(models.TextChoices):
        BEFORE = "foer", _("Before the deadline")
        ON_THE_DAY = "dagen", _("On the day")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    due = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "due", "kind"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.key} · {self.due:%d.%m.%Y} · {self.kind}"
