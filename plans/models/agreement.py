"""Approval state, the strategic agreement, focus areas, delaftaler and their sections."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import (
    Ordered,
    prose,
    require_someone,
)
from .plan import (
    Plan,
    PlanParty,
)
from .reference import (
    RuleSet,
    RuleSetArea,
)

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
