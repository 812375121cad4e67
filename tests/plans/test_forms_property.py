"""Property-based: generated input posted to every form never gives a 500, and a form that
answers with errors has written nothing."""

import pytest
from django.apps import apps
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plans.forms import AGREEMENT_SECTIONS, DELAFTALE_SECTIONS
from plans.models import Membership
from tests.factories import MembershipFactory, may_create_plans
from tests.plan_rows import part_route_kwargs, row_kinds

# Values people (and attackers) might type: empty, huge, dates, Danish amounts, ids, markup.
field_value = st.one_of(
    st.just(""),
    st.text(max_size=40),
    st.text(min_size=190, max_size=260),
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "2.701.000",
            "849.000 kr.",
            "12,5",
            "1e9",
            "NaN",
            "-1",
            "0",
            "100",
            "<script>alert(1)</script>",
            "'; DROP TABLE plans_plan; --",
            "\x00",
            "a\x01b\x1fc\x7f",
            "²٣１",
            "leder",
            "kommune",
            "foelgegruppe",
            "formand",
            "999999",
            "1",
            "budget",
            "forbrug",
            "finansiering",
            "interval",
            "tekst",
            "tkr",
        ]
    ),
)

FIELD_NAMES = [
    "file",
    "accept",
    "name",
    "area_name",
    "slug",
    "rule_set",
    "lbf_case_number",
    "period_start",
    "period_end",
    "status",
    "text",
    "baseline",
    "data_source",
    "party",
    "signer_name",
    "signer_title",
    "signed_on",
    "role",
    "organisation",
    "title",
    "share_percent",
    "hours_per_week",
    "kind",
    "focus_area",
    "purpose",
    "meeting_frequency",
    "responsibilities",
    "problem",
    "email",
    "valid_from",
    "valid_to",
    "grid",
    "areas",
    "number",
    "address",
    "cvr",
    "core_activity",
    "core_activity_text",
    "content",
    "responsible",
    "start",
    "end",
    "unit",
    "direction",
    "baseline_value",
    "baseline_period",
    "baseline_due",
    "baseline_note",
    "target_kind",
    "target_value",
    "target_year",
    "measured_when",
    "value",
    "achieved",
    "measured_on",
    "comment",
    "source",
    "label",
    "period",
    "due_date",
    "due_year",
    "due_quarter",
    "activity",
    "reached_on",
    "note",
    "heading",
    "group",
    "footnote",
    "target_value_max",
    "target_text",
    "target_group",
    "budget_caption",
    "budget_unit",
    "estate",
    "estates",
    "plan_estate",
    "parent",
]
payload = st.dictionaries(st.sampled_from(FIELD_NAMES), field_value, max_size=12)


def _form_urls(plan):
    area = plan.focus_areas.get()
    urls = [
        reverse("plans:plan_create"),
        reverse("plans:plan_edit", args=[plan.slug]),
        reverse("plans:focus_areas", args=[plan.slug]),
        reverse("plans:focus_area_edit", args=[plan.slug, area.slug]),
        reverse("plans:delaftale_create", args=[plan.slug]),
        reverse("plans:members", args=[plan.slug]),
        reverse("plans:member_edit", args=[plan.slug, plan.memberships.first().pk]),
        reverse("activities:budget", args=[plan.slug]),
        reverse("activities:budget_check", args=[plan.slug]),
        reverse("exchange:import_upload"),
        # The Word import: the upload form and the form accepting changes.
        reverse("reporting:word_import", args=[plan.slug, area.slug]),
        reverse("reporting:word_import_confirm", args=[plan.slug, area.slug]),
        # Next year's milepælsplan, proposed: a formset (issue 18).
        reverse("activities:milestone_plan_propose",
                kwargs={"slug": plan.slug, "year": plan.period_start.year + 1}),
    ]
    urls += [
        reverse("plans:agreement_section_edit", args=[plan.slug, key]) for key in AGREEMENT_SECTIONS
    ]
    urls += [
        reverse("plans:delaftale_section_edit", args=[plan.slug, area.slug, key])
        for key in DELAFTALE_SECTIONS
    ]
    for kind in row_kinds():
        urls.append(reverse(f"{kind}_create", kwargs=part_route_kwargs(plan, kind, "create")))
        urls.append(reverse(f"{kind}_edit", kwargs=part_route_kwargs(plan, kind, "edit")))
    return urls


def _row_counts():
    return {
        model.__name__: model.objects.count()
        for app in ("plans", "activities")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.mark.django_db
def test_generated_input_never_breaks_a_form_or_writes_on_error(filled_plan):
    leader = may_create_plans(MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user)
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    urls = _form_urls(filled_plan) + [reverse("plans:plan_parties", args=[filled_plan.slug])]

    @settings(
        max_examples=120,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        url=st.sampled_from(urls),
        data=payload,
        action=st.sampled_from(["", "add_party", "add_organisation", "add_estate"]),
    )
    def post_anything(url, data, action):
        if action:
            data = {
                **data,
                action: "1",
                **{f"{p}-{k}": v for p in ("party", "org", "estate") for k, v in data.items()},
            }
        with transaction.atomic():
            before = _row_counts()
            response = client.post(url, data)
            assert response.status_code < 500, f"{url} {data!r}"
            if response.status_code in (200, 400):
                assert _row_counts() == before, f"{url} wrote from invalid data {data!r}"
            transaction.set_rollback(True)

    post_anything()


# Pages whose form the generated-input test above does not post to, with the reason.
EXTRA_FORM_ROUTES = {
    "spreadsheets:import_upload": "a file upload; tests/reporting/test_spreadsheets_safety.py "
    "sends hostile files",
}


def _has_form(response) -> bool:
    from django.forms import BaseForm

    contexts = response.context or []
    if not isinstance(contexts, list):
        contexts = [contexts]
    return any(
        isinstance(value, BaseForm) for context in contexts for value in context.flatten().values()
    )


@pytest.mark.django_db
def test_every_page_with_a_form_gets_generated_input(victim_plan):
    """A new page with a form fails here until it is in `_form_urls` (or the list below)."""
    from django.urls import resolve

    from tests.test_routes import PLAN_ROUTES, _kwargs_for

    leader = victim_plan.memberships.filter(role=Membership.Role.LEADER).first().user
    client = Client(raise_request_exception=False)
    client.force_login(may_create_plans(leader))
    covered = {resolve(url.split("?")[0]).view_name for url in _form_urls(victim_plan)}
    covered |= {"plans:plan_parties", *EXTRA_FORM_ROUTES}
    missing = []
    for name in [*PLAN_ROUTES, "plans:plan_create"]:
        kwargs = _kwargs_for(name, victim_plan) if name in PLAN_ROUTES else {}
        response = client.get(reverse(name, kwargs=kwargs))
        if response.status_code == 200 and _has_form(response) and name not in covered:
            missing.append(name)
    assert not missing, f"Pages with a form that get no generated input: {missing}"
