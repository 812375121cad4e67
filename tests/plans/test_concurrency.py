"""No lost updates (plans.concurrency): the second of two edits loaded from the same values is
refused with what the other person changed, and keeps what was typed."""

import pytest
from django.urls import reverse

from activities.models import Activity
from plans.models import Delaftale, Membership
from tests.factories import MembershipFactory


def _form_data(client, url):
    """What the browser would post back unchanged: every field's current value."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        key = form.add_prefix(name)
        data[key] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


@pytest.fixture
def second_leader_client(plan, client):
    client.force_login(MembershipFactory(plan=plan, role=Membership.Role.LEADER).user)
    return client


def test_the_second_of_two_section_edits_is_refused_and_keeps_the_typing(
    leader_client, second_leader_client, filled_plan
):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    url = reverse("plans:delaftale_section_edit",
                  args=[filled_plan.slug, delaftale.focus_area.slug, "kommunal"])
    first = _form_data(leader_client, url)
    second = _form_data(second_leader_client, url)

    assert leader_client.post(url, {**first, "municipal_link": "Annes tekst"}).status_code == 302
    response = second_leader_client.post(url, {**second, "municipal_link": "Bos tekst"})

    assert response.status_code == 400
    assert "En anden har gemt" in response.text
    assert "Annes tekst" in response.text  # what the other person changed
    assert "Bos tekst" in response.text  # what was typed is kept
    delaftale.refresh_from_db()
    assert delaftale.municipal_link == "Annes tekst"

    # Saving again is deliberate and goes through.
    again = {**second, "municipal_link": "Bos tekst",
             "loaded_values": response.context["form"]["loaded_values"].value()}
    assert second_leader_client.post(url, again).status_code == 302
    delaftale.refresh_from_db()
    assert delaftale.municipal_link == "Bos tekst"


def test_five_edits_of_one_activity_from_the_same_page_one_wins(leader_client, filled_plan):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    url = reverse("plans:aktiviteter_edit", args=[filled_plan.slug, activity.pk])
    loaded = _form_data(leader_client, url)
    before = {field: getattr(activity, field) for field in ("content", "partners", "start")}

    statuses = []
    for number in range(5):
        response = leader_client.post(url, {**loaded, "purpose": f"Formål {number}"})
        statuses.append(response.status_code)
        if response.status_code == 400:
            assert "En anden har gemt" in response.text
            assert f"Formål {number}" in response.text

    assert statuses == [302, 400, 400, 400, 400]
    activity.refresh_from_db()
    assert activity.purpose == "Formål 0"
    assert {field: getattr(activity, field) for field in before} == before


def test_a_post_without_the_hidden_field_is_not_checked(leader_client, filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    url = reverse("plans:delaftale_section_edit",
                  args=[filled_plan.slug, delaftale.focus_area.slug, "kommunal"])
    assert leader_client.post(url, {"municipal_link": "Uden felt"}).status_code == 302


def test_a_tampered_hidden_field_is_refused(leader_client, filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    url = reverse("plans:delaftale_section_edit",
                  args=[filled_plan.slug, delaftale.focus_area.slug, "kommunal"])
    data = {"municipal_link": "Snyd", "loaded_values": "forfalsket"}
    assert leader_client.post(url, data).status_code == 400
    delaftale.refresh_from_db()
    assert delaftale.municipal_link != "Snyd"
