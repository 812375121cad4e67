"""Rows of a plan that are edited one at a time: mål, criteria, signatures, parties, fora …

Each kind names its model, its form, where it hangs in the plan and where the user returns
after saving. The generic views in `plans.views` use this table, so every kind gets the same
scoping (parent and row looked up inside the plan, 404 otherwise), ordering and confirmation.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from . import forms
from .models import (
    AreaCriterion,
    Delaftale,
    DelaftaleParty,
    FocusArea,
    Forum,
    ForumMember,
    Goal,
    Plan,
    Signature,
    StaffMember,
    StaffResource,
    StrategicAgreement,
)


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
    return reverse("plans:focus_area_detail", kwargs={"slug": plan.slug, "area": area.slug})


def _delaftale_url(plan, delaftale):
    return reverse(
        "plans:delaftale_detail", kwargs={"slug": plan.slug, "area": delaftale.focus_area.slug}
    )


def _agreement_url(plan, _agreement):
    return reverse("plans:agreement_detail", kwargs={"slug": plan.slug}) + "#underskrifter"


def _organisation_url(plan, _parent):
    return reverse("plans:organisation", kwargs={"slug": plan.slug})


PARTS: dict[str, PartKind] = {
    "maal": PartKind(
        model=Goal,
        form_class=forms.GoalForm,
        noun=_("goal"),
        parent_field="focus_area",
        parents=lambda plan: FocusArea.objects.filter(plan=plan),
        back=_focus_area_url,
    ),
    "kriterier": PartKind(
        model=AreaCriterion,
        form_class=forms.AreaCriterionForm,
        noun=_("success criterion"),
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
    "sekretariat": PartKind(
        model=StaffMember,
        form_class=forms.StaffMemberForm,
        noun=_("staff member"),
        parent_field="plan",
        parents=None,
        back=_organisation_url,
    ),
}


def part_kind_get(kind: str) -> PartKind:
    try:
        return PARTS[kind]
    except KeyError:
        raise Http404 from None
