"""Services tested without HTTP: one behaviour per test."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from plans import services
from plans.models import (
    Delaftale,
    FocusArea,
    Goal,
    Invitation,
    Membership,
    Plan,
    RuleSet,
    StrategicAgreement,
)
from tests.factories import (
    DelaftaleFactory,
    FocusAreaFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    PlanFactory,
    UserFactory,
)


def _new_plan(**overrides):
    values = {
        "name": "Boligsocial helhedsplan Testparken 2020-23",
        "area_name": "Testparken",
        "rule_set": RuleSet.objects.get(code="lbf-2015-18"),
        "period_start": datetime.date(2020, 4, 1),
        "period_end": datetime.date(2024, 3, 31),
    }
    values.update(overrides)
    return Plan(**values)


def test_plan_create_makes_the_creator_leader_and_starts_the_agreement(user):
    plan = services.plan_create(user=user, plan=_new_plan())

    assert plan.slug == "boligsocial-helhedsplan-testparken-2020-23"
    assert Membership.objects.get(plan=plan, user=user).role == Membership.Role.LEADER
    agreement = StrategicAgreement.objects.get(plan=plan)
    assert agreement.valid_from == plan.period_start
    # The rule set's sections, unwritten: the standard wording is offered, not printed.
    assert list(agreement.sections.values_list("key", flat=True))[:3] == [
        "bilag", "formaal", "strategier"
    ]
    assert not agreement.sections.exclude(text="").exists()


def test_plan_create_refuses_a_slug_that_is_taken(user):
    PlanFactory(slug="testparken")

    with pytest.raises(ValidationError) as error:
        services.plan_create(user=user, plan=_new_plan(slug="testparken"))

    assert "slug" in error.value.error_dict
    assert Plan.objects.filter(slug="testparken").count() == 1


def test_plan_create_refuses_a_period_that_ends_before_it_starts(user):
    with pytest.raises(ValidationError):
        services.plan_create(user=user, plan=_new_plan(period_end=datetime.date(2019, 1, 1)))

    assert not Plan.objects.exists()
    assert not Membership.objects.exists()


def test_plan_update_refuses_changing_rule_set_while_areas_exist(plan):
    FocusAreaFactory(plan=plan)
    plan.rule_set = RuleSet.objects.get(code="lbf-2019-26")

    with pytest.raises(ValidationError):
        services.plan_update(plan=plan, changed_fields=["rule_set"])

    assert Plan.objects.get(pk=plan.pk).rule_set.code == "lbf-2015-18"


def test_focus_areas_add_creates_areas_from_the_rule_set_once(plan):
    areas = list(plan.rule_set.areas.order_by("order")[:3])

    services.focus_areas_add(plan=plan, rule_set_areas=areas)
    services.focus_areas_add(plan=plan, rule_set_areas=areas[:1])

    assert [a.name for a in plan.focus_areas.all()] == [a.name for a in areas]
    assert [a.order for a in plan.focus_areas.all()] == [0, 1, 2]


def test_focus_areas_add_refuses_an_area_of_another_rule_set(plan):
    foreign = RuleSet.objects.get(code="lbf-2019-26").areas.first()

    with pytest.raises(ValidationError):
        services.focus_areas_add(plan=plan, rule_set_areas=[foreign])

    assert not plan.focus_areas.exists()


def test_local_plan_names_its_own_areas_and_refuses_duplicates(db):
    plan = PlanFactory(rule_set=RuleSet.objects.get(code="lokal"))

    services.focus_area_create_local(plan=plan, name="Børn og unge")
    with pytest.raises(ValidationError):
        services.focus_area_create_local(plan=plan, name="børn og unge")

    assert plan.focus_areas.get().slug == "boern-og-unge"


def test_lbf_plan_cannot_invent_its_own_area(plan):
    with pytest.raises(ValidationError):
        services.focus_area_create_local(plan=plan, name="Kaffeklub")

    assert not plan.focus_areas.exists()


def test_delaftale_create_starts_with_the_templates_sections_and_plan_period(plan):
    area = FocusAreaFactory(plan=plan)

    delaftale = services.delaftale_create(plan=plan, focus_area=area)

    assert delaftale.valid_from == plan.period_start
    assert "revision" in set(delaftale.sections.values_list("key", flat=True))


def test_delaftale_create_refuses_an_area_of_another_plan(plan):
    foreign_area = FocusAreaFactory()

    with pytest.raises(ValidationError):
        services.delaftale_create(plan=plan, focus_area=foreign_area)

    assert not Delaftale.objects.exists()


def test_delaftale_create_refuses_a_second_delaftale_for_one_area(plan):
    area = FocusAreaFactory(plan=plan)
    DelaftaleFactory(focus_area=area)

    with pytest.raises(ValidationError):
        services.delaftale_create(plan=plan, focus_area=area)

    assert Delaftale.objects.count() == 1


def test_ordered_move_swaps_neighbours_and_keeps_numbers_dense(plan):
    area = FocusAreaFactory(plan=plan)
    first, second, third = (GoalFactory(focus_area=area, order=n * 10) for n in range(3))

    services.ordered_move(instance=third, siblings=area.goals.all(), up=True)

    assert list(area.goals.values_list("pk", "order")) == [
        (first.pk, 0),
        (third.pk, 1),
        (second.pk, 2),
    ]


def test_ordered_move_at_the_top_changes_nothing(plan):
    area = FocusAreaFactory(plan=plan)
    first, second = GoalFactory(focus_area=area, order=0), GoalFactory(focus_area=area, order=1)

    services.ordered_move(instance=first, siblings=area.goals.all(), up=True)

    assert list(area.goals.values_list("pk", flat=True)) == [first.pk, second.pk]


def test_focus_area_delete_removes_goals_and_renumbers_the_rest(plan):
    first, second, third = (FocusAreaFactory(plan=plan, order=n) for n in range(3))
    GoalFactory(focus_area=second)

    services.focus_area_delete(area=second)

    assert not Goal.objects.exists()
    assert list(plan.focus_areas.values_list("pk", "order")) == [(first.pk, 0), (third.pk, 1)]


def test_party_add_refuses_the_same_organisation_twice(plan):
    org = OrganisationFactory()
    services.party_add(plan=plan, organisation=org, role="boligorganisation")

    with pytest.raises(ValidationError):
        services.party_add(plan=plan, organisation=org, role="andet")

    assert plan.parties.count() == 1


def test_estate_attach_reuses_an_estate_known_by_its_number(plan):
    org = OrganisationFactory()
    other_plan = PlanFactory()
    first = services.estate_attach(plan=plan, organisation=org, number="12", name="Parken")
    second = services.estate_attach(plan=other_plan, organisation=org, number="12", name="X")

    assert first == second
    assert list(plan.estates.all()) == [first]


def test_estate_attach_refuses_a_municipality_as_owner(plan):
    kommune = OrganisationFactory(kind="kommune")

    with pytest.raises(ValidationError):
        services.estate_attach(plan=plan, organisation=kommune, number="1", name="Parken")

    assert not plan.estates.exists()


def test_invite_never_adds_an_existing_user_without_their_consent(
    plan, leader, django_capture_on_commit_callbacks
):
    colleague = UserFactory(email="kollega@example.dk")

    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.membership_invite(
            plan=plan,
            email="Kollega@Example.dk",
            role="laeser",
            invited_by=leader,
            accept_url=lambda token: f"/invitation/{token}/",
        )

    assert outcome == "invited"
    assert not plan.memberships.filter(user=colleague).exists()
    assert mail.outbox[0].to == ["kollega@example.dk"]
    services.invitation_accept_as(invitation=Invitation.objects.get(), user=colleague)
    assert plan.memberships.get(user=colleague).role == "laeser"


def test_invite_emails_a_link_to_someone_without_a_login(
    plan, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = services.membership_invite(
            plan=plan,
            email="ny@example.dk",
            role="bestyrelse",
            invited_by=leader,
            accept_url=lambda token: f"http://testserver/invitation/{token}/",
        )

    invitation = Invitation.objects.get()
    assert outcome == "invited"
    assert mail.outbox[0].to == ["ny@example.dk"]
    assert invitation.token in mail.outbox[0].body


def test_invitation_accept_creates_login_and_membership_once(plan, leader):
    invitation = Invitation.objects.create(
        plan=plan, email="ny@example.dk", role="bestyrelse", token="t" * 40
    )

    user = services.invitation_accept(
        invitation=invitation, username="nyt-medlem", password="et-langt-kodeord-99"
    )
    with pytest.raises(ValidationError):
        services.invitation_accept(
            invitation=invitation, username="andet-navn", password="et-langt-kodeord-99"
        )

    assert plan.memberships.get(user=user).role == "bestyrelse"
    assert user.check_password("et-langt-kodeord-99")


def test_the_last_leader_cannot_be_removed_or_demoted(plan, leader):
    membership = plan.memberships.get(user=leader)

    with pytest.raises(ValidationError):
        services.membership_remove(membership=membership)
    with pytest.raises(ValidationError):
        services.membership_change_role(membership=membership, role="laeser")

    assert plan.memberships.get(user=leader).role == Membership.Role.LEADER


def test_a_leader_can_step_down_when_another_leader_remains(plan, leader):
    MembershipFactory(plan=plan, role=Membership.Role.LEADER)

    services.membership_change_role(membership=plan.memberships.get(user=leader), role="laeser")

    assert plan.memberships.get(user=leader).role == "laeser"


def test_focus_area_names_are_unique_within_a_plan_only(plan):
    FocusAreaFactory(plan=plan, name="Sundhed", slug="sundhed")
    FocusAreaFactory(name="Sundhed", slug="sundhed")

    assert FocusArea.objects.filter(name="Sundhed").count() == 2
