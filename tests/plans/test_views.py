"""Views: status, redirects, content, permissions and bad input (a Danish message, no write)."""

import pytest
from django.urls import reverse

from plans.models import (
    Delaftale,
    FocusArea,
    Forum,
    Goal,
    Membership,
    Plan,
    Signature,
    StaffResource,
)
from tests.factories import (
    DelaftaleFactory,
    FocusAreaFactory,
    GoalFactory,
    PlanPartyFactory,
    may_create_plans,
)
from tests.plan_rows import section_edit  # noqa: E402

DANISH_NOTHING_SAVED = "Intet blev gemt"


COMPOSED_PAGES = {"agreement_detail", "focus_area_detail", "delaftale_detail", "plan_detail"}


def _plan_url(name, plan, **kwargs):
    namespace = "activities" if name in COMPOSED_PAGES else "plans"
    return reverse(f"{namespace}:{name}", kwargs={"slug": plan.slug, **kwargs})


def test_anonymous_user_is_sent_to_sign_in(client, plan):
    response = client.get(_plan_url("plan_detail", plan))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_plan_list_shows_only_my_plans(leader_client, plan, outsider):
    other = outsider.plan_memberships.get().plan

    response = leader_client.get(reverse("plans:plan_list"))

    assert plan.name in response.content.decode()
    assert other.name not in response.content.decode()


def test_outsider_gets_404_for_a_plan(outsider_client, plan):
    assert outsider_client.get(_plan_url("plan_detail", plan)).status_code == 404


def test_reader_can_read_but_not_edit_the_agreement(reader_client, plan):
    assert reader_client.get(_plan_url("agreement_detail", plan)).status_code == 200
    section = plan.agreement.sections.get(key="formaal")
    response = reader_client.post(*section_edit(section, "Nyt"))

    assert response.status_code == 403
    section.refresh_from_db()
    assert section.text == ""


def test_board_member_cannot_add_a_goal(board_client, plan):
    area = FocusAreaFactory(plan=plan)

    response = board_client.post(_plan_url("maal_create", plan, parent=area.pk), {"text": "Et mål"})

    assert response.status_code == 403
    assert not Goal.objects.exists()


def test_reader_sees_no_edit_links(reader_client, plan):
    content = reader_client.get(_plan_url("agreement_detail", plan)).content.decode()

    assert reverse("plans:agreement_section_edit", args=[plan.slug, "gyldighed"]) not in content
    section = plan.agreement.sections.get(key="formaal")
    assert section_edit(section, "")[0] not in content


def test_leader_creates_a_plan_and_is_taken_to_choose_areas(client, user):
    client.force_login(may_create_plans(user))

    response = client.post(
        reverse("plans:plan_create"),
        {
            "name": "Helhedsplan Søndergård 2024-27",
            "area_name": "Søndergård",
            "slug": "",
            "rule_set": _rule_set_id("lbf-2019-26"),
            "lbf_case_number": "",
            "period_start": "2024-01-01",
            "period_end": "2027-12-31",
        },
    )

    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:focus_areas", args=[plan.slug])
    assert plan.slug == "helhedsplan-soendergaard-2024-27"
    assert plan.memberships.get().role == Membership.Role.LEADER


def _rule_set_id(code):
    from plans.models import RuleSet

    return RuleSet.objects.get(code=code).pk


def test_plan_with_end_before_start_gets_a_danish_message_and_nothing_is_saved(client, user):
    client.force_login(may_create_plans(user))

    response = client.post(
        reverse("plans:plan_create"),
        {
            "name": "Planen",
            "area_name": "Parken",
            "rule_set": _rule_set_id("lbf-2015-18"),
            "period_start": "2024-01-01",
            "period_end": "2023-01-01",
        },
    )

    assert response.status_code == 400
    assert "Perioden skal slutte efter, at den er begyndt." in response.content.decode()
    assert not Plan.objects.exists()


def test_a_100_kb_title_is_refused_in_danish(client, user):
    client.force_login(may_create_plans(user))

    response = client.post(
        reverse("plans:plan_create"),
        {
            "name": "x" * 100_000,
            "area_name": "Parken",
            "rule_set": _rule_set_id("lbf-2015-18"),
            "period_start": "2020-01-01",
            "period_end": "2023-12-31",
        },
    )

    assert response.status_code == 400
    assert "højst have 200 tegn" in response.content.decode()
    assert not Plan.objects.exists()


def test_empty_goal_is_refused_in_danish(leader_client, plan):
    area = FocusAreaFactory(plan=plan)

    response = leader_client.post(_plan_url("maal_create", plan, parent=area.pk), {"text": "  "})

    assert response.status_code == 400
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not Goal.objects.exists()


def test_goal_is_appended_at_the_end(leader_client, plan):
    area = FocusAreaFactory(plan=plan)
    GoalFactory(focus_area=area, order=0)

    response = leader_client.post(
        _plan_url("maal_create", plan, parent=area.pk), {"text": "Flere unge i job"}
    )

    assert response.status_code == 302
    assert area.goals.last().text == "Flere unge i job"
    assert area.goals.last().order == 1


def test_delaftale_for_an_area_the_plan_has_not_chosen_is_refused(leader_client, plan, outsider):
    foreign_area = FocusAreaFactory(plan=outsider.plan_memberships.get().plan)

    response = leader_client.post(
        _plan_url("delaftale_create", plan), {"focus_area": foreign_area.pk}
    )

    assert response.status_code == 400
    assert "Vælg et af planens indsatsområder" in response.content.decode()
    assert not Delaftale.objects.exists()


def test_delaftale_is_created_for_a_chosen_area(leader_client, plan):
    area = FocusAreaFactory(plan=plan)

    response = leader_client.post(_plan_url("delaftale_create", plan), {"focus_area": area.pk})

    assert response.status_code == 302
    assert Delaftale.objects.get().focus_area == area


def test_signature_for_a_foreign_plans_party_is_refused(leader_client, plan, outsider):
    foreign_party = PlanPartyFactory(plan=outsider.plan_memberships.get().plan)

    response = leader_client.post(
        _plan_url("underskrifter_create", plan, parent=plan.agreement.pk),
        {"party": foreign_party.pk, "signer_name": "Falsk Underskriver", "signed_on": ""},
    )

    assert response.status_code == 400
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not Signature.objects.exists()


def test_forum_cannot_point_at_a_foreign_focus_area(leader_client, plan, outsider):
    foreign_area = FocusAreaFactory(plan=outsider.plan_memberships.get().plan)

    response = leader_client.post(
        _plan_url("fora_create", plan),
        {
            "name": "Følgegruppe",
            "kind": "foelgegruppe",
            "focus_area": foreign_area.pk,
        },
    )

    assert response.status_code == 400
    assert not Forum.objects.exists()


def test_editing_a_goal_of_another_plan_through_my_plan_is_404(leader_client, plan, outsider):
    foreign_goal = GoalFactory(
        focus_area=FocusAreaFactory(plan=outsider.plan_memberships.get().plan)
    )

    response = leader_client.post(
        _plan_url("maal_edit", plan, pk=foreign_goal.pk), {"text": "Overtaget"}
    )

    assert response.status_code == 404
    foreign_goal.refresh_from_db()
    assert foreign_goal.text != "Overtaget"


def test_staff_resource_needs_either_percent_or_hours(leader_client, plan):
    delaftale = DelaftaleFactory(focus_area=FocusAreaFactory(plan=plan))
    url = _plan_url("medarbejderressourcer_create", plan, parent=delaftale.pk)

    both = leader_client.post(
        url, {"role": "Netværksmedarbejder", "share_percent": "75", "hours_per_week": "10"}
    )
    ok = leader_client.post(url, {"role": "Bibliotekar", "hours_per_week": "3"})

    assert both.status_code == 400
    assert "Angiv enten en andel i procent eller timer pr. uge." in both.content.decode()
    assert ok.status_code == 302
    assert list(StaffResource.objects.values_list("role", flat=True)) == ["Bibliotekar"]


def test_agreement_validity_that_ends_before_it_starts_is_refused(leader_client, plan):
    response = leader_client.post(
        _plan_url("agreement_section_edit", plan, section="gyldighed"),
        {"valid_from": "2022-01-01", "valid_to": "2021-01-01"},
    )

    assert response.status_code == 400
    plan.agreement.refresh_from_db()
    assert plan.agreement.valid_to is None


def test_unknown_agreement_section_is_404(leader_client, plan):
    response = leader_client.get(_plan_url("agreement_section_edit", plan, section="hemmelig"))

    assert response.status_code == 404


def test_prose_is_escaped_and_bullets_become_a_list(leader_client, plan):
    section = plan.agreement.sections.get(key="formaal")
    leader_client.post(
        *section_edit(section, "Vores mål:\n- Tryghed\n- <script>alert(1)</script>")
    )

    content = leader_client.get(_plan_url("agreement_detail", plan)).content.decode()

    assert "<li>Tryghed</li>" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content


def test_area_content_entered_once_shows_in_agreement_and_delaftale(leader_client, plan):
    area = FocusAreaFactory(plan=plan, problem="Få unge har fritidsjob.")
    DelaftaleFactory(focus_area=area)

    agreement = leader_client.get(_plan_url("agreement_detail", plan)).content.decode()
    delaftale = leader_client.get(_plan_url("delaftale_detail", plan, area=area.slug))

    assert "Få unge har fritidsjob." in agreement
    assert "Få unge har fritidsjob." in delaftale.content.decode()


def test_money_is_typed_and_shown_in_danish_format(leader_client, plan):
    from plans.models import FinancingLine

    area = FocusAreaFactory(plan=plan)
    DelaftaleFactory(focus_area=area)
    lbf = FinancingLine.objects.create(plan=plan, kind="lbf", name="LBF", focus_area=area)
    local = FinancingLine.objects.create(plan=plan, kind="kommune", name="Kommune", focus_area=area)

    leader_client.post(
        reverse("activities:budget", args=[plan.slug]),
        {
            "grid": "finansiering",
            f"f-{lbf.pk}-2020": "2.701.000",
            f"f-{local.pk}-2021": "849.000 kr.",
        },
    )
    content = _plan_url("delaftale_detail", plan, area=area.slug)

    assert "3.550.000 kr." in leader_client.get(content).content.decode()


def test_leader_chooses_areas_of_the_rule_set(leader_client, plan):
    ids = list(plan.rule_set.areas.values_list("pk", flat=True)[:3])

    response = leader_client.post(_plan_url("focus_areas", plan), {"areas": ids})

    assert response.status_code == 302
    assert plan.focus_areas.count() == 3


def test_choosing_an_area_of_another_rule_set_is_refused(leader_client, plan):
    from plans.models import RuleSetArea

    foreign = RuleSetArea.objects.exclude(rule_set=plan.rule_set).first()

    response = leader_client.post(_plan_url("focus_areas", plan), {"areas": [foreign.pk]})

    assert response.status_code == 400
    assert not FocusArea.objects.filter(plan=plan).exists()


def test_delete_asks_first_and_then_deletes(leader_client, plan):
    goal = GoalFactory(focus_area=FocusAreaFactory(plan=plan))
    url = _plan_url("maal_delete", plan, pk=goal.pk)

    confirm = leader_client.get(url)
    assert confirm.status_code == 200 and Goal.objects.exists()
    leader_client.post(url)

    assert not Goal.objects.exists()


def test_move_needs_post(leader_client, plan):
    goal = GoalFactory(focus_area=FocusAreaFactory(plan=plan))

    response = leader_client.get(_plan_url("maal_move", plan, pk=goal.pk, direction="op"))

    assert response.status_code == 405


def test_leader_invites_and_removes_a_member(leader_client, plan, reader):
    membership = plan.memberships.get(user=reader)

    response = leader_client.post(_plan_url("member_remove", plan, pk=membership.pk))

    assert response.status_code == 302
    assert not plan.memberships.filter(user=reader).exists()


def test_reader_cannot_invite(reader_client, plan):
    response = reader_client.post(
        _plan_url("members", plan), {"email": "x@example.dk", "role": "leder"}
    )

    assert response.status_code == 403
    assert not plan.invitations.exists()


def test_invitation_link_creates_login_and_opens_the_plan(client, plan, leader):
    from plans.models import Invitation

    Invitation.objects.create(plan=plan, email="ny@example.dk", role="laeser", token="abc" * 10)

    response = client.post(
        reverse("invitation_accept", args=["abc" * 10]),
        {
            "username": "nybruger",
            "password1": "et-langt-kodeord-99",
            "password2": "et-langt-kodeord-99",
        },
    )

    assert response.status_code == 302
    assert response.url == plan.get_absolute_url()
    assert client.get(response.url).status_code == 200


def test_unknown_invitation_token_is_404(client, db):
    assert client.get(reverse("invitation_accept", args=["ukendt"])).status_code == 404


@pytest.mark.parametrize("language, heading", [("da", "Mine planer"), ("en", "My plans")])
def test_language_switch_changes_the_interface(leader_client, language, heading):
    leader_client.post(reverse("set_language"), {"language": language, "next": "/"})

    assert heading in leader_client.get(reverse("plans:plan_list")).content.decode()


def test_the_interface_is_danish_whatever_the_browser_asks_for(leader_client):
    page = leader_client.get(reverse("plans:plan_list"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert "Mine planer" in page.content.decode()

    leader_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = leader_client.get(reverse("plans:plan_list"), HTTP_ACCEPT_LANGUAGE="da")
    assert "My plans" in page.content.decode()  # chosen with the switcher


def test_an_unknown_language_cookie_gives_danish(leader_client):
    leader_client.cookies["django_language"] = "xx"
    assert "Mine planer" in leader_client.get(reverse("plans:plan_list")).content.decode()
