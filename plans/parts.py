"""Rows of a plan that are edited one at a time: mål, signatures, parties, fora …

Each kind names its model, its form, where it hangs in the plan, who may edit it and where
the user returns after saving. The generic views in `plans.views` use this table, so every
kind gets the same scoping (parent and row looked up inside the plan, 404 otherwise),
ordering, confirmation and inline (htmx) editing. Apps above `plans` add their own kinds
with `register()` from their `AppConfig.ready()`, so `plans` never imports them.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import forms, sections
from .models import (
    BudgetGroup,
    Delaftale,
    DelaftaleParty,
    EstateShare,
    FinancingLine,
    FocusArea,
    Forum,
    ForumMember,
    Goal,
    Plan,
    PlanEstate,
    Section,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
)


def leader_only(access, parent, row=None) -> bool:
    return access.can_edit


@dataclass(frozen=True)
class PartKind:
    model: type[models.Model]
    form_class: type[forms.PartForm]
    noun: str
    parent_field: str
    # The parents of this kind inside one plan (None: the plan itself is the parent).
    parents: Callable[[Plan], models.QuerySet] | None
    # Where to go back to, given the parent.
    back: Callable[[Plan, models.Model], str]
    # Rows keep a user-chosen order (↑/↓); otherwise the model's own ordering rules.
    ordered: bool = True
    # Attributes every new row gets besides its parent, e.g. {"plan": plan}.
    fixed: Callable[[Plan, models.Model], dict] | None = None
    # Who may add and edit rows (row is None when adding), and who may delete or move them.
    may_edit: Callable = leader_only
    may_remove: Callable | None = None
    # For inline editing: (template, context) of the section that lists the parent's rows.
    section: Callable | None = None
    # Values the edit form starts with instead of the row's own (request, plan, row) -> dict.
    edit_initial: Callable | None = None
    # Called with the plan after a row is added or saved, in the same transaction: rows that
    # follow from this one (an indicator's values become a criterion's measurements).
    after_save: Callable | None = None

    def new_row(self, plan: Plan, parent):
        values = {self.parent_field: parent}
        if self.fixed:
            values.update(self.fixed(plan, parent))
        return self.model(**values)

    def removable_by(self, access, parent, row) -> bool:
        return (self.may_remove or self.may_edit)(access, parent, row)

    def parent_get(self, plan: Plan, parent_id: int | None):
        if self.parents is None:
            if parent_id is not None:
                raise Http404
            return plan
        if parent_id is None:
            raise Http404
        return get_object_or_404(self.parents(plan), pk=parent_id)

    def rows(self, plan: Plan) -> models.QuerySet:
        if self.parents is None:
            return self.model.objects.filter(**{self.parent_field: plan})
        return self.model.objects.filter(**{f"{self.parent_field}__in": self.parents(plan)})

    def row_get(self, plan: Plan, pk: int):
        return get_object_or_404(self.rows(plan), pk=pk)

    def siblings(self, parent) -> models.QuerySet:
        return self.model.objects.filter(**{self.parent_field: parent})

    def parent_of(self, row):
        return getattr(row, self.parent_field)


def _focus_area_url(plan, area):
    return reverse("activities:focus_area_detail", kwargs={"slug": plan.slug, "area": area.slug})


def _delaftale_url(plan, delaftale):
    return reverse(
        "activities:delaftale_detail", kwargs={"slug": plan.slug, "area": delaftale.focus_area.slug}
    )


def _agreement_url(plan, _agreement):
    return reverse("activities:agreement_detail", kwargs={"slug": plan.slug}) + "#underskrifter"


def _agreement_section_url(plan, _agreement):
    return reverse("activities:agreement_detail", kwargs={"slug": plan.slug})


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
    return _delaftale_url(plan, resource.delaftale)


def _plan_staff_resources(plan):
    return StaffResource.objects.filter(delaftale__focus_area__plan=plan).select_related(
        "delaftale__focus_area"
    )


PARTS: dict[str, PartKind] = {
    "maal": PartKind(
        model=Goal,
        form_class=forms.GoalForm,
        noun=_("goal"),
        parent_field="focus_area",
        parents=lambda plan: FocusArea.objects.filter(plan=plan),
        back=_focus_area_url,
    ),
    "underskrifter": PartKind(
        model=Signature,
        form_class=forms.SignatureForm,
        noun=_("signature"),
        parent_field="agreement",
        parents=lambda plan: StrategicAgreement.objects.filter(plan=plan),
        back=_agreement_url,
    ),
    "afsnit": PartKind(
        model=Section,
        form_class=forms.SectionForm,
        noun=_("section"),
        parent_field="agreement",
        parents=lambda plan: StrategicAgreement.objects.filter(plan=plan),
        back=_agreement_section_url,
        edit_initial=_section_with_standard_text,
    ),
    "delaftaleafsnit": PartKind(
        model=Section,
        form_class=forms.SectionForm,
        noun=_("section"),
        parent_field="delaftale",
        parents=lambda plan: Delaftale.objects.filter(focus_area__plan=plan).select_related(
            "focus_area"
        ),
        back=_delaftale_url,
        edit_initial=_section_with_standard_text,
    ),
    "delaftaleparter": PartKind(
        model=DelaftaleParty,
        form_class=forms.DelaftalePartyForm,
        noun=_("party to the sub-agreement"),
        parent_field="delaftale",
        parents=lambda plan: Delaftale.objects.filter(focus_area__plan=plan).select_related(
            "focus_area"
        ),
        back=_delaftale_url,
    ),
    "medarbejderressourcer": PartKind(
        model=StaffResource,
        form_class=forms.StaffResourceForm,
        noun=_("staff resource"),
        parent_field="delaftale",
        parents=lambda plan: Delaftale.objects.filter(focus_area__plan=plan).select_related(
            "focus_area"
        ),
        back=_delaftale_url,
    ),
    "boligafdelinger": PartKind(
        model=PlanEstate,
        form_class=forms.PlanEstateForm,
        noun=_("housing estate"),
        parent_field="plan",
        parents=None,
        back=_estates_url,
    ),
    "ressourcefordeling": PartKind(
        model=EstateShare,
        form_class=forms.EstateShareForm,
        noun=_("share per housing estate"),
        parent_field="staff_resource",
        parents=_plan_staff_resources,
        back=_staff_resource_url,
    ),
    "sekretariatsfordeling": PartKind(
        model=EstateShare,
        form_class=forms.EstateShareForm,
        noun=_("share per housing estate"),
        parent_field="staff_member",
        parents=lambda plan: StaffMember.objects.filter(plan=plan),
        back=_organisation_url,
    ),
    "fora": PartKind(
        model=Forum,
        form_class=forms.ForumForm,
        noun=_("forum"),
        parent_field="plan",
        parents=None,
        back=_organisation_url,
    ),
    "forummedlemmer": PartKind(
        model=ForumMember,
        form_class=forms.ForumMemberForm,
        noun=_("forum member"),
        parent_field="forum",
        parents=lambda plan: Forum.objects.filter(plan=plan),
        back=_organisation_url,
    ),
    "finansiering": PartKind(
        model=FinancingLine,
        form_class=forms.FinancingLineForm,
        noun=_("financing line"),
        parent_field="plan",
        parents=None,
        back=lambda plan, _parent: (
            reverse("activities:budget", kwargs={"slug": plan.slug}) + "#finansiering"
        ),
    ),
    "budgetgrupper": PartKind(
        model=BudgetGroup,
        form_class=forms.BudgetGroupForm,
        noun=_("budget group"),
        parent_field="plan",
        parents=None,
        back=lambda plan, _parent: (
            reverse("activities:budget", kwargs={"slug": plan.slug}) + "#budget"
        ),
    ),
    "sekretariat": PartKind(
        model=StaffMember,
        form_class=forms.StaffMemberForm,
        noun=_("staff member"),
        parent_field="plan",
        parents=None,
        back=_organisation_url,
    ),
}


def register(kind: str, part: PartKind) -> None:
    """Add a kind from an app above `plans`; its routes are made with the others."""
    if kind in PARTS and PARTS[kind] != part:
        raise ValueError(f"Part kind {kind!r} is already registered")
    PARTS[kind] = part


def part_kind_get(kind: str) -> PartKind:
    try:
        return PARTS[kind]
    except KeyError:
        raise Http404 from None
