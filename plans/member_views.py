"""The plan's members: invitations by e-mail, roles, removal, and accepting an invitation."""

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import forms, selectors, services
from .models import Invitation
from .selectors import PlanAccess
from .views import apply_errors, confirm_page, form_page, plan_view


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
                apply_errors(form, error)
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
            apply_errors(form, error)
        else:
            messages.success(request, _("The role has been changed."))
            return redirect(back)
    return form_page(request, access, form, title=str(membership.user), back=back)


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
    return confirm_page(
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
    return confirm_page(request, access, invitation, consequence="", back=back)


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
                apply_errors(form, exc)
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
