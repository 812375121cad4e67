"""Boligafdelinger with a status per plan, time split across them, values per afdeling, people
known by their role and the fora's hierarchy: services, forms and the leder's screens."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import Activity, CriterionEstateValue
from plans import services
from plans.models import (
    DelaftaleParty,
    EstateShare,
    Forum,
    ForumMember,
    HousingEstate,
    PlanEstate,
    Signature,
    StaffMember,
)
from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    OrganisationFactory,
    PlanFactory,
    PlanPartyFactory,
    StaffResourceFactory,
)

NEITHER = "Angiv et navn, eller en rolle eller organisation"


def _url(name, plan, **kwargs):
    """A route of plans, or of another app when `name` says so ("activities:…")."""
    name = name if ":" in name else f"plans:{name}"
    return reverse(name, kwargs={"slug": plan.slug, **kwargs})


@pytest.fixture
def delaftale(plan):
    return DelaftaleFactory(focus_area=FocusAreaFactory(plan=plan))


@pytest.fixture
def estates(plan):
    for name in ("Akacieparken", "Lukretiavej", "Valbyparken"):
        services.estate_attach(plan=plan, name=name)
    return list(plan.plan_estates.select_related("estate"))


# --- Afdelinger ------------------------------------------------------------------------------


def test_an_afdeling_needs_only_a_name_and_keeps_the_status_the_plan_states(plan):
    services.estate_attach(plan=plan, name="Sydhaven", status="  Udsat boligområde ")

    row = plan.plan_estates.get()
    assert (row.estate.name, row.estate.number, row.estate.organisation, row.status) == (
        "Sydhaven", "", None, "Udsat boligområde"
    )


def test_the_status_belongs_to_the_plan_not_to_the_afdeling(plan):
    owner = OrganisationFactory()
    services.estate_attach(plan=plan, name="Parken", number="7", organisation=owner,
                           status="Særligt udsat boligområde")
    later = PlanFactory()
    services.estate_attach(plan=later, name="Parken", number="7", organisation=owner)

    assert HousingEstate.objects.count() == 1
    assert plan.plan_estates.get().status == "Særligt udsat boligområde"
    assert later.plan_estates.get().status == ""


def test_an_afdeling_is_attached_once(plan):
    owner = OrganisationFactory()
    services.estate_attach(plan=plan, name="Parken", number="7", organisation=owner)
    with pytest.raises(ValidationError, match="allerede en del af planen"):
        services.estate_attach(plan=plan, name="Parken", number="7", organisation=owner)
    assert plan.plan_estates.count() == 1


def test_the_leder_adds_an_afdeling_without_number_or_owner(leader_client, plan):
    response = leader_client.post(
        _url("plan_parties", plan),
        {"add_estate": "1", "estate-name": "Rækkehusene", "estate-status": "Forebyggelsesområde"},
    )

    assert response.status_code == 302
    assert plan.plan_estates.get().status == "Forebyggelsesområde"
    page = leader_client.get(_url("plan_parties", plan)).content.decode()
    assert "Rækkehusene" in page and "Forebyggelsesområde" in page
    assert 'list="id_estate-status-forslag"' in page and "Særligt udsat boligområde" in page


def test_the_leder_changes_an_afdelings_status(leader_client, plan, estates):
    row = estates[0]
    response = leader_client.post(_url("boligafdelinger_edit", plan, pk=row.pk),
                                  {"status": "Udsat boligområde"})

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "Udsat boligområde"


def test_an_afdeling_of_the_plan_cannot_be_chosen_again(leader_client, plan, estates):
    response = leader_client.post(_url("boligafdelinger_create", plan),
                                  {"estate": estates[0].estate_id, "status": ""})

    assert response.status_code == 400
    assert "ikke allerede er med i planen" in response.content.decode()
    assert plan.plan_estates.count() == 3


def test_a_reader_cannot_change_an_afdeling(reader_client, plan, estates):
    response = reader_client.post(_url("boligafdelinger_edit", plan, pk=estates[0].pk),
                                  {"status": "Udsat boligområde"})
    assert response.status_code == 403
    assert PlanEstate.objects.get(pk=estates[0].pk).status == ""


# --- An activity's afdelinger ----------------------------------------------------------------


def test_an_activity_says_which_afdelinger_it_covers(leader_client, plan, delaftale, estates):
    response = leader_client.post(
        _url("activities:aktiviteter_create", plan, parent=delaftale.pk),
        {"name": "Lektiecafé", "status": "planlagt", "estates": [estates[0].pk, estates[2].pk]},
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert set(activity.estates.all()) == {estates[0], estates[2]}


def test_an_activity_cannot_cover_another_plans_afdeling(leader_client, plan, delaftale):
    other = PlanFactory()
    services.estate_attach(plan=other, name="Fremmed")
    services.estate_attach(plan=plan, name="Egen")
    response = leader_client.post(
        _url("activities:aktiviteter_create", plan, parent=delaftale.pk),
        {"name": "Lektiecafé", "status": "planlagt", "estates": [other.plan_estates.get().pk]},
    )

    assert response.status_code == 400
    assert "Vælg blandt planens boligafdelinger" in response.content.decode()
    assert not Activity.objects.exists()


# --- Time split across afdelinger ------------------------------------------------------------


def test_a_staff_resource_splits_its_time_across_afdelinger(leader_client, plan, delaftale,
                                                           estates):
    resource = StaffResourceFactory(delaftale=delaftale)
    for row, share in zip(estates, (50, 30, 20), strict=True):
        response = leader_client.post(
            _url("ressourcefordeling_create", plan, parent=resource.pk),
            {"plan_estate": row.pk, "share_percent": share},
        )
        assert response.status_code == 302

    assert [(s.plan_estate.estate.name, s.share_percent) for s in resource.estate_shares.all()] \
        == [("Akacieparken", 50), ("Lukretiavej", 30), ("Valbyparken", 20)]
    page = leader_client.get(
        reverse("activities:delaftale_detail", args=[plan.slug, delaftale.focus_area.slug])
    ).content.decode()
    assert "Akacieparken: 50 %" in page


def test_shares_above_100_percent_are_refused_in_danish(leader_client, plan, estates):
    member = StaffMember.objects.create(plan=plan, title="Boligsocial leder")
    EstateShare.objects.create(plan_estate=estates[0], staff_member=member, share_percent=80)

    response = leader_client.post(
        _url("sekretariatsfordeling_create", plan, parent=member.pk),
        {"plan_estate": estates[1].pk, "share_percent": 30},
    )

    assert response.status_code == 400
    assert "mere end 100 %" in response.content.decode()
    assert member.estate_shares.count() == 1


def test_an_afdeling_gets_one_share_per_person(leader_client, plan, estates):
    member = StaffMember.objects.create(plan=plan, title="Boligsocial leder")
    EstateShare.objects.create(plan_estate=estates[0], staff_member=member, share_percent=20)

    response = leader_client.post(
        _url("sekretariatsfordeling_create", plan, parent=member.pk),
        {"plan_estate": estates[0].pk, "share_percent": 30},
    )

    assert response.status_code == 400
    assert "har allerede en andel" in response.content.decode()


def test_a_share_cannot_point_at_another_plans_afdeling(leader_client, plan, estates):
    other = PlanFactory()
    services.estate_attach(plan=other, name="Fremmed")
    member = StaffMember.objects.create(plan=plan, title="Boligsocial leder")

    response = leader_client.post(
        _url("sekretariatsfordeling_create", plan, parent=member.pk),
        {"plan_estate": other.plan_estates.get().pk, "share_percent": 30},
    )

    assert response.status_code == 400
    assert not EstateShare.objects.exists()


# --- A criterion's values per afdeling -------------------------------------------------------


def test_a_criterion_has_a_baseline_and_target_per_afdeling(leader_client, plan, delaftale,
                                                            estates):
    criterion = ActivityCriterionFactory(activity=ActivityFactory(delaftale=delaftale),
                                         kind="procent")
    response = leader_client.post(
        _url("activities:afdelingsvaerdier_create", plan, parent=criterion.pk),
        {"plan_estate": estates[1].pk, "baseline_value": "61,5", "target_value": "70"},
    )

    assert response.status_code == 302
    value = criterion.estate_values.get()
    assert (value.plan_estate, str(value.baseline_value), str(value.target_value)) == (
        estates[1], "61.50", "70.00"
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({"baseline_value": "", "target_value": ""}, "Angiv en baseline, et mål eller begge"),
        ({"baseline_value": "120", "target_value": ""}, "En procentdel ligger mellem 0 og 100"),
    ],
)
def test_bad_values_per_afdeling_are_refused_in_danish(leader_client, plan, delaftale, estates,
                                                       data, message):
    criterion = ActivityCriterionFactory(activity=ActivityFactory(delaftale=delaftale),
                                         kind="procent")
    response = leader_client.post(
        _url("activities:afdelingsvaerdier_create", plan, parent=criterion.pk),
        {"plan_estate": estates[0].pk, **data},
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CriterionEstateValue.objects.exists()


# --- People known by their role --------------------------------------------------------------


@pytest.mark.parametrize(
    "kind, parent, data, model",
    [
        ("delaftaleparter", "delaftale", {"title": "Repræsentant for beboerne"}, DelaftaleParty),
        ("delaftaleparter", "delaftale", {"organisation": "Midtby Kommune, SSP"}, DelaftaleParty),
        ("forummedlemmer", "forum", {"title": "Repræsentant for afdelingen", "role": "medlem"},
         ForumMember),
        ("forummedlemmer", "forum", {"name": "N.N.", "role": "formandskab"}, ForumMember),
    ],
)
def test_a_person_may_be_known_by_role_or_organisation_alone(leader_client, plan, delaftale,
                                                             kind, parent, data, model):
    forum = Forum.objects.create(plan=plan, name="Bestyrelsen", kind="bestyrelse")
    parent_pk = {"delaftale": delaftale.pk, "forum": forum.pk}[parent]

    response = leader_client.post(_url(f"{kind}_create", plan, parent=parent_pk), data)

    assert response.status_code == 302
    assert model.objects.count() == 1


@pytest.mark.parametrize("kind, parent", [("delaftaleparter", "delaftale"),
                                          ("forummedlemmer", "forum")])
def test_a_person_known_by_nothing_is_refused_in_danish(leader_client, plan, delaftale, kind,
                                                        parent):
    forum = Forum.objects.create(plan=plan, name="Bestyrelsen", kind="bestyrelse")
    parent_pk = {"delaftale": delaftale.pk, "forum": forum.pk}[parent]

    response = leader_client.post(_url(f"{kind}_create", plan, parent=parent_pk),
                                  {"name": " ", "title": "", "organisation": "", "role": "medlem"})

    assert response.status_code == 400
    assert NEITHER in response.content.decode()
    assert not DelaftaleParty.objects.exists() and not ForumMember.objects.exists()


def test_a_delaftale_party_with_a_name_only_still_needs_a_role_or_organisation(
    leader_client, plan, delaftale
):
    response = leader_client.post(_url("delaftaleparter_create", plan, parent=delaftale.pk),
                                  {"name": "Mette Borg"})
    assert response.status_code == 400
    assert NEITHER in response.content.decode()


def test_secretariat_member_and_signature_need_no_name(leader_client, plan):
    party = PlanPartyFactory(plan=plan)
    assert leader_client.post(_url("sekretariat_create", plan),
                              {"title": "Boligsocial medarbejder"}).status_code == 302
    assert leader_client.post(
        _url("underskrifter_create", plan, parent=plan.agreement.pk),
        {"party": party.pk, "signer_title": "Borgmester"},
    ).status_code == 302
    assert StaffMember.objects.get().name == ""
    assert Signature.objects.get().signer_name == ""


# --- The fora's hierarchy --------------------------------------------------------------------


def test_a_forum_sits_under_another(leader_client, plan):
    board = Forum.objects.create(plan=plan, name="Bestyrelsen", kind="bestyrelse")
    response = leader_client.post(_url("fora_create", plan),
                                  {"name": "Følgegruppen", "kind": "foelgegruppe",
                                   "parent": board.pk})

    assert response.status_code == 302
    assert Forum.objects.get(name="Følgegruppen").parent == board
    page = leader_client.get(_url("organisation", plan)).content.decode()
    assert "Hører under Bestyrelsen" in page


def test_a_forum_cannot_sit_under_one_below_it(leader_client, plan):
    top = Forum.objects.create(plan=plan, name="Bestyrelsen", kind="bestyrelse")
    middle = Forum.objects.create(plan=plan, name="Følgegruppen", kind="foelgegruppe", parent=top)
    low = Forum.objects.create(plan=plan, name="Arbejdsgruppen", kind="arbejdsgruppe",
                               parent=middle)

    response = leader_client.post(_url("fora_edit", plan, pk=top.pk),
                                  {"name": "Bestyrelsen", "kind": "bestyrelse", "parent": low.pk})

    assert response.status_code == 400
    assert "kan ikke høre under sig selv" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_a_forum_cannot_sit_under_another_plans_forum(leader_client, plan, outsider):
    foreign = Forum.objects.create(plan=outsider.plan_memberships.get().plan, name="Fremmed",
                                   kind="bestyrelse")
    response = leader_client.post(_url("fora_create", plan),
                                  {"name": "Følgegruppen", "kind": "foelgegruppe",
                                   "parent": foreign.pk})
    assert response.status_code == 400
    assert "Vælg et andet af planens fora" in response.content.decode()
    assert not Forum.objects.filter(plan=plan).exists()


def test_the_delaftale_page_offers_the_split_of_a_staff_resource_to_the_leader(
    plan, delaftale, leader_client, reader_client, estates
):
    StaffResourceFactory(delaftale=delaftale)
    url = _url("activities:delaftale_detail", plan, area=delaftale.focus_area.slug)

    assert "Fordeling på boligafdelinger" in leader_client.get(url).text
    assert "Fordeling på boligafdelinger" not in reader_client.get(url).text


def test_the_delaftale_page_offers_no_split_in_a_plan_without_afdelinger(
    plan, delaftale, leader_client
):
    StaffResourceFactory(delaftale=delaftale)
    url = _url("activities:delaftale_detail", plan, area=delaftale.focus_area.slug)

    assert "Fordeling på boligafdelinger" not in leader_client.get(url).text
