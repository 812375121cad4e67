"""The organisation of the plan: fora, their members, staff and the estates' shares."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .agreement import (
    FocusArea,
    StaffResource,
)
from .base import (
    Ordered,
    prose,
    require_someone,
)
from .plan import (
    Plan,
    PlanEstate,
)

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
