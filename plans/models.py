"""The plan and everything the strategic agreement and the delaftaler say.

Reference data (organisations, boligafdelinger, rule sets with their indsatsområder) is shared
between plans; everything else belongs to exactly one plan and is reached only through
`plans.selectors`, which scope it to the user's memberships.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history import register

from .history import ChangedOnlyHistory

PROSE_HELP = _(
    "Describe groups, never individual residents (no CPR numbers). "
    "A blank line starts a new paragraph; lines starting with '- ' become a bullet list."
)


def prose(verbose_name, help_text=PROSE_HELP):
    """A paragraph-sized text field with the data-protection hint that every free text carries."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=settings.TEXT_MAX_LENGTH,
        help_text=help_text,
    )


def require_someone(row, fields: tuple[str, ...]) -> None:
    """A person may be known by name, role or organisation alone ("N.N.", "Repræsentant for
    beboerne"), but not by nothing: one of `fields` must be filled in."""
    if not any((getattr(row, field) or "").strip() for field in fields):
        raise ValidationError(
            {
                fields[0]: _(
                    "Give a name, or a role or organisation when the person is not known "
                    "by name (e.g. N.N.)."
                )
            }
        )


class Ordered(models.Model):
    """Rows that the user orders (mål, parties, members); `order` is kept dense by services."""

    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]


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
        from .reserved import reserved_slugs

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


# --- Approval ---------------------------------------------------------------------------------


class ApprovalState(models.TextChoices):
    """Where a delaftale or the strategic agreement is in its approval (see activities.approval)."""

    DRAFT = "kladde", _("Draft")
    SUBMITTED = "indstillet", _("Submitted to the board")
    BOARD_APPROVED = "godkendt", _("Approved by the board")
    SENT_TO_LBF = "sendt_lbf", _("Sent to LBF")
    LBF_APPROVED = "godkendt_lbf", _("Approved by LBF")
    RETURNED = "sendt_tilbage", _("Returned for revision")


class Approvable(models.Model):
    """The approval state of a document; only `activities.approval.transition` changes it."""

    approval_state = models.CharField(
        _("approval"), max_length=20, choices=ApprovalState.choices, default=ApprovalState.DRAFT
    )
    approval_reason = models.TextField(_("reason for return"), blank=True, max_length=2000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        abstract = True


# --- Strategisk samarbejdsaftale --------------------------------------------------------------


class StrategicAgreement(Approvable):
    """Strategisk samarbejdsaftale: the plan's agreement between kommune and boligorganisationer.

    Its text is the plan's own `Section` rows; the indsatsområder live in `FocusArea` and print
    in the section whose `content` says so.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="agreement")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("strategic agreement")
        verbose_name_plural = _("strategic agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="agreement_valid_to_after_from",
                violation_error_message=_("The agreement must end after it starts."),
            )
        ]

    def __str__(self):
        return str(_("Strategic agreement for %(plan)s") % {"plan": self.plan.name})


class Signature(Ordered):
    """Underskrift: who signed the agreement for which party, and when."""

    agreement = models.ForeignKey(
        StrategicAgreement, on_delete=models.CASCADE, related_name="signatures"
    )
    party = models.ForeignKey(
        PlanParty, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("party")
    )
    signer_name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty while nobody has signed; the print leaves a line for it."),
    )
    signer_title = models.CharField(_("title"), max_length=200, blank=True)
    signed_on = models.DateField(_("date"), null=True, blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self):
        return f"{self.signer_name or self.signer_title or '–'} ({self.party.organisation.name})"


# --- Indsatsområder (section 5) and delaftaler ------------------------------------------------


class FocusArea(Ordered):
    """Indsatsområde chosen by the plan, with its problemkompleks, formål and mål.

    Entered once and shown both in section 5 of the strategic agreement and in the delaftale.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="focus_areas")
    rule_set_area = models.ForeignKey(
        RuleSetArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("focus area of the rule set"),
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    problem = prose(_("problem complex"))
    purpose = prose(_("overall purpose"))
    target_group = prose(_("target group"))

    class Meta(Ordered.Meta):
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="focus_area_unique_slug"),
            models.UniqueConstraint(fields=["plan", "name"], name="focus_area_unique_name"),
        ]

    def __str__(self):
        return self.name



class Goal(Ordered):
    """Mål: one goal in the ordered list of an indsatsområde."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField(_("goal"), max_length=2000)

    class Meta(Ordered.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.text[:80]


class Delaftale(Approvable):
    """Delaftale: the sub-agreement for one indsatsområde, approved by the bestyrelse."""

    focus_area = models.OneToOneField(
        FocusArea,
        on_delete=models.CASCADE,
        related_name="delaftale",
        verbose_name=_("focus area"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["focus_area__order", "focus_area__id"]
        verbose_name = _("sub-agreement")
        verbose_name_plural = _("sub-agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="delaftale_valid_to_after_from",
                violation_error_message=_("The sub-agreement must end after it starts."),
            )
        ]

    def __str__(self):
        return str(_("Sub-agreement: %(area)s") % {"area": self.focus_area.name})



class DelaftaleParty(Ordered):
    """Aftalens parter in a delaftale: a person with organisation and role."""

    delaftale = models.ForeignKey(Delaftale, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("May be left empty, or N.N.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(
        _("title or role"),
        max_length=200,
        blank=True,
        help_text=_("E.g. formand, or Repræsentant for beboerne."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("party to the sub-agreement")
        verbose_name_plural = _("parties to the sub-agreement")

    def __str__(self):
        return ", ".join(part for part in (self.name, self.organisation, self.title) if part)

    def clean(self):
        require_someone(self, ("organisation", "title"))


class SectionContent(models.TextChoices):
    """The structured part a section shows under its text: entered once, in its own rows."""

    NONE = "", _("Text only")
    FOCUS_AREAS = "focus_areas", _("The focus areas (problem, purpose, goals, criteria)")
    FINANCING = "financing", _("Financing (budget frame)")
    PROBLEM = "problem", _("The focus area's problem complex")
    PURPOSE_GOALS = "purpose_goals", _("The focus area's purpose and goals")
    CRITERIA = "criteria", _("The focus area's success criteria")
    ACTIVITIES = "activities", _("List of activities")
    STAFF = "staff", _("Staff resources")
    INDICATORS = "indicators", _("The central indicators with their latest values")


AGREEMENT_CONTENT = (
    SectionContent.NONE,
    SectionContent.FOCUS_AREAS,
    SectionContent.FINANCING,
    SectionContent.INDICATORS,
)
DELAFTALE_CONTENT = (
    SectionContent.NONE,
    SectionContent.PROBLEM,
    SectionContent.PURPOSE_GOALS,
    SectionContent.CRITERIA,
    SectionContent.ACTIVITIES,
    SectionContent.STAFF,
    SectionContent.FINANCING,
)


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", _("Strategic agreement")
    DELAFTALE = "delaftale", _("Sub-agreement")


class SectionTemplate(Ordered):
    """Skabelonafsnit: one section of a rule set's template for the agreement or a delaftale.

    A new plan gets its sections from here; the default text is a suggestion the leder may
    insert, never printed by itself. The next bevillingsperiode is rows, not code.
    """

    rule_set = models.ForeignKey(
        RuleSet, on_delete=models.CASCADE, related_name="section_templates"
    )
    document = models.CharField(_("document"), max_length=20, choices=DocumentKind.choices)
    key = models.SlugField(_("key"), max_length=40)
    number = models.CharField(_("number"), max_length=12, blank=True)
    heading = models.CharField(_("heading"), max_length=200)
    content = models.CharField(
        _("structured content"), max_length=20, choices=SectionContent.choices, blank=True
    )
    default_text = models.TextField(_("standard text"), blank=True)

    class Meta(Ordered.Meta):
        verbose_name = _("section template")
        verbose_name_plural = _("section templates")
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "document", "key"], name="section_template_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.heading}".strip()


class Section(Ordered):
    """Afsnit: one numbered section of the plan's strategic agreement or of one delaftale.

    Number, heading, text and order are the plan's own; `content` places a structured part
    (the focus areas, the financing table …) in the section, so it is entered once.
    """

    agreement = models.ForeignKey(
        StrategicAgreement,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sections",
    )
    delaftale = models.ForeignKey(
        Delaftale, on_delete=models.CASCADE, null=True, blank=True, related_name="sections"
    )
    key = models.SlugField(_("key"), max_length=40, blank=True)
    number = models.CharField(
        _("number"),
        max_length=12,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*\.?$",
                _("A number is digits or letters, optionally with dots, e.g. 3, 3.1 or B."),
            )
        ],
        help_text=_("Leave empty for an unnumbered section."),
    )
    heading = models.CharField(_("heading"), max_length=200)
    text = prose(_("text"))
    content = models.CharField(
        _("structured content"),
        max_length=20,
        choices=SectionContent.choices,
        blank=True,
        help_text=_("A part entered elsewhere that prints in this section, under its text."),
    )

    class Meta(Ordered.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement__isnull=False, delaftale__isnull=True)
                | Q(agreement__isnull=True, delaftale__isnull=False),
                name="section_in_one_document",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        """'1. Formål …' for a plain number, as LBF's documents write it; '3.1 …', 'B …' else."""
        number = f"{self.number}." if self.number.isdigit() else self.number
        return f"{number} {self.heading}".strip()


class StaffResource(Ordered):
    """Medarbejderressource: a role and its share of time in a delaftale (% or hours a week)."""

    delaftale = models.ForeignKey(
        Delaftale, on_delete=models.CASCADE, related_name="staff_resources"
    )
    role = models.CharField(_("role"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    share_percent = models.PositiveSmallIntegerField(
        _("share (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )

    class Meta(Ordered.Meta):
        verbose_name = _("staff resource")
        verbose_name_plural = _("staff resources")
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__isnull=False, hours_per_week__isnull=True)
                | Q(share_percent__isnull=True, hours_per_week__isnull=False),
                name="staff_resource_percent_xor_hours",
                violation_error_message=_("Give either a share in percent or hours per week."),
            )
        ]

    def __str__(self):
        return self.role


# --- Organisation of the plan ---------------------------------------------------------------


class Forum(Ordered):
    """Forum: bestyrelse, følgegruppe, koordinationsgruppe or whatever the plan calls it."""

    class Kind(models.TextChoices):
        BOARD = "bestyrelse", _("Board")
        FOLLOW_UP = "foelgegruppe", _("Follow-up group")
        COORDINATION = "koordinationsgruppe", _("Coordination group")
        STEERING = "styregruppe", _("Steering group")
        PARTNERSHIP = "partnerskab", _("Partnership")
        WORKING = "arbejdsgruppe", _("Working group")
        OTHER = "andet", _("Other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="fora")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    focus_area = models.ForeignKey(
        FocusArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fora",
        verbose_name=_("focus area"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("reports to"),
        help_text=_(
            "The forum this one sits under in the organisation diagram. Leave empty for a "
            "forum at the top."
        ),
    )
    purpose = prose(_("purpose"))
    meeting_frequency = models.CharField(
        _("meeting frequency"), max_length=200, blank=True, help_text=_("E.g. 4 times a year.")
    )

    class Meta(Ordered.Meta):
        verbose_name = _("forum")
        verbose_name_plural = _("fora")

    def __str__(self):
        return self.name

    def clean(self):
        # The diagram is a tree: a forum cannot sit under itself or under one of its own.
        seen, parent = {self.pk}, self.parent
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError(
                    {"parent": _("A forum cannot sit under itself or under a forum below it.")}
                )
            seen.add(parent.pk)
            parent = parent.parent


class ForumMember(Ordered):
    """A member of a forum: name, organisation, title and role (formand, medlem …)."""

    class Role(models.TextChoices):
        CHAIR = "formand", _("Chair")
        VICE_CHAIR = "naestformand", _("Vice chair")
        CHAIRMANSHIP = "formandskab", _("Member of the chairmanship")
        MEMBER = "medlem", _("Member")
        SECRETARY = "sekretaer", _("Secretary")
        OBSERVER = "observatoer", _("Observer")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("May be left empty, or N.N.")
    )
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Repræsentant for afdelingsbestyrelsen."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)

    class Meta(Ordered.Meta):
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self):
        return ", ".join(part for part in (self.name, self.title, self.organisation) if part)

    def clean(self):
        require_someone(self, ("name", "title", "organisation"))


class StaffMember(Ordered):
    """A member of the secretariat: the boligsocial leder and the medarbejdere."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="staff")
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("May be left empty, or N.N.")
    )
    title = models.CharField(_("title"), max_length=200)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(80)],
    )
    responsibilities = prose(_("responsibilities"))

    class Meta(Ordered.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("secretariat")

    def __str__(self):
        return f"{self.name}, {self.title}" if self.name else self.title


class EstateShare(Ordered):
    """The share of a staff resource's or a secretariat member's time that goes to one
    afdeling of the plan (e.g. 50 % Akacieparken, 30 % Lukretiavej)."""

    plan_estate = models.ForeignKey(
        PlanEstate,
        on_delete=models.CASCADE,
        related_name="staff_shares",
        verbose_name=_("housing estate"),
    )
    share_percent = models.PositiveSmallIntegerField(
        _("share (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    staff_resource = models.ForeignKey(
        StaffResource,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="estate_shares",
    )
    staff_member = models.ForeignKey(
        StaffMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="estate_shares",
    )

    class Meta(Ordered.Meta):
        verbose_name = _("share per housing estate")
        verbose_name_plural = _("shares per housing estate")
        constraints = [
            models.CheckConstraint(
                condition=Q(staff_resource__isnull=False, staff_member__isnull=True)
                | Q(staff_resource__isnull=True, staff_member__isnull=False),
                name="estate_share_of_resource_or_member",
            ),
            models.CheckConstraint(
                condition=Q(share_percent__gte=1, share_percent__lte=100),
                name="estate_share_1_to_100",
            ),
        ]

    def __str__(self):
        return f"{self.plan_estate.estate.name} {self.share_percent} %"


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


# --- Frozen approved versions -------------------------------------------------------------------


class VersionFrozen(Exception):
    """An approved version was about to be changed or deleted."""


class FrozenQuerySet(models.QuerySet):
    """Approved versions are evidence: no bulk update or delete, ever."""

    def update(self, **kwargs):
        raise VersionFrozen("An approved version cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise VersionFrozen("An approved version cannot be changed.")

    def delete(self):
        raise VersionFrozen("An approved version cannot be deleted.")


def version_path(instance, filename):
    return f"versions/{instance.plan_id}/{filename}"


class DocumentVersion(models.Model):
    """Godkendt version: a frozen copy of a delaftale or the strategic agreement as approved,
    with its PDF and the PDF's SHA-256. Written once by `activities.approval`, never changed."""

    class Kind(models.TextChoices):
        DELAFTALE = "delaftale", _("Sub-agreement")
        AGREEMENT = "agreement", _("Strategic agreement")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    # The area by its short name, and the document by its id, not a key: deleting the
    # delaftale leaves its versions, and a new delaftale for the same area starts afresh.
    area_slug = models.SlugField(max_length=80, blank=True)
    document_pk = models.PositiveBigIntegerField(null=True)
    title = models.CharField(_("title"), max_length=300)
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("approval"), max_length=20, choices=ApprovalState.choices)
    approved_at = models.DateTimeField(_("approved"))
    approvers = models.JSONField(_("approved by"), default=list)
    data = models.JSONField(_("content"))
    pdf = models.FileField(upload_to=version_path)
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "area_slug", "-number"]
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "document_pk", "number"], name="document_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VersionFrozen("An approved version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VersionFrozen("An approved version cannot be deleted.")

    @property
    def approver_names(self) -> str:
        return ", ".join(person["name"] for person in self.approvers)


# Every change to plan data is kept with who and when (django-simple-history), for the
# history page. Reference data, memberships and invitations (people, and a secret) and the
# frozen versions are not; nor is who submitted a document (a user that may later be deleted).
HISTORY_MODELS = (
    Plan,
    PlanParty,
    PlanEstate,
    EstateShare,
    StrategicAgreement,
    Signature,
    FocusArea,
    Goal,
    Delaftale,
    DelaftaleParty,
    Section,
    StaffResource,
    Forum,
    ForumMember,
    StaffMember,
    FinancingLine,
    FinancingAmount,
    BudgetGroup,
    YearLock,
    PlanDeadline,
)
for _model in HISTORY_MODELS:
    register(_model, records_class=ChangedOnlyHistory,
             excluded_fields=["submitted_by"] if issubclass(_model, Approvable) else None)
