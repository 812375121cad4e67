"""Forms shape and validate input; every choice of a related row is scoped to the plan."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.forms import modelform_factory
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from . import sections, selectors
from .models import (
    AGREEMENT_CONTENT,
    DELAFTALE_CONTENT,
    BudgetGroup,
    Delaftale,
    DelaftaleParty,
    EstateShare,
    FinancingLine,
    FocusArea,
    Forum,
    ForumMember,
    Goal,
    HousingEstate,
    Membership,
    Organisation,
    Plan,
    PlanDeadline,
    PlanEstate,
    PlanParty,
    Section,
    SectionContent,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
)
from .money import KronerField


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _formfield(db_field, **kwargs):
    """Dates as date pickers, prose as roomy textareas, kroner as Danish amounts."""
    from django.db import models

    if isinstance(db_field, models.DateField):
        kwargs["widget"] = DateInput
    elif isinstance(db_field, models.TextField):
        kwargs["widget"] = forms.Textarea(attrs={"rows": 6})
    elif isinstance(db_field, models.PositiveBigIntegerField) and db_field.name.endswith("_kr"):
        return KronerField(required=not db_field.blank, label=db_field.verbose_name.capitalize())
    return db_field.formfield(**kwargs)


class SuggestingInput(forms.TextInput):
    """A text input with suggestions the user may take or ignore (an HTML datalist)."""

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        list_id = f"{(attrs or {}).get('id') or name}-forslag"
        html = super().render(name, value, {**(attrs or {}), "list": list_id}, renderer)
        options = format_html_join("", '<option value="{}">', ((s,) for s in self.suggestions))
        return format_html('{}<datalist id="{}">{}</datalist>', html, list_id, options)


def estate_status_field():
    return forms.CharField(
        label=_("Status"),
        max_length=200,
        required=False,
        widget=SuggestingInput(PlanEstate.STATUS_SUGGESTIONS),
        help_text=PlanEstate._meta.get_field("status").help_text,
    )


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "name",
            "area_name",
            "slug",
            "rule_set",
            "lbf_case_number",
            "period_start",
            "period_end",
            "status",
            "allow_self_approval",
            "budget_caption",
            "budget_unit",
            "reminder_days",
        ]
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        self.fields["slug"].required = not creating
        if creating:
            self.fields["slug"].help_text = _(
                "Leave empty to make one from the name. Lower-case letters, digits and hyphens."
            )
            del self.fields["status"]
            del self.fields["allow_self_approval"]
            del self.fields["budget_caption"]
            del self.fields["budget_unit"]
            del self.fields["reminder_days"]
        else:
            # Left out of a post (an older form, a script): the plan keeps its number of days.
            self.fields["reminder_days"].required = False

    def clean_reminder_days(self):
        days = self.cleaned_data.get("reminder_days")
        return self.instance.reminder_days if days is None else days

    def validate_unique(self):
        # The service reports a taken slug with its own message; nothing else is unique here.
        pass


class OrganisationForm(forms.ModelForm):
    """A new organisation belongs to the plan it is created in."""

    prefix = "org"

    class Meta:
        model = Organisation
        fields = ["name", "kind", "cvr"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        visible = selectors.organisations_for_choice(plan=self.instance.plan)
        if visible.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("An organisation with this name can already be chosen."))
        limit = settings.MAX_ROWS_PER_LIST
        if Organisation.objects.filter(plan=self.instance.plan).count() >= limit:
            raise forms.ValidationError(
                _("This list already has %(max)s rows, the most it can hold.") % {"max": limit}
            )
        return name


class PartyForm(forms.Form):
    prefix = "party"
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=PlanParty.Role.choices)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_for_choice(plan=plan)


class EstateForm(forms.Form):
    prefix = "estate"
    name = forms.CharField(label=_("Name"), max_length=200)
    number = forms.CharField(
        label=_("Estate number"),
        max_length=20,
        required=False,
        help_text=_("Leave empty if the plan does not give one."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Housing organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("The owner, if the plan names one."),
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    status = estate_status_field()

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = selectors.organisations_for_choice(plan=plan).filter(
            kind=Organisation.Kind.HOUSING
        )


class FocusAreaChooseForm(forms.Form):
    areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas of the rule set"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one focus area.")},
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = selectors.rule_set_areas_available(plan=plan)


class LocalFocusAreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the focus area"), max_length=200)


class FocusAreaForm(forms.ModelForm):
    class Meta:
        model = FocusArea
        fields = ["name", "problem", "purpose", "target_group"]
        formfield_callback = _formfield

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.rule_set_area_id:
            # The rule set fixes the name of an LBF area.
            del self.fields["name"]

    def validate_unique(self):
        # Names are unique per plan; the plan is not a form field, so check it here.
        name = self.cleaned_data.get("name")
        if name and (
            FocusArea.objects.filter(plan=self.instance.plan, name__iexact=name)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            self.add_error("name", _("The plan already has a focus area with this name."))


class DelaftaleCreateForm(forms.Form):
    focus_area = forms.ModelChoiceField(
        label=_("Focus area"),
        queryset=FocusArea.objects.none(),
        error_messages={
            "invalid_choice": _("Choose one of the plan's focus areas that has no sub-agreement.")
        },
    )

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = plan.focus_areas.filter(delaftale__isnull=True)


# --- Sections: one form per section of the agreement and the delaftale ----------------------


AGREEMENT_SECTIONS = {
    "gyldighed": (_("Validity"), ["valid_from", "valid_to"]),
}

DELAFTALE_SECTIONS = {
    "gyldighed": (_("Validity"), ["valid_from", "valid_to"]),
}


def section_form_class(model, sections: dict, key: str):
    """The form for one section; unknown keys are a 404 in the view."""
    _title, fields = sections[key]
    return modelform_factory(model, fields=fields, formfield_callback=_formfield)


def agreement_section_form(key: str):
    return section_form_class(StrategicAgreement, AGREEMENT_SECTIONS, key)


def delaftale_section_form(key: str):
    return section_form_class(Delaftale, DELAFTALE_SECTIONS, key)


# --- Rows that belong to a plan (see plans.rows) ------------------------------------------


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
        formfield_callback = _formfield
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
        formfield_callback = _formfield

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
        formfield_callback = _formfield
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


class FinancingLineForm(PartForm):
    class Meta:
        model = FinancingLine
        fields = ["kind", "name", "focus_area"]
        error_messages = {
            "focus_area": {
                "invalid_choice": _("Choose one of the plan's focus areas, or leave it empty.")
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = self.plan.focus_areas.all()
        self.fields["focus_area"].empty_label = _("Cross-cutting")
        # The rule set's own sources first; Landsbyggefonden only where the plan has LBF money.
        sources = self.plan.rule_set.financing_sources or []
        choices = [c for c in FinancingLine.Kind.choices
                   if c[0] != FinancingLine.Kind.LBF or self.plan.rule_set.has_lbf_financing
                   or self.instance.kind == FinancingLine.Kind.LBF]
        choices.sort(key=lambda c: sources.index(c[0]) if c[0] in sources else len(sources))
        self.fields["kind"].choices = [("", "---------"), *choices]


class BudgetGroupForm(PartForm):
    class Meta:
        model = BudgetGroup
        fields = ["name", "focus_area"]
        error_messages = {
            "focus_area": {
                "invalid_choice": _("Choose one of the plan's focus areas, or leave it empty.")
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focus_area"].queryset = self.plan.focus_areas.all()
        self.fields["focus_area"].empty_label = _("None (cross-cutting or the group's own)")

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
        formfield_callback = _formfield
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
        formfield_callback = _formfield


# --- Members --------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.READER
    )


class MembershipRoleForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role"]


class InvitationAcceptForm(forms.Form):
    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(
        label=_("Repeat the password"), widget=forms.PasswordInput, strip=False
    )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
