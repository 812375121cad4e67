"""Thin function views: authorise → selector or form → service → redirect or render."""

import dataclasses
import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import concurrency, forms, paging, selectors, services
from .models import Invitation, Plan
from .parts import part_kind_get
from .selectors import PlanAccess


def plan_view(*, edit: bool = False):
    """Resolve the plan from the URL for a member (404 otherwise); `edit` needs the leder role."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            access = selectors.plan_access_get(user=request.user, slug=slug)
            if edit and not access.can_edit:
                raise PermissionDenied
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


def _apply_errors(form, error: ValidationError) -> None:
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
        _apply_errors(form, error)
        return False
    return True


def _render_form(request, access, form, *, title, back, intro="", crumb=""):
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
    memberships, page = selectors.memberships_for_user(
        user=request.user, page=paging.page_number(request.GET)
    )
    return render(
        request,
        "plans/plan_list.html",
        {
            "memberships": memberships,
            "page": page,
            "waiting": selectors.waiting_for_user(user=request.user),
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
            _apply_errors(form, error)
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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The plan has been saved."))
            return redirect(plan)
    # A failed save must not leave a half-changed plan in memory for the page around the form.
    access = dataclasses.replace(access, plan=Plan.objects.get(pk=access.plan.pk))
    return _render_form(
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
            _apply_errors(bound, error)
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
    return _confirm(
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
    return _confirm(
        request,
        access,
        estate,
        consequence="",
        back=reverse("plans:plan_parties", kwargs={"slug": access.plan.slug}),
    )


def _confirm(request, access, obj, *, consequence, back, blocked=""):
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
                _apply_errors(form, error)
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
    return _render_form(
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
    return _confirm(
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
        return redirect(
            reverse("activities:agreement_detail", kwargs={"slug": access.plan.slug})
            + f"#{section}"
        )
    return _render_form(
        request,
        access,
        form,
        title=forms.AGREEMENT_SECTIONS[section][0],
        back=reverse("activities:agreement_detail", kwargs={"slug": access.plan.slug}),
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
            _apply_errors(form, error)
        else:
            messages.success(request, _("The sub-agreement has been created."))
            return redirect(delaftale)
    return _render_form(
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
    return _render_form(
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
    return _confirm(
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


# --- Rows of the plan (see plans.parts) -----------------------------------------------------


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


_ANNOUNCE = {
    "saved": gettext_lazy("Saved: %(noun)s “%(row)s”."),
    "moved": gettext_lazy("Moved: %(noun)s “%(row)s”."),
}


def _inline_result(part, kind, row, message, section_id, done) -> str:
    """What the page does after an inline write (app.js): which row takes the focus (the saved
    one; after a delete the section itself) and the sentence a screen reader hears."""
    if row is not None and done in _ANNOUNCE:
        shown = str(row)
        if len(shown) > 80:
            shown = shown[:79] + "…"
        message = _ANNOUNCE[done] % {"noun": part.noun, "row": shown}
    # ASCII only in a header: json escapes the Danish letters.
    return json.dumps({"inline-saved": {
        "row": f"{kind}-{row.pk}" if row is not None else "",
        "section": section_id,
        "message": str(message),
    }})


def _part_done(request, access, part, parent_obj, message, *, kind="", row=None, done=""):
    """After a successful write: swap the parent's section in place (htmx) or go back."""
    if _is_htmx(request):
        if part.section is None:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = part.back(access.plan, parent_obj)
            return response
        template, context = part.section(access, parent_obj)
        response = render(request, template, {"access": access, "plan": access.plan, **context})
        response["HX-Retarget"] = f"#{context['section_id']}"
        response["HX-Reswap"] = "outerHTML"
        response["HX-Trigger-After-Settle"] = _inline_result(
            part, kind, row, message, context["section_id"], done
        )
        return response
    messages.success(request, message)
    return redirect(part.back(access.plan, parent_obj))


def _part_form(request, access, part, form, *, title, back, crumb, action):
    if _is_htmx(request):
        # Errors come back into the same inline form, keeping what was typed.
        return render(
            request,
            "plans/_part_form.html",
            {
                "access": access,
                "plan": access.plan,
                "form": form,
                "title": title,
                "action": action,
                "back": back,
            },
        )
    return _render_form(request, access, form, title=title, back=back, crumb=crumb)


def _list_full(form, part, parent_obj) -> bool:
    """Every list a page shows is bounded: a list at MAX_ROWS_PER_LIST takes no more rows."""
    limit = settings.MAX_ROWS_PER_LIST
    if part.siblings(parent_obj).count() < limit:
        return False
    form.add_error(
        None, _("This list already has %(max)s rows, the most it can hold.") % {"max": limit}
    )
    return True


@plan_view()
def part_create(request, access: PlanAccess, kind: str, parent: int | None = None):
    part = part_kind_get(kind)
    parent_obj = part.parent_get(access.plan, parent)
    if not part.may_edit(access, parent_obj, None):
        raise PermissionDenied
    form = part.form_class(
        request.POST or None,
        request.FILES or None,
        instance=part.new_row(access.plan, parent_obj),
        plan=access.plan,
        initial=request.GET.dict() if request.method == "GET" else None,
    )
    back = part.back(access.plan, parent_obj)
    if request.method == "POST" and form.is_valid() and not _list_full(form, part, parent_obj):
        try:
            with transaction.atomic():
                row = form.save(commit=False)
                if part.ordered:
                    services.ordered_append(instance=row, siblings=part.siblings(parent_obj))
                    form.save_m2m()
                else:
                    services.row_save(instance=row, form=form)
                if part.after_save:
                    part.after_save(access.plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _part_done(
                request, access, part, parent_obj, _("Saved."), kind=kind, row=row, done="saved"
            )
    if part.parents is None:
        title, crumb = _("Add %(noun)s") % {"noun": part.noun}, ""
    else:
        title = _("Add %(noun)s to %(parent)s") % {"noun": part.noun, "parent": parent_obj}
        crumb = str(parent_obj)
    return _part_form(
        request, access, part, form, title=title, back=back, crumb=crumb, action=request.path
    )


@plan_view()
def part_edit(request, access: PlanAccess, kind: str, pk: int):
    part = part_kind_get(kind)
    row = part.row_get(access.plan, pk)
    parent_obj = part.parent_of(row)
    if not part.may_edit(access, parent_obj, row):
        raise PermissionDenied
    initial = (
        part.edit_initial(request, access.plan, row)
        if part.edit_initial and request.method == "GET"
        else None
    )
    form = part.form_class(
        request.POST or None, request.FILES or None, instance=row, plan=access.plan,
        initial=initial,
    )
    concurrency.watch(form)
    back = part.back(access.plan, parent_obj)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                concurrency.check(form)
                row = form.save(commit=False)
                services.row_save(instance=row, form=form)
                if part.after_save:
                    part.after_save(access.plan)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return _part_done(
                request, access, part, parent_obj, _("Saved."), kind=kind, row=row, done="saved"
            )
    crumb = "" if part.parents is None else str(parent_obj)
    title = _("Edit %(noun)s") % {"noun": part.noun}
    return _part_form(
        request, access, part, form, title=title, back=back, crumb=crumb, action=request.path
    )


@plan_view()
def part_delete(request, access: PlanAccess, kind: str, pk: int):
    part = part_kind_get(kind)
    row = part.row_get(access.plan, pk)
    parent_obj = part.parent_of(row)
    if not part.removable_by(access, parent_obj, row):
        raise PermissionDenied
    back = part.back(access.plan, parent_obj)
    blocked = ""
    if request.method == "POST":
        try:
            if part.ordered:
                services.ordered_delete(instance=row, siblings=part.siblings(parent_obj))
            else:
                services.row_delete(instance=row)
        except ValidationError as error:
            blocked = " ".join(error.messages)  # e.g. a row dated in a locked year
        else:
            return _part_done(request, access, part, parent_obj, _("Deleted."), kind=kind)
    return _confirm(request, access, row, consequence="", back=back, blocked=blocked)


@plan_view()
@require_POST
def part_move(request, access: PlanAccess, kind: str, pk: int, direction: str):
    part = part_kind_get(kind)
    row = part.row_get(access.plan, pk)
    parent_obj = part.parent_of(row)
    if not part.ordered:
        raise Http404
    if not part.removable_by(access, parent_obj, row):
        raise PermissionDenied
    services.ordered_move(instance=row, siblings=part.siblings(parent_obj), up=direction == "op")
    return _part_done(
        request, access, part, parent_obj, _("Saved."), kind=kind, row=row, done="moved"
    )


# --- Members --------------------------------------------------------------------------------


@plan_view()
def members(request, access: PlanAccess):
    plan = access.plan
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST":
        if not access.can_manage_members:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.membership_invite(
                    plan=plan,
                    invited_by=request.user,
                    accept_url=lambda token: request.build_absolute_uri(
                        reverse("invitation_accept", kwargs={"token": token})
                    ),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                # The same answer whether or not the address has an account.
                messages.success(request, _("An invitation has been sent by e-mail."))
                return redirect("plans:members", slug=plan.slug)
    return render(
        request,
        "plans/members.html",
        {
            "access": access,
            "plan": plan,
            "form": form,
            "memberships": selectors.members_for_plan(plan=plan),
            "invitations": selectors.open_invitations_for_plan(plan=plan)
            if access.can_manage_members
            else [],
        },
        status=400 if form.errors else 200,
    )


@plan_view(edit=True)
def member_edit(request, access: PlanAccess, pk: int):
    membership = get_object_or_404(selectors.members_for_plan(plan=access.plan), pk=pk)
    form = forms.MembershipRoleForm(request.POST or None, instance=membership)
    back = reverse("plans:members", kwargs={"slug": access.plan.slug})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_change_role(
                membership=membership, role=form.cleaned_data["role"], user=request.user
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The role has been changed."))
            return redirect(back)
    return _render_form(request, access, form, title=str(membership.user), back=back)


@plan_view(edit=True)
def member_remove(request, access: PlanAccess, pk: int):
    membership = get_object_or_404(selectors.members_for_plan(plan=access.plan), pk=pk)
    back = reverse("plans:members", kwargs={"slug": access.plan.slug})
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(back)
        messages.success(request, _("The member has been removed from the plan."))
        if membership.user_id == request.user.id:
            return redirect("plans:plan_list")
        return redirect(back)
    return _confirm(
        request,
        access,
        membership,
        consequence=_("The person loses access to the plan at once."),
        back=back,
    )


@plan_view(edit=True)
def invitation_withdraw(request, access: PlanAccess, pk: int):
    invitation = get_object_or_404(selectors.open_invitations_for_plan(plan=access.plan), pk=pk)
    back = reverse("plans:members", kwargs={"slug": access.plan.slug})
    if request.method == "POST":
        services.invitation_withdraw(invitation=invitation, user=request.user)
        messages.success(request, _("The invitation has been withdrawn."))
        return redirect(back)
    return _confirm(request, access, invitation, consequence="", back=back)


def invitation_accept(request, token: str):
    """Public: the e-mailed link. Someone signed in joins with their own login (their consent
    is the click); anyone else creates a login. An expired invitation says so (410)."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("plan"), token=token, accepted_at__isnull=True
    )
    context = {"invitation": invitation}
    if invitation.is_expired:
        return render(request, "plans/invitation_accept.html", context, status=410)
    signed_in = request.user.is_authenticated
    form = forms.InvitationAcceptForm(request.POST or None) if not signed_in else None
    error = ""
    if request.method == "POST":
        try:
            if signed_in:
                user = services.invitation_accept_as(invitation=invitation, user=request.user)
            elif form.is_valid():
                user = services.invitation_accept(
                    invitation=invitation,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
            else:
                user = None
        except ValidationError as exc:
            if form is not None:
                _apply_errors(form, exc)
            error = " ".join(exc.messages)
            user = None
        if user is not None:
            if not signed_in:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome. You now have access to the plan."))
            return redirect(invitation.plan)
    failed = bool(error or (form is not None and form.errors))
    return render(
        request,
        "plans/invitation_accept.html",
        {**context, "form": form, "error": error, "login_url": reverse("login")},
        status=400 if failed else 200,
    )
