"""Every write to a plan that is more than saving one form.

Services take keyword arguments, run in one transaction and raise `ValidationError` with a
message the user can read; views, admin and commands call the same functions.
"""

import secrets
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from helhedsplan.audit import audit_event
from helhedsplan.tasks import send_email

from .concurrency import grid_check
from .history import bulk_save
from .models import (
    INVITATION_DAYS,
    BudgetGroup,
    Delaftale,
    FinancingAmount,
    FocusArea,
    HousingEstate,
    Invitation,
    Membership,
    Organisation,
    Plan,
    PlanEstate,
    PlanParty,
    RuleSetArea,
    StrategicAgreement,
)
from .reserved import reserved_slugs
from .sections import sections_create_from_template

# Re-exported: the ordered-row services.
from .services_rows import ordered_append as ordered_append
from .services_rows import ordered_delete as ordered_delete
from .services_rows import ordered_move as ordered_move
from .services_rows import ordered_renumber as ordered_renumber
from .services_rows import row_delete as row_delete
from .services_rows import row_save as row_save

if TYPE_CHECKING:
    from django.contrib.auth.models import User

_DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def danish_slugify(text: str) -> str:
    """'Forældreansvar' → 'foraeldreansvar' (slugify alone would drop the letters)."""
    return slugify(text.translate(_DANISH_LETTERS))


def _unique_slug(base: str, taken: set[str], max_length: int = 80) -> str:
    base = danish_slugify(base)[:max_length].strip("-") or "omraade"
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)] + suffix
        n += 1
    return slug


# --- Plan -----------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, user: "User", plan: Plan) -> Plan:
    """Save a new plan, make its creator the leder and start the agreement with the sections of
    its rule set's template."""
    if not plan.slug:
        taken = set(Plan.objects.values_list("slug", flat=True)) | reserved_slugs()
        plan.slug = _unique_slug(plan.name, taken)
    elif Plan.objects.filter(slug=plan.slug).exists():
        raise ValidationError(
            {"slug": _("Another plan already uses this short name. Choose another.")}
        )
    plan.full_clean()
    plan.save()
    Membership.objects.create(plan=plan, user=user, role=Membership.Role.LEADER)
    agreement = StrategicAgreement.objects.create(
        plan=plan, valid_from=plan.period_start, valid_to=plan.period_end
    )
    sections_create_from_template(agreement=agreement)
    BudgetGroup.objects.create(plan=plan, order=0)  # tværgående; areas add theirs before it
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, changed_fields: list[str]) -> Plan:
    """Save the plan's basic data; the rule set cannot change once areas have been chosen."""
    if "rule_set" in changed_fields and plan.focus_areas.exists():
        raise ValidationError(
            {
                "rule_set": _(
                    "The rule set cannot change while the plan has focus areas. "
                    "Remove the focus areas first."
                )
            }
        )
    plan.full_clean()
    plan.save()
    return plan


def _check_room(rows: models.QuerySet[Any]) -> None:
    """Every list a page shows is bounded by settings.MAX_ROWS_PER_LIST."""
    limit = settings.MAX_ROWS_PER_LIST
    if rows.count() >= limit:
        raise ValidationError(
            _("This list already has %(max)s rows, the most it can hold.") % {"max": limit}
        )


def _check_visible(plan: Plan, organisation: Organisation) -> None:
    """Shared organisations and the plan's own; another plan's are not there to choose."""
    if organisation.plan_id not in (None, plan.id):
        raise ValidationError(_("Choose one of the organisations in the list."))


@transaction.atomic
def party_add(*, plan: Plan, organisation: Organisation, role: str) -> PlanParty:
    _check_visible(plan, organisation)
    if plan.parties.filter(organisation=organisation).exists():
        raise ValidationError(_("%(org)s is already a party to the plan.") % {"org": organisation})
    order = plan.parties.count()
    return PlanParty.objects.create(plan=plan, organisation=organisation, role=role, order=order)


@transaction.atomic
def estate_attach(
    *,
    plan: Plan,
    name: str,
    number: str = "",
    organisation: Organisation | None = None,
    address: str = "",
    status: str = "",
    user: "User | None" = None,
) -> HousingEstate:
    """Attach a boligafdeling to the plan with the status the plan states for it, creating the
    afdeling in the reference data if it is new. An afdeling with owner and number is known by
    them; one without is a new afdeling of its own (the plan may not give either)."""
    if organisation is not None:
        _check_visible(plan, organisation)
    if organisation is not None and organisation.kind != Organisation.Kind.HOUSING:
        raise ValidationError(_("A housing estate must belong to a housing organisation."))
    number, name = number.strip(), name.strip()
    estate = None
    if organisation is not None and number:
        estate = HousingEstate.objects.filter(organisation=organisation, number=number).first()
    if estate is None:
        estate = HousingEstate(
            organisation=organisation, number=number, name=name, address=address.strip()
        )
        estate.full_clean()
        estate.save()
    link = PlanEstate(plan=plan, estate=estate, status=status.strip())
    if plan.plan_estates.filter(estate=estate).exists():
        raise ValidationError(_("%(estate)s is already part of the plan.") % {"estate": estate})
    link.order = plan.plan_estates.count()
    link.full_clean()
    link.save()
    _audit("estate_attached", user, plan, estate)
    return estate


@transaction.atomic
def estate_detach(*, plan: Plan, estate: HousingEstate, user: "User | None" = None) -> None:
    """The boligafdeling is no longer part of the plan (it stays in the reference data)."""
    plan.estates.remove(estate)
    _audit("estate_detached", user, plan, estate)


@transaction.atomic
def organisation_create(
    *, plan: Plan, organisation: Organisation, user: "User | None" = None
) -> Organisation:
    """A new organisation in the reference data, added from the plan's parties page."""
    organisation.full_clean()
    organisation.save()
    _audit("organisation_created", user, plan, organisation)
    return organisation


def _audit(event: str, user: "User | None", plan: Plan, obj: models.Model) -> None:
    """Writes that keep no history rows (members, invitations, reference data) are told in
    the audit log: who, when, in which plan, which row."""
    audit_event(
        event,
        user_id=getattr(user, "pk", None),
        plan_id=plan.pk,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
    )


# --- Focus areas and delaftaler -------------------------------------------------------------


@transaction.atomic
def focus_areas_add(
    *, plan: Plan, rule_set_areas: Iterable[RuleSetArea]
) -> list[FocusArea]:
    """Choose indsatsområder from the plan's rule set; areas already chosen are kept as they are."""
    if plan.rule_set.is_local:
        raise ValidationError(_("A locally funded plan names its own focus areas."))
    chosen = set(plan.focus_areas.values_list("rule_set_area_id", flat=True))
    taken = set(plan.focus_areas.values_list("slug", flat=True))
    order = plan.focus_areas.count()
    created = []
    for area in rule_set_areas:
        if area.rule_set_id != plan.rule_set_id:
            raise ValidationError(
                _("%(area)s does not belong to the plan's rule set.") % {"area": area.name}
            )
        if area.id in chosen:
            continue
        slug = _unique_slug(area.name, taken)
        taken.add(slug)
        created.append(
            FocusArea.objects.create(
                plan=plan, rule_set_area=area, name=area.name, slug=slug, order=order
            )
        )
        budget_group_add_for_area(area=created[-1])
        order += 1
    return created


@transaction.atomic
def focus_area_create_local(*, plan: Plan, name: str) -> FocusArea:
    """A locally funded plan names its areas itself."""
    if not plan.rule_set.is_local:
        raise ValidationError(
            _("Plans under %(rules)s choose their focus areas from the rule set.")
            % {"rules": plan.rule_set.name}
        )
    name = name.strip()
    _check_room(plan.focus_areas.all())
    if plan.focus_areas.filter(name__iexact=name).exists():
        raise ValidationError({"name": _("The plan already has a focus area with this name.")})
    taken = set(plan.focus_areas.values_list("slug", flat=True))
    area = FocusArea.objects.create(
        plan=plan, name=name, slug=_unique_slug(name, taken), order=plan.focus_areas.count()
    )
    budget_group_add_for_area(area=area)
    return area


@transaction.atomic
def budget_group_add_for_area(*, area: FocusArea) -> BudgetGroup:
    """The default budget group of a new focus area, placed before the tværgående group (the
    plan's group with neither a name nor an area), or last when there is none."""
    groups = list(area.plan.budget_groups.order_by("order", "id"))
    position = next(
        (i for i, group in enumerate(groups) if group.focus_area_id is None and not group.name),
        len(groups),
    )
    group = BudgetGroup(plan=area.plan, focus_area=area)
    groups.insert(position, group)
    for order, row in enumerate(groups):
        if row.pk is None or row.order != order:
            row.order = order
            row.save()
    return group


@transaction.atomic
def focus_area_delete(*, area: FocusArea) -> None:
    """Remove an indsatsområde with its mål, criteria and delaftale (the view confirms first)."""
    plan = area.plan
    try:
        with transaction.atomic():
            area.delete()
    except (ProtectedError, RestrictedError) as error:
        raise ValidationError(_blocked_message(area, error)) from None
    ordered_renumber(queryset=plan.focus_areas.all())
    ordered_renumber(queryset=plan.budget_groups.all())


def _blocked_message(obj: models.Model, error: ProtectedError | RestrictedError) -> str:
    """'… cannot be deleted while it has financing, budget lines. Remove them first.'"""
    blocking = (
        error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
    )
    kinds = sorted({str(row._meta.verbose_name_plural) for row in blocking})
    return _("%(obj)s cannot be deleted while it has: %(kinds)s. Move or remove them first.") % {
        "obj": obj,
        "kinds": ", ".join(kinds),
    }


@transaction.atomic
def delaftale_create(*, plan: Plan, focus_area: FocusArea) -> Delaftale:
    """One delaftale per chosen indsatsområde, with the sections of the rule set's template."""
    if focus_area.plan_id != plan.id:
        raise ValidationError(_("The focus area is not one of the plan's chosen areas."))
    if Delaftale.objects.filter(focus_area=focus_area).exists():
        raise ValidationError(
            _("%(area)s already has a sub-agreement.") % {"area": focus_area.name}
        )
    delaftale = Delaftale.objects.create(
        focus_area=focus_area, valid_from=plan.period_start, valid_to=plan.period_end
    )
    sections_create_from_template(delaftale=delaftale)
    return delaftale


# --- Financing --------------------------------------------------------------------------------


@transaction.atomic
def financing_cells_save(
    *,
    plan: Plan,
    cells: dict[tuple[int, int], int | None],
    user: "User | None" = None,
    loaded: dict[tuple[int, int], int | None] | None = None,
) -> int:
    """Save the financing grid: one amount per line and year; an empty cell removes it, a cell
    left out stays as it is. `loaded`: the cells as the page showed them; when any has changed
    since, nothing is saved (GridConflict).

    Returns how many cells changed. Lines must belong to the plan and years to its period.
    Every changed cell shows on the plan's history page (`user`: who, by default the request's).
    """
    # One grid save of a plan at a time (see activities.services.budget_cells_save).
    Plan.objects.select_for_update().filter(pk=plan.pk).first()
    years = set(range(plan.period_start.year, plan.period_end.year + 1))
    line_ids = set(plan.financing_lines.values_list("id", flat=True))
    if any(line_id not in line_ids or year not in years for line_id, year in cells):
        raise ValidationError(_("The financing grid refers to lines or years outside the plan."))
    existing = {
        (amount.line_id, amount.year): amount
        for amount in FinancingAmount.objects.filter(line_id__in=line_ids)
    }
    if loaded is not None:
        grid_check(
            loaded={cell: value or None for cell, value in loaded.items()},
            current={cell: financing_cell_value(existing.get(cell)) for cell in loaded},
            labels=dict(plan.financing_lines.values_list("id", "name")),
        )
    create, update, delete = [], [], []
    for (line_id, year), value in cells.items():
        current = existing.get((line_id, year))
        if value in (None, 0):
            if current is not None:
                delete.append(current.pk)
        elif current is None:
            create.append(FinancingAmount(line_id=line_id, year=year, amount=value))
        elif current.amount != value:
            current.amount = value
            update.append(current)
    for amount in FinancingAmount.objects.filter(pk__in=delete):
        amount._change_reason = _("Financing grid")  # type: ignore[attr-defined]  # simple-history
        amount.delete()
    bulk_save(FinancingAmount, create=create, update=update, fields=["amount"], user=user,
              plan=plan,
              reason=_("Financing grid"))
    return len(create) + len(update) + len(delete)


def financing_cell_value(amount: FinancingAmount | None) -> int | None:
    """What a cell of the financing grid shows (empty: no amount), for the concurrency check."""
    return amount.amount if amount is not None else None


# --- Members --------------------------------------------------------------------------------


@transaction.atomic
def membership_invite(
    *, plan: Plan, email: str, role: str, invited_by: "User", accept_url: Callable[[str], str]
) -> str:
    """E-mail an invitation to join the plan, whether or not the address has an account.

    Nobody is added without accepting, and the inviter learns nothing about other people's
    accounts: the answer is the same either way. Returns "invited". `accept_url` turns a
    token into the invitation's full address.
    """
    email = email.strip().lower()
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    if plan.memberships.filter(user__email__iexact=email).exists():
        # The plan's own member list shows this already; nothing about other accounts.
        raise ValidationError(_("%(email)s is already a member of the plan.") % {"email": email})
    pending = plan.invitations.filter(email__iexact=email, accepted_at__isnull=True)
    pending.filter(created_at__lte=timezone.now() - timedelta(days=INVITATION_DAYS)).delete()
    if pending.exists():
        raise ValidationError(_("%(email)s has already been invited.") % {"email": email})
    _check_room(plan.invitations.filter(accepted_at__isnull=True))
    invitation = Invitation.objects.create(
        plan=plan, email=email, role=role, token=secrets.token_urlsafe(32), invited_by=invited_by
    )
    _audit("invitation_created", invited_by, plan, invitation)
    link = accept_url(invitation.token)
    transaction.on_commit(
        lambda: send_email.enqueue(
            subject=_("Invitation to %(plan)s") % {"plan": plan.name},
            message=_(
                "You have been invited to the plan %(plan)s in Helhedsplan.\n\n"
                "Open this link to accept; if you have no login yet, you create one there. "
                "The link works for %(days)s days:\n%(link)s\n"
            )
            % {"plan": plan.name, "link": link, "days": INVITATION_DAYS},
            from_email=None,
            recipients=[email],
            fail_silently=True,
        )
    )
    return "invited"


def _leader_count(plan: Plan) -> int:
    return plan.memberships.filter(role=Membership.Role.LEADER).count()


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, user: "User | None" = None
) -> Membership:
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role."))
    plan = Plan.objects.select_for_update().get(pk=membership.plan_id)
    # The role as stored (a bound form has already put the new role on `membership`).
    stored = Membership.objects.get(pk=membership.pk)
    if (
        stored.role == Membership.Role.LEADER
        and role != Membership.Role.LEADER
        and _leader_count(plan) <= 1
    ):
        raise ValidationError(_("The plan must keep at least one leader."))
    membership.role = role
    if stored.role == role:
        return membership
    membership.save(update_fields=["role"])
    _audit("member_role_changed", user, plan, membership)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, user: "User | None" = None) -> None:
    plan = Plan.objects.select_for_update().get(pk=membership.plan_id)
    if membership.role == Membership.Role.LEADER and _leader_count(plan) <= 1:
        raise ValidationError(_("The plan must keep at least one leader."))
    _audit("member_removed", user, plan, membership)
    membership.delete()


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, user: "User | None" = None) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(_("The invitation has already been accepted."))
    _audit("invitation_withdrawn", user, invitation.plan, invitation)
    invitation.delete()


def _check_open(invitation: Invitation) -> None:
    if invitation.accepted_at is not None:
        raise ValidationError(_("The invitation has already been used."))
    if invitation.is_expired:
        raise ValidationError(_("The invitation has expired. Ask the plan's leader for a new one."))


@transaction.atomic
def invitation_accept_as(*, invitation: Invitation, user: "User") -> "User":
    """A signed-in user accepts: they join the plan with the invited role, with their consent."""
    _check_open(invitation)
    if Membership.objects.filter(plan=invitation.plan, user=user).exists():
        raise ValidationError(_("You are already a member of the plan."))
    Membership.objects.create(plan=invitation.plan, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def invitation_accept(*, invitation: Invitation, username: str, password: str) -> "User":
    """Create the invited person's login and membership in one step; an invitation is
    redeemed once, however many people press accept at the same moment."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    User = get_user_model()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken. Choose another.")})
    try:
        user = User.objects.create_user(
            username=username, email=invitation.email, password=password
        )
    except IntegrityError as exc:  # a concurrent sign-up took the name
        raise ValidationError({"username": _("This username is taken. Choose another.")}) from exc
    Membership.objects.create(plan=invitation.plan, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    _audit("invitation_accepted", user, invitation.plan, invitation)
    return user
