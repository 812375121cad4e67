"""Forms for the rows that belong to a plan (see plans.rows): each knows its plan, so that
related choices never leave it."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import sections
from .forms_fields import estate_status_field, plan_formfield
from .models import (
    AGREEMENT_CONTENT,
    DELAFTALE_CONTENT,
    BudgetGroup,
    DelaftaleParty,
    EstateShare,
    FinancingLine,
    Forum,
    ForumMember,
    Goal,
    HousingEstate,
    Plan,
    PlanDeadline,
    PlanEstate,
    Section,
    SectionContent,
    Signature,
    StaffMember,
    StaffResource,
)


class PartForm(forms.ModelForm):
    """A row form that knows its plan, so that related choices never leave it."""

    def __init__(self, *args, plan: Plan, **kwargs):
        self.plan = plan
        super().__init__(*args, **kwargs)


class PlanDeadlineForm(PartForm):
    """A deadline of the plan's own, with the member responsible (one of this plan's)."""

    class Meta:
        model = PlanDeadline
        fields = ["title", "due", "responsible", "note"]
        formfield_callback = plan_formfield
        labels = {"due": _("Date")}
        error_messages = {
            "responsible": {"invalid_choice": _("Choose a member of this plan, or no one.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = self.plan.memberships.select_related("user")
        self.fields["responsible"].label_from_instance = lambda m: (
            f"{m.user.get_full_name() or m.user.get_username()} ({m.get_role_display()})"
        )
        self.fields["responsible"].empty_label = _("Every leader of the plan")


class GoalForm(PartForm):
    class Meta:
        model = Goal
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class SignatureForm(PartForm):
    class Meta:
        model = Signature
        fields = ["party", "signer_name", "signer_title", "signed_on"]
        formfield_callback = plan_formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.plan.parties.select_related("organisation")


class DelaftalePartyForm(PartForm):
    class Meta:
        model = DelaftaleParty
        fields = ["name", "organisation", "title"]


class PlanEstateForm(PartForm):
    """An afdeling of the plan: which one (when adding) and the status the plan states."""

    class Meta:
        model = PlanEstate
        fields = ["estate", "status"]
        error_messages = {
            "estate": {"invalid_choice": _("Choose a housing estate that is not in the plan yet.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"] = estate_status_field()
        if self.instance.pk:
            del self.fields["estate"]
        else:
            self.fields["estate"].queryset = HousingEstate.objects.exclude(
                plan_links__plan=self.plan
            ).select_related("organisation")


class EstateShareForm(PartForm):
    """A share of someone's time for one afdeling; the shares of one person add up to at most
    100 %."""

    class Meta:
        model = EstateShare
        fields = ["plan_estate", "share_percent"]
        error_messages = {
            "plan_estate": {"invalid_choice": _("Choose one of the plan's housing estates.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan_estate"].queryset = self.plan.plan_estates.select_related("estate")

    def _siblings(self):
        row = self.instance
        owner = (
            {"staff_resource_id": row.staff_resource_id}
            if row.staff_resource_id
            else {"staff_member_id": row.staff_member_id}
        )
        return EstateShare.objects.filter(**owner).exclude(pk=row.pk)

    def clean(self):
        cleaned = super().clean()
        estate, share = cleaned.get("plan_estate"), cleaned.get("share_percent")
        siblings = self._siblings()
        if estate is not None and siblings.filter(plan_estate=estate).exists():
            self.add_error("plan_estate", _("This housing estate already has a share."))
        if share is not None:
            others = sum(siblings.values_list("share_percent", flat=True))
            if others + share > 100:
                self.add_error(
                    "share_percent",
                    _("The shares add up to more than 100 %% (%(others)s %% already given).")
                    % {"others": others},
                )
        return cleaned


class StaffResourceForm(PartForm):
    class Meta:
        model = StaffResource
        fields = ["role", "organisation", "share_percent", "hours_per_week"]
        help_texts = {"share_percent": _("Fill in either the share or the hours per week.")}


class ForumForm(PartForm):
    class Meta:
        model = Forum
        fields = ["name", "kind", "parent", "focus_area", "purpose", "meeting_frequency"]
        formfield_callback = plan_formfield
        error_messages = {
            "parent": {"invalid_choice": _("Choose another forum of the plan, or leave it empty.")}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = self.plan.focus_areas.all()
        self.fields["parent"].queryset = self.plan.fora.exclude(pk=self.instance.pk)


class ForumMemberForm(PartForm):
    class Meta:
        model = ForumMember
        fields = ["name", "organisation", "title", "role"]


# The message when a posted focus area is not one of the plan's.
FOCUS_AREA_ERRORS = {
    "focus_area": {"invalid_choice": _("Choose one of the plan's focus areas, or leave it empty.")}
}


class AreaOrNoneForm(PartForm):
    """A row that belongs to one of the plan's focus areas, or to none (`empty_label`)."""

    empty_label = _("Cross-cutting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = self.plan.focus_areas.all()
        self.fields["focus_area"].empty_label = self.empty_label


class FinancingLineForm(AreaOrNoneForm):
    class Meta:
        model = FinancingLine
        fields = ["kind", "name", "focus_area"]
        error_messages = FOCUS_AREA_ERRORS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The rule set's own sources first; Landsbyggefonden only where the plan has LBF money.
        sources = self.plan.rule_set.financing_sources or []
        choices = [c for c in FinancingLine.Kind.choices
                   if c[0] != FinancingLine.Kind.LBF or self.plan.rule_set.has_lbf_financing
                   or self.instance.kind == FinancingLine.Kind.LBF]
        choices.sort(key=lambda c: sources.index(c[0]) if c[0] in sources else len(sources))
        self.fields["kind"].choices = [("", "---------"), *choices]


class BudgetGroupForm(AreaOrNoneForm):
    empty_label = _("None (cross-cutting or the group's own)")

    class Meta:
        model = BudgetGroup
        fields = ["name", "focus_area"]
        error_messages = FOCUS_AREA_ERRORS

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("name") and not cleaned.get("focus_area") and (
            self.plan.budget_groups.filter(name="", focus_area=None)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", _("Give the group a heading; the plan already has a "
                                     "cross-cutting group."))
        return cleaned


class SectionForm(PartForm):
    """One section of the agreement or a delaftale: the plan's own number, heading and text.

    `content` offers only the structured parts that belong in this kind of document, and
    each of them in one section at most, so nothing prints twice."""

    class Meta:
        model = Section
        fields = ["number", "heading", "text", "content"]
        formfield_callback = plan_formfield
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        in_agreement = self.instance.agreement_id is not None
        allowed = AGREEMENT_CONTENT if in_agreement else DELAFTALE_CONTENT
        self.fields["content"].choices = [
            (value, label) for value, label in SectionContent.choices if value in allowed
        ]
        self.fields["content"].error_messages["invalid_choice"] = _(
            "Choose one of the structured parts this document can show."
        )
        standard = (
            sections.section_standard_text(section=self.instance, rule_set=self.plan.rule_set)
            if self.instance.pk
            else ""
        )
        if standard and standard not in self.instance.text:
            kind = "afsnit" if in_agreement else "delaftaleafsnit"
            url = reverse(f"plans:{kind}_edit", args=[self.plan.slug, self.instance.pk])
            self.fields["text"].help_text = format_html(
                '{} <a href="{}?standardtekst=1#id_text">{}</a>',
                self.fields["text"].help_text,
                url,
                _("Insert the standard text"),
            )

    def clean_content(self):
        content = self.cleaned_data["content"]
        if not content:
            return content
        siblings = (
            Section.objects.filter(agreement_id=self.instance.agreement_id)
            if self.instance.agreement_id
            else Section.objects.filter(delaftale_id=self.instance.delaftale_id)
        )
        other = siblings.filter(content=content).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                _("The section '%(section)s' already shows this part; a part prints once.")
                % {"section": other.title}
            )
        return content


class StaffMemberForm(PartForm):
    class Meta:
        model = StaffMember
        fields = ["name", "title", "hours_per_week", "responsibilities"]
        formfield_callback = plan_formfield
