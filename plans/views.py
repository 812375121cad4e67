"""Thin function views: authorise → selector or form → service → redirect or render."""

import dataclasses
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import concurrency, forms, paging, selectors, services
from .models import Plan
from .selectors import PlanAccess

PlanView = Callable[..., HttpResponseBase]


def plan_view(*, edit: bool = False) -> Callable[[PlanView], PlanView]:
    """Resolve the plan from the URL for a member (404 otherwise); `edit` needs the leder role."""

    def decorator(view: PlanView) -> PlanView:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
            access = selectors.plan_access_get(user=request.user, slug=slug)
            if edit and not access.can_edit:
                raise PermissionDenied
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _save_unless_changed(form) -> bool:
    """Save an edit form unless someone else changed the row meanwhile (then the form
    carries the message and what was typed)."""
    try:
        with transaction.atomic():
            concurrency.check(form)
            form.save()
    except ValidationError as error:
        apply_errors(form, error)
        return False
    return True


def form_page(request, access, form, *, title, back, intro="", crumb=""):
    return render(
        request,
        "plans/form_page.html",
        {
            "access": access,
            "plan": access.plan,
            "form": form,
            "title": title,
            "back": back,
            "intro": intro,
            "crumb": crumb,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Plans ----------------------------------------------------------------------------------


@login_required
def plan_list(request):
    header = selectors.plan_list_header_get(user=request.user)
    memberships, page = selectors.memberships_for_user(
        user=request.user, page=paging.page_number(request.GET), total=header.total
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "memberships": memberships,
            "page": page,
            "can_create": header.can_create,
            "waiting": (
                selectors.waiting_for_user(user=request.user) if header.anything_waiting else {}
            ),
        },
    )


@login_required
def plan_create(request):
    # Starting a plan makes you its leder: a right the admin gives (the "Can add plan"
    # permission), not something every signed-in user may take.
    if not request.user.has_perm("plans.add_plan"):
        raise PermissionDenied
    form = forms.PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(user=request.user, plan=form.save(commit=False))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The plan has been created. Now choose its focus areas."))
            return redirect("plans:focus_areas", slug=plan.slug)
    return render(
        request,
        "plans/form_page.html",
        {"form": form, "title": _("New plan"), "back": reverse("plans:plan_list")},
        status=400 if form.errors else 200,
    )


@plan_view(edit=True)
def plan_edit(request, access: PlanAccess):
    plan = access.plan
    form = forms.PlanForm(request.POST or None, instance=plan)
    concurrency.watch(form)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                concurrency.check(form)
                plan = services.plan_update(
                    plan=form.save(commit=False), changed_fields=form.changed_data
                )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect(plan)
    # A failed save must not leave a half-changed plan in memory for the page around the form.
    access = dataclasses.replace(access, plan=Plan.objects.get(pk=access.plan.pk))
    return form_page(
        request, access, form, title=_("Edit the plan"), back=access.plan.get_absolute_url()
    )


@plan_view()
def plan_parties(request, access: PlanAccess):
    plan = selectors.plan_overview_get(plan=access.plan)
    party_form = forms.PartyForm(request.POST if "add_party" in request.POST else None, plan=plan)
    org_form = forms.OrganisationForm(
        request.POST if "add_organisation" in request.POST else None, plan=plan
    )
    estate_form = forms.EstateForm(
        request.POST if "add_estate" in request.POST else None, plan=plan
    )
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        try:
            if "add_party" in request.POST and party_form.is_valid():
                services.party_add(plan=plan, **party_form.cleaned_data)
                messages.success(request, _("The party has been added."))
                return redirect("plans:plan_parties", slug=plan.slug)
            if "add_organisation" in request.POST and org_form.is_valid():
                org = services.organisation_create(
                    plan=plan, organisation=org_form.save(commit=False), user=request.user
                )
                messages.success(
                    request, _("%(org)s can now be chosen as a party.") % {"org": org.name}
                )
                return redirect("plans:plan_parties", slug=plan.slug)
            if "add_estate" in request.POST and estate_form.is_valid():
                services.estate_attach(plan=plan, user=request.user, **estate_form.cleaned_data)
                messages.success(request, _("The housing estate has been added."))
                return redirect("plans:plan_parties", slug=plan.slug)
        except ValidationError as error:
            bound = next(f for f in (party_form, org_form, estate_form) if f.is_bound)
            apply_errors(bound, error)
    status = 400 if any(f.errors for f in (party_form, org_form, estate_form)) else 200
    if request.method == "POST" and status == 200:
        status = 400  # a POST without a known action
    return render(
        request,
        "plans/plan_parties.html",
        {
            "access": access,
            "plan": plan,
            "party_form": party_form,
            "org_form": org_form,
            "estate_form": estate_form,
        },
        status=status,
    )


@plan_view(edit=True)
def party_remove(request, access: PlanAccess, pk: int):
    party = get_object_or_404(access.plan.parties.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.ordered_delete(instance=party, siblings=access.plan.parties.all())
        messages.success(request, _("The party has been removed."))
        return redirect("plans:plan_parties", slug=access.plan.slug)
    return confirm_page(
        request,
        access,
        party,
        consequence=_("Signatures given on behalf of this party are removed too."),
        back=reverse("plans:plan_parties", kwargs={"slug": access.plan.slug}),
    )


@plan_view(edit=True)
def estate_remove(request, access: PlanAccess, pk: int):
    estate = get_object_or_404(access.plan.estates.select_related("organisation"), pk=pk)
    if request.method == "POST":
        services.estate_detach(plan=access.plan, estate=estate, user=request.user)
        messages.success(request, _("The housing estate is no longer part of the plan."))
        return redirect("plans:plan_parties", slug=access.plan.slug)
    return confirm_page(
        request,
        access,
        estate,
        consequence="",
        back=reverse("plans:plan_parties", kwargs={"slug": access.plan.slug}),
    )


def confirm_page(request, access, obj, *, consequence, back, blocked=""):
    """The confirm-before-delete page; `blocked` says why a delete was refused (then 400)."""
    return render(
        request,
        "plans/confirm_delete.html",
        {
            "access": access,
            "plan": access.plan,
            "object": obj,
            "consequence": consequence,
            "back": back,
            "blocked": blocked,
        },
        status=400 if blocked else 200,
    )


# --- Focus areas ----------------------------------------------------------------------------


@plan_view()
def focus_areas(request, access: PlanAccess):
    plan = access.plan
    local = plan.rule_set.is_local
    form_class = forms.LocalFocusAreaForm if local else forms.FocusAreaChooseForm
    kwargs = {} if local else {"plan": plan}
    form = form_class(request.POST or None, **kwargs)
    if request.method == "POST":
        if not access.can_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                if local:
                    services.focus_area_create_local(plan=plan, name=form.cleaned_data["name"])
                else:
                    services.focus_areas_add(plan=plan, rule_set_areas=form.cleaned_data["areas"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The focus areas have been saved."))
                return redirect("plans:focus_areas", slug=plan.slug)
    areas = plan.focus_areas.select_related("delaftale")
    return render(
        request,
        "plans/focus_areas.html",
        {"access": access, "plan": plan, "areas": areas, "form": form, "local": local},
        status=400 if form.errors else 200,
    )


@plan_view(edit=True)
def focus_area_edit(request, access: PlanAccess, area: str):
    focus_area = selectors.focus_area_get(plan=access.plan, area_slug=area)
    form = forms.FocusAreaForm(request.POST or None, instance=focus_area)
    concurrency.watch(form)
    if request.method == "POST" and form.is_valid() and _save_unless_changed(form):
        messages.success(request, _("The focus area has been saved."))
        return redirect(focus_area)
    return form_page(
        request,
        access,
        form,
        title=focus_area.name,
        back=focus_area.get_absolute_url(),
        intro=_(
            "Problem complex, purpose and goals are entered once and shown both in the "
            "strategic agreement (section 5) and in the sub-agreement."
        ),
    )


@plan_view(edit=True)
def focus_area_delete(request, access: PlanAccess, area: str):
    focus_area = selectors.focus_area_get(plan=access.plan, area_slug=area)
    blocked = ""
    if request.method == "POST":
        try:
            services.focus_area_delete(area=focus_area)
        except ValidationError as error:
            blocked = " ".join(error.messages)
        else:
            messages.success(request, _("The focus area has been removed."))
            return redirect("plans:focus_areas", slug=access.plan.slug)
    return confirm_page(
        request,
        access,
        focus_area,
        consequence=_(
            "Its goals, success criteria and sub-agreement are deleted too. This cannot be undone."
        ),
        back=focus_area.get_absolute_url(),
        blocked=blocked,
    )


# --- Strategic agreement --------------------------------------------------------------------


@plan_view(edit=True)
def agreement_section_edit(request, access: PlanAccess, section: str):
    if section not in forms.AGREEMENT_SECTIONS:
        raise Http404
    agreement = selectors.agreement_get(plan=access.plan)
    form = forms.agreement_section_form(section)(request.POST or None, instance=agreement)
    concurrency.watch(form)
    if request.method == "POST" and form.is_valid() and _save_unless_changed(form):
        messages.success(request, _("The section has been saved."))
        return redirect(agreement.get_absolute_url() + f"#{section}")
    return form_page(
        request,
        access,
        form,
        title=forms.AGREEMENT_SECTIONS[section][0],
        back=agreement.get_absolute_url(),
    )


# --- Delaftaler -----------------------------------------------------------------------------


@plan_view(edit=True)
def delaftale_create(request, access: PlanAccess):
    plan = access.plan
    initial = {}
    if "omraade" in request.GET:
        initial["focus_area"] = plan.focus_areas.filter(slug=request.GET["omraade"]).first()
    form = forms.DelaftaleCreateForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            delaftale = services.delaftale_create(plan=plan, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The sub-agreement has been created."))
            return redirect(delaftale)
    return form_page(
        request, access, form, title=_("New sub-agreement"), back=plan.get_absolute_url()
    )


@plan_view(edit=True)
def delaftale_section_edit(request, access: PlanAccess, area: str, section: str):
    if section not in forms.DELAFTALE_SECTIONS:
        raise Http404
    delaftale = selectors.delaftale_get(plan=access.plan, area_slug=area)
    form = forms.delaftale_section_form(section)(request.POST or None, instance=delaftale)
    concurrency.watch(form)
    if request.method == "POST" and form.is_valid() and _save_unless_changed(form):
        messages.success(request, _("The section has been saved."))
        return redirect(delaftale.get_absolute_url() + f"#{section}")
    return form_page(
        request,
        access,
        form,
        title=forms.DELAFTALE_SECTIONS[section][0],
        back=delaftale.get_absolute_url(),
    )


@plan_view(edit=True)
def delaftale_delete(request, access: PlanAccess, area: str):
    delaftale = selectors.delaftale_get(plan=access.plan, area_slug=area)
    if request.method == "POST":
        delaftale.delete()
        messages.success(request, _("The sub-agreement has been deleted."))
        return redirect(access.plan)
    return confirm_page(
        request,
        access,
        delaftale,
        consequence=_(
            "Its parties and staff resources are deleted too. The focus area, its goals and "
            "success criteria stay."
        ),
        back=delaftale.get_absolute_url(),
    )


# --- Organisation ---------------------------------------------------------------------------


@plan_view()
def organisation(request, access: PlanAccess):
    plan = access.plan
    return render(
        request,
        "plans/organisation.html",
        {
            "access": access,
            "plan": plan,
            "fora": selectors.fora_for_plan(plan=plan),
            "staff": selectors.staff_for_plan(plan=plan),
            "estates": list(plan.plan_estates.select_related("estate")),
        },
    )
