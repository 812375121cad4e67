"""Forms shape and validate input; every choice of a related row is scoped to the plan."""

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from . import selectors
from .forms_fields import (  # noqa: F401 (re-exported: the shared widgets and fields)
    DateInput,
    SuggestingInput,
    estate_status_field,
    plan_formfield,
)
from .forms_rows import (  # noqa: F401 (re-exported: the forms of a plan's rows)
    BudgetGroupForm,
    DelaftalePartyForm,
    EstateShareForm,
    FinancingLineForm,
    ForumForm,
    ForumMemberForm,
    GoalForm,
    PartForm,
    PlanDeadlineForm,
    PlanEstateForm,
    SectionForm,
    SignatureForm,
    StaffMemberForm,
    StaffResourceForm,
)
from .models import (
    Delaftale,
    FocusArea,
    Membership,
    Organisation,
    Plan,
    PlanParty,
    StrategicAgreement,
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
        formfield_callback = plan_formfield

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
        formfield_callback = plan_formfield

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
    return modelform_factory(model, fields=fields, formfield_callback=plan_formfield)


def agreement_section_form(key: str):
    return section_form_class(StrategicAgreement, AGREEMENT_SECTIONS, key)


def delaftale_section_form(key: str):
    return section_form_class(Delaftale, DELAFTALE_SECTIONS, key)


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
