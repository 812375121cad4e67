"""The plan's own rows that are edited one at a time (see `plans.rows`): mål, signatures and
sections, the parties and staff resources of a delaftale, housing estates, fora and the
secretariat. Their routes are in `plans/urls.py`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import forms, sections
from .models import (
    Delaftale,
    DelaftaleParty,
    EstateShare,
    FocusArea,
    Forum,
    ForumMember,
    Goal,
    PlanEstate,
    Section,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
)
from .rows import RowKind


def _signatures_url(plan, agreement):
    return agreement.get_absolute_url() + "#underskrifter"


def _section_with_standard_text(request, plan, section) -> dict:
    """`?standardtekst=1` puts the template's standard wording into the form, unsaved."""
    if "standardtekst" not in request.GET:
        return {}
    standard = sections.section_standard_text(section=section, rule_set=plan.rule_set)
    return {"text": sections.text_with_standard(section.text, standard)}


def _organisation_url(plan, _parent):
    return reverse("plans:organisation", kwargs={"slug": plan.slug})


def _estates_url(plan, _parent):
    return reverse("plans:plan_parties", kwargs={"slug": plan.slug}) + "#afdelinger"


def _staff_resource_url(plan, resource):
    return resource.delaftale.get_absolute_url()


def _focus_areas(plan):
    return FocusArea.objects.filter(plan=plan)


def _agreements(plan):
    return StrategicAgreement.objects.filter(plan=plan)


def _delaftaler(plan):
    return Delaftale.objects.filter(focus_area__plan=plan).select_related("focus_area__plan")


def _staff_resources(plan):
    return StaffResource.objects.filter(delaftale__focus_area__plan=plan).select_related(
        "delaftale__focus_area__plan"
    )


goals = RowKind(
    model=Goal,
    form_class=forms.GoalForm,
    noun=_("goal"),
    parent_field="focus_area",
    parents=_focus_areas,
)
signatures = RowKind(
    model=Signature,
    form_class=forms.SignatureForm,
    noun=_("signature"),
    parent_field="agreement",
    parents=_agreements,
    back=_signatures_url,
)
agreement_sections = RowKind(
    model=Section,
    form_class=forms.SectionForm,
    noun=_("section"),
    parent_field="agreement",
    parents=_agreements,
    edit_initial=_section_with_standard_text,
)
delaftale_sections = RowKind(
    model=Section,
    form_class=forms.SectionForm,
    noun=_("section"),
    parent_field="delaftale",
    parents=_delaftaler,
    edit_initial=_section_with_standard_text,
)
delaftale_parties = RowKind(
    model=DelaftaleParty,
    form_class=forms.DelaftalePartyForm,
    noun=_("party to the sub-agreement"),
    parent_field="delaftale",
    parents=_delaftaler,
)
staff_resources = RowKind(
    model=StaffResource,
    form_class=forms.StaffResourceForm,
    noun=_("staff resource"),
    parent_field="delaftale",
    parents=_delaftaler,
)
plan_estates = RowKind(
    model=PlanEstate,
    form_class=forms.PlanEstateForm,
    noun=_("housing estate"),
    parent_field="plan",
    parents=None,
    back=_estates_url,
)
resource_shares = RowKind(
    model=EstateShare,
    form_class=forms.EstateShareForm,
    noun=_("share per housing estate"),
    parent_field="staff_resource",
    parents=_staff_resources,
    back=_staff_resource_url,
)
staff_shares = RowKind(
    model=EstateShare,
    form_class=forms.EstateShareForm,
    noun=_("share per housing estate"),
    parent_field="staff_member",
    parents=lambda plan: StaffMember.objects.filter(plan=plan),
    back=_organisation_url,
)
fora = RowKind(
    model=Forum,
    form_class=forms.ForumForm,
    noun=_("forum"),
    parent_field="plan",
    parents=None,
    back=_organisation_url,
)
forum_members = RowKind(
    model=ForumMember,
    form_class=forms.ForumMemberForm,
    noun=_("forum member"),
    parent_field="forum",
    parents=lambda plan: Forum.objects.filter(plan=plan),
    back=_organisation_url,
)
staff = RowKind(
    model=StaffMember,
    form_class=forms.StaffMemberForm,
    noun=_("staff member"),
    parent_field="plan",
    parents=None,
    back=_organisation_url,
)
