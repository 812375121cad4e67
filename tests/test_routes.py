"""The route matrix: every URL pattern, walked through Django's resolver, is closed to a
signed-in user who is not a member of the plan it points at.

Each named route needs a case below. A new route without one fails
`test_every_route_has_a_case`, so access control cannot be forgotten.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from plans.models import Membership

# Routes that belong to no plan, with the reason they are open.
OPEN_ROUTES = {
    "home": "redirects to the user's own plan list",
    "login": "signing in",
    "logout": "signing out",
    "set_language": "language switcher",
    "plans:plan_list": "lists only the user's own plans",
    "plans:plan_create": "any signed-in user may start a plan and becomes its leader",
    "invitation_accept": "reached by a secret token in an e-mail; unknown tokens answer 404",
}


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin is for superusers; Django's own checks guard it
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _walk(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{prefix}{pattern.name}", pattern


ALL_ROUTES = dict(_walk(get_resolver()))
PLAN_ROUTES = sorted(name for name in ALL_ROUTES if name not in OPEN_ROUTES)


def _kwargs_for(name, plan):
    """URL arguments that point at real rows of `plan` (a plan the outsider is not in)."""
    agreement = plan.agreement
    area = plan.focus_areas.get()
    delaftale = area.delaftale
    forum = plan.fora.get()
    parents = {
        "maal": area.pk, "kriterier": area.pk, "underskrifter": agreement.pk,
        "delaftaleparter": delaftale.pk, "medarbejderressourcer": delaftale.pk,
        "forummedlemmer": forum.pk,
    }
    rows = {
        "maal": area.goals.get().pk, "kriterier": area.criteria.get().pk,
        "underskrifter": agreement.signatures.get().pk,
        "delaftaleparter": delaftale.parties.get().pk,
        "medarbejderressourcer": delaftale.staff_resources.get().pk,
        "fora": forum.pk, "forummedlemmer": forum.members.get().pk,
        "sekretariat": plan.staff.get().pk,
    }
    short = name.split(":", 1)[1]
    kwargs = {"slug": plan.slug}
    fixed = {
        "plan_detail": {}, "plan_edit": {}, "plan_parties": {}, "focus_areas": {},
        "agreement_detail": {}, "delaftale_create": {}, "organisation": {}, "members": {},
        "party_remove": {"pk": plan.parties.get().pk},
        "estate_remove": {"pk": 1},
        "focus_area_detail": {"area": area.slug}, "focus_area_edit": {"area": area.slug},
        "focus_area_delete": {"area": area.slug},
        "agreement_section_edit": {"section": "formaal"},
        "delaftale_detail": {"area": area.slug}, "delaftale_delete": {"area": area.slug},
        "delaftale_section_edit": {"area": area.slug, "section": "kommunal"},
        "member_edit": {"pk": plan.memberships.get(role=Membership.Role.LEADER).pk},
        "member_remove": {"pk": plan.memberships.get(role=Membership.Role.LEADER).pk},
        "invitation_withdraw": {"pk": plan.invitations.get().pk},
    }
    if short in fixed:
        return {**kwargs, **fixed[short]}
    kind, action = short.rsplit("_", 1)
    if action == "create":
        return {**kwargs, **({"parent": parents[kind]} if kind in parents else {})}
    kwargs["pk"] = rows[kind]
    if action == "move":
        kwargs["direction"] = "op"
    return kwargs


@pytest.fixture
def victim_plan(filled_plan):
    """A plan with one row of everything, a leader and an open invitation."""
    from plans.models import Invitation
    from tests.factories import MembershipFactory

    MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER)
    Invitation.objects.create(plan=filled_plan, email="a@example.dk", role="laeser", token="x")
    return filled_plan


def test_every_route_has_a_case(victim_plan):
    missing = []
    for name in PLAN_ROUTES:
        try:
            reverse(name, kwargs=_kwargs_for(name, victim_plan))
        except Exception as error:  # noqa: BLE001 - any failure means: no case for this route
            missing.append(f"{name}: {error!r}")
    assert not missing, "Routes without a case in tests/test_routes.py:\n" + "\n".join(missing)


def test_open_routes_still_exist():
    assert set(OPEN_ROUTES) <= set(ALL_ROUTES)


@pytest.mark.parametrize("name", PLAN_ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_outsider_cannot_reach_route(name, method, victim_plan, outsider_client):
    url = reverse(name, kwargs=_kwargs_for(name, victim_plan))
    before = _snapshot(victim_plan)

    response = getattr(outsider_client, method)(url, {"text": "x", "name": "x", "role": "leder"})

    assert response.status_code in (403, 404), f"{method.upper()} {url}"
    assert _snapshot(victim_plan) == before


def _snapshot(plan):
    from django.apps import apps

    return {model.__name__: model.objects.count() for model in apps.get_app_config(
        "plans").get_models()}
