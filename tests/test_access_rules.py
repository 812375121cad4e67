"""Who may do what, and bounds on what a plan may be (issue 17, points 14 and 17-21)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from plans.models import Plan, RuleSet
from tests.factories import UserFactory, may_create_plans


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def _plan_data(**overrides):
    return {
        "name": "Helhedsplan Søndergård",
        "area_name": "Søndergård",
        "slug": "",
        "rule_set": RuleSet.objects.get(code="lbf-2019-26").pk,
        "lbf_case_number": "",
        "period_start": "2024-01-01",
        "period_end": "2027-12-31",
        **overrides,
    }


@pytest.fixture
def creator_client(db):
    client = Client(raise_request_exception=False)
    client.force_login(may_create_plans(UserFactory()))
    return client


# --- 14: a plan's period is bounded ---------------------------------------------------------------


@pytest.mark.parametrize("end", ["9999-12-31", "2034-01-01"])
def test_a_plan_of_more_than_ten_calendar_years_is_refused(end, creator_client):
    response = creator_client.post(reverse("plans:plan_create"), _plan_data(period_end=end))

    assert response.status_code == 400
    assert "højst 10 kalenderår" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_plan_of_ten_calendar_years_is_fine(creator_client):
    response = creator_client.post(
        reverse("plans:plan_create"), _plan_data(period_end="2033-12-31")
    )

    assert response.status_code == 302


def test_editing_a_plan_to_run_until_9999_is_refused(leader_client, plan):
    before = plan.period_end
    data = {
        "name": plan.name,
        "area_name": plan.area_name,
        "slug": plan.slug,
        "rule_set": plan.rule_set_id,
        "period_start": plan.period_start.isoformat(),
        "period_end": "9999-12-31",
        "status": plan.status,
    }

    response = leader_client.post(reverse("plans:plan_edit", args=[plan.slug]), data)

    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.period_end == before


# --- 18: creating plans is a right ---------------------------------------------------------------


def test_a_user_without_the_right_cannot_create_a_plan(db):
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())

    assert client.get(reverse("plans:plan_create")).status_code == 403
    assert client.post(reverse("plans:plan_create"), _plan_data()).status_code == 403
    assert not Plan.objects.exists()
    assert (
        reverse("plans:plan_create") not in client.get(reverse("plans:plan_list")).content.decode()
    )


def test_a_user_with_the_right_sees_the_button_and_becomes_leader(creator_client):
    assert (
        reverse("plans:plan_create")
        in creator_client.get(reverse("plans:plan_list")).content.decode()
    )

    response = creator_client.post(reverse("plans:plan_create"), _plan_data())

    assert response.status_code == 302
    assert Plan.objects.get().memberships.get().role == "leder"


def test_the_demo_leader_may_create_plans_and_the_others_may_not(db):
    from reporting.management.commands.load_demo import demo_users

    users = demo_users()

    assert users["leder"].has_perm("plans.add_plan")
    assert not any(users[name].has_perm("plans.add_plan") for name in users if name != "leder")


# --- 20: reserved short names ---------------------------------------------------------------------


def test_reserved_names_include_every_literal_first_segment_of_the_addresses():
    from plans.reserved import reserved_slugs

    assert {"ny", "portefoelje", "admin"} <= reserved_slugs()
    assert {"konto", "planer", "sundhed", "invitation", "i18n"} <= reserved_slugs()


@pytest.mark.parametrize("slug", sorted({"ny", "portefoelje", "admin", "konto", "planer"}))
def test_a_plan_cannot_take_a_reserved_short_name(slug, creator_client):
    response = creator_client.post(reverse("plans:plan_create"), _plan_data(slug=slug))

    assert response.status_code == 400
    assert "adresserne bruger" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_plan_named_ny_gets_a_short_name_that_is_not_reserved(creator_client):
    creator_client.post(reverse("plans:plan_create"), _plan_data(name="Ny"))

    assert Plan.objects.get().slug != "ny"


# --- 21: organisations ----------------------------------------------------------------------------


def _parties_page(client, plan):
    return client.get(reverse("plans:plan_parties", args=[plan.slug])).content.decode()


def test_an_organisation_a_leader_creates_belongs_to_that_plan_only(plan, leader_client, outsider):
    from plans.models import Organisation
    from tests.factories import OrganisationFactory

    shared = OrganisationFactory(name="Testby Kommune", kind="kommune")
    response = leader_client.post(
        reverse("plans:plan_parties", args=[plan.slug]),
        {"add_organisation": "1", "org-name": "Fonden for Gården", "org-kind": "andet"},
    )
    assert response.status_code == 302
    own = Organisation.objects.get(name="Fonden for Gården")
    assert own.plan == plan

    other_plan = outsider.plan_memberships.get().plan
    other = Client()
    other.force_login(outsider)
    other_page = _parties_page(other, other_plan)
    assert shared.name in other_page
    assert "Fonden for Gården" not in other_page
    assert "Fonden for Gården" in _parties_page(leader_client, plan)


def test_another_plans_organisation_cannot_be_chosen_by_its_id(plan, leader_client, outsider):
    from tests.factories import OrganisationFactory

    other_plan = outsider.plan_memberships.get().plan
    theirs = OrganisationFactory(name="Deres Fond", kind="boligorganisation", plan=other_plan)

    for data in (
        {"add_party": "1", "party-organisation": theirs.pk, "party-role": "andet"},
        {
            "add_estate": "1",
            "estate-organisation": theirs.pk,
            "estate-number": "7",
            "estate-name": "Gården",
        },
    ):
        response = leader_client.post(reverse("plans:plan_parties", args=[plan.slug]), data)
        assert response.status_code == 400

    assert not plan.parties.exists() and not plan.estates.exists()


def test_the_same_name_may_exist_in_two_plans_but_not_twice_in_one(plan, leader_client, outsider):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Fonden", kind="andet", plan=outsider.plan_memberships.get().plan)
    url = reverse("plans:plan_parties", args=[plan.slug])
    data = {"add_organisation": "1", "org-name": "Fonden", "org-kind": "andet"}

    assert leader_client.post(url, data).status_code == 302
    assert leader_client.post(url, data).status_code == 400


# --- 17: inviting tells nothing about accounts and adds nobody without consent ------------------


def _invite(client, plan, email):
    return client.post(
        reverse("plans:members", args=[plan.slug]),
        {"email": email, "role": "laeser"},
        follow=True,
    )


def test_inviting_an_address_with_and_without_an_account_looks_the_same(
    plan, leader_client, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="kollega@example.dk")

    with django_capture_on_commit_callbacks(execute=True):
        known = _invite(leader_client, plan, "kollega@example.dk")
        unknown = _invite(leader_client, plan, "ny@example.dk")

    def visible(response):
        return [str(m) for m in response.context["messages"]], response.status_code

    assert visible(known) == visible(unknown)
    assert not plan.memberships.filter(user=colleague).exists()
    assert sorted(plan.invitations.values_list("email", flat=True)) == [
        "kollega@example.dk",
        "ny@example.dk",
    ]


def test_an_existing_user_joins_only_by_accepting_signed_in(plan, leader_client):
    from django.core import mail

    colleague = UserFactory(email="kollega@example.dk")
    _invite(leader_client, plan, "kollega@example.dk")
    invitation = plan.invitations.get()
    client = Client()
    client.force_login(colleague)
    url = reverse("invitation_accept", args=[invitation.token])

    page = client.get(url)
    assert page.status_code == 200
    assert not plan.memberships.filter(user=colleague).exists()

    response = client.post(url, {"accept": "1"})

    assert response.status_code == 302
    assert plan.memberships.get(user=colleague).role == "laeser"
    assert client.post(url, {"accept": "1"}).status_code == 404  # used up
    assert len(mail.outbox) <= 1


# --- 19: invitations expire and can be withdrawn; password reset is throttled --------------------


def _age(invitation, days):
    import datetime

    from plans.models import Invitation

    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=invitation.created_at - datetime.timedelta(days=days)
    )


def test_an_invitation_expires_after_14_days(plan, leader):
    from plans.models import Invitation

    invitation = Invitation.objects.create(
        plan=plan, email="n@example.dk", role="laeser", token="t1"
    )
    _age(invitation, 14)
    url = reverse("invitation_accept", args=["t1"])
    client = Client()

    assert client.get(url).status_code == 410
    response = client.post(
        url,
        {"username": "ny", "password1": "et-langt-kodeord-99", "password2": "et-langt-kodeord-99"},
    )

    assert response.status_code == 410
    assert "udløbet" in response.content.decode()
    assert not plan.memberships.filter(user__username="ny").exists()


def test_an_invitation_13_days_old_still_works(plan, leader):
    from plans.models import Invitation

    invitation = Invitation.objects.create(
        plan=plan, email="n@example.dk", role="laeser", token="t2"
    )
    _age(invitation, 13)

    assert Client().get(reverse("invitation_accept", args=["t2"])).status_code == 200


def test_an_expired_invitation_can_be_sent_again(plan, leader_client):
    _invite(leader_client, plan, "n@example.dk")
    _age(plan.invitations.get(), 15)

    _invite(leader_client, plan, "n@example.dk")

    assert plan.invitations.count() == 1
    assert not plan.invitations.get().is_expired


def test_a_withdrawn_invitation_no_longer_works(plan, leader_client):
    _invite(leader_client, plan, "n@example.dk")
    invitation = plan.invitations.get()

    leader_client.post(reverse("plans:invitation_withdraw", args=[plan.slug, invitation.pk]))

    assert Client().get(reverse("invitation_accept", args=[invitation.token])).status_code == 404


def test_password_reset_is_throttled_per_address(db):
    from django.core import mail

    UserFactory(email="glemsom@example.dk")
    client = Client()

    for n in range(30):
        response = client.post(
            reverse("password_reset"),
            {"email": "glemsom@example.dk" if n % 2 else "GLEMSOM@example.dk"},
        )
        assert response.status_code == 302

    assert len(mail.outbox) == 3


def test_password_reset_is_throttled_per_account(db):
    from django.core import mail

    user = UserFactory(email="a@example.dk")
    client = Client()
    for _ in range(3):
        client.post(reverse("password_reset"), {"email": "a@example.dk"})
    user.email = "b@example.dk"
    user.save()

    client.post(reverse("password_reset"), {"email": "b@example.dk"})

    assert len(mail.outbox) == 3


def test_a_throttled_address_does_not_hold_back_another(db):
    from django.core import mail

    UserFactory(email="a@example.dk")
    UserFactory(email="c@example.dk")
    client = Client()
    for _ in range(5):
        client.post(reverse("password_reset"), {"email": "a@example.dk"})

    client.post(reverse("password_reset"), {"email": "c@example.dk"})

    assert [m.to for m in mail.outbox][-1] == ["c@example.dk"]
    assert len(mail.outbox) == 4


# --- 14: every list a page renders is bounded ----------------------------------------------------


def test_every_kind_of_row_stops_at_the_list_limit(filled_plan, settings):
    """filled_plan has one row of every kind; with a limit of one, no kind takes another.
    A new kind of row has routes and so is in this test."""
    from plans.models import Membership
    from tests.factories import MembershipFactory
    from tests.plan_rows import part_route_kwargs, row_kinds
    from tests.test_routes import _snapshot

    settings.MAX_ROWS_PER_LIST = 1
    leader = MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    for kind in row_kinds():
        url = reverse(f"{kind}_create", kwargs=part_route_kwargs(filled_plan, kind, "create"))
        before = _snapshot(filled_plan)
        response = client.post(url, {"text": "x", "name": "x", "title": "x"})
        assert response.status_code == 400, kind
        assert _snapshot(filled_plan) == before, kind
        if kind == "plans:maal":  # valid input: only the limit refuses it
            assert "det højeste den kan rumme" in response.content.decode()


def test_invitations_and_own_organisations_stop_at_the_list_limit(plan, leader_client, settings):
    settings.MAX_ROWS_PER_LIST = 2
    for n in range(3):
        _invite(leader_client, plan, f"n{n}@example.dk")
        leader_client.post(
            reverse("plans:plan_parties", args=[plan.slug]),
            {"add_organisation": "1", "org-name": f"Fond {n}", "org-kind": "andet"},
        )

    assert plan.invitations.count() == 2
    assert plan.own_organisations.count() == 2
