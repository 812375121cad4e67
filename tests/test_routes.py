"""The route matrix: every URL pattern, walked through Django's resolver, is closed to a
signed-in user who is not a member of the plan it points at.

Each named route needs a case below. A new route without one fails
`test_every_route_has_a_case`, so access control cannot be forgotten.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from activities.models import Activity, Measurement
from plans.models import Membership
from tests.plan_rows import is_part_route, part_route_kwargs

# Routes that belong to no plan, with the reason they are open.
OPEN_ROUTES = {
    "home": "redirects to the user's own plan list",
    "login": "signing in",
    "logout": "signing out",
    "set_language": "language switcher",
    "plans:plan_list": "lists only the user's own plans",
    "plans:plan_create": "users the admin has given the right to create plans (403 otherwise)",
    "invitation_accept": "reached by a secret token in an e-mail; unknown tokens answer 404",
    "password_reset": "asks for a new password by e-mail",
    "password_reset_done": "says the e-mail is on its way",
    "password_reset_confirm": "reached by a secret token in an e-mail",
    "password_reset_complete": "says the new password is saved",
    "health": "the load balancer's health check; tells only that the database answers",
    "reporting:portfolio": "lists only the user's own plans",
    "exchange:import_upload": "any signed-in user may import a plan and becomes its leader",
    "exchange:import_preview": "previews the user's own upload, kept in their session",
    "exchange:import_confirm": "imports the user's own upload as a new plan they lead",
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


def _job(plan):
    """The plan's rendered document made by `victim_plan` (a GET of a PDF not yet stored
    queues another one: the first stays the one the routes use)."""
    return plan.rendered_documents.order_by("created_at").first()


def _kwargs_for(name, plan):
    """URL arguments that point at real rows of `plan` (a plan the outsider is not in)."""
    if is_part_route(name):
        kind, _, action = name.rpartition("_")
        return part_route_kwargs(plan, kind, action)
    area = plan.focus_areas.get()
    activity = Activity.objects.get(delaftale__focus_area=area)
    leader = plan.memberships.filter(role=Membership.Role.LEADER).first()
    fixed = {
        "activities:plan_detail": {},
        "plans:plan_edit": {},
        "plans:plan_parties": {},
        "plans:focus_areas": {},
        "plans:delaftale_create": {},
        "plans:organisation": {},
        "plans:members": {},
        "plans:party_remove": {"pk": plan.parties.get().pk},
        "plans:estate_remove": {"pk": plan.estates.get().pk},
        "plans:focus_area_edit": {"area": area.slug},
        "plans:focus_area_delete": {"area": area.slug},
        "plans:agreement_section_edit": {"section": "gyldighed"},
        "plans:delaftale_delete": {"area": area.slug},
        "plans:delaftale_section_edit": {"area": area.slug, "section": "gyldighed"},
        "plans:member_edit": {"pk": leader.pk},
        "plans:member_remove": {"pk": leader.pk},
        "plans:invitation_withdraw": {"pk": plan.invitations.get().pk},
        "activities:agreement_detail": {},
        "activities:focus_area_detail": {"area": area.slug},
        "activities:delaftale_detail": {"area": area.slug},
        "activities:activity_detail": {"pk": activity.pk},
        "activities:milestone_plan": {},
        "activities:budget": {},
        "activities:indicators": {},
        "reporting:dashboard": {},
        "reporting:deadlines": {},
        "reporting:documents": {},
        # A spec with a year, so the crawler (tests/test_crawler.py) tries odd digits in it.
        "reporting:preview": {"spec": f"milestones:{plan.period_start.year}"},
        "reporting:pdf": {"spec": "budget"},
        "reporting:docx": {"spec": "agreement"},
        "reporting:word_import": {"area": area.slug},
        "reporting:word_import_preview": {"area": area.slug},
        "reporting:word_import_confirm": {"area": area.slug},
        "reporting:job": {"pk": _job(plan).pk},
        "reporting:job_download": {"pk": _job(plan).pk},
        "activities:budget_check": {},
        "activities:delaftale_compare": {"area": area.slug},
        "activities:agreement_compare": {},
        "activities:version_pdf": {"pk": plan.versions.get().pk},
        "activities:plan_history": {},
        "activities:object_history": {"kind": "activity", "pk": activity.pk},
        "reporting:delaftale_transition": {"area": area.slug},
        "reporting:agreement_transition": {},
        "activities:milestone_plan_year": {"year": plan.period_start.year},
        "activities:evidence_download": {
            "pk": Measurement.objects.get(criterion__activity=activity).pk
        },
        "spreadsheets:index": {},
        "spreadsheets:export": {"kind": "plan"},
        "spreadsheets:template": {"kind": "maalinger"},
        "spreadsheets:import_upload": {"kind": "maalinger"},
        "spreadsheets:import_preview": {"kind": "maalinger"},
        "spreadsheets:import_errors": {"kind": "maalinger"},
        "spreadsheets:import_confirm": {"kind": "maalinger"},
        "exchange:export": {"fmt": "json"},
        "reporting:years": {},
        "reporting:year_lock": {"year": plan.period_start.year},
        "reporting:year_reopen": {"year": plan.period_start.year},
        "reporting:annual_xlsx": {"year": plan.period_start.year},
        "activities:milestone_plan_propose": {"year": plan.period_start.year + 1},
    }
    return {"slug": plan.slug, **fixed[name]}


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

    return {
        model.__name__: model.objects.count()
        for app in ("plans", "activities")
        for model in apps.get_app_config(app).get_models()
    }
