"""No lost updates (plans.concurrency): the second of two edits loaded from the same values is
refused with what the other person changed, and keeps what was typed."""

import threading
import time

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from plans.models import Delaftale, Membership
from tests.factories import MembershipFactory
from tests.plan_rows import section_edit


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
    section = Delaftale.objects.get(focus_area__plan=filled_plan).sections.get(key="kommunal")
    url, _data = section_edit(section, "")
    first = _form_data(leader_client, url)
    second = _form_data(second_leader_client, url)

    assert leader_client.post(url, {**first, "text": "Annes tekst"}).status_code == 302
    response = second_leader_client.post(url, {**second, "text": "Bos tekst"})

    assert response.status_code == 400
    assert "En anden har gemt" in response.text
    assert "Annes tekst" in response.text  # what the other person changed
    assert "Bos tekst" in response.text  # what was typed is kept
    section.refresh_from_db()
    assert section.text == "Annes tekst"

    # Saving again is deliberate and goes through.
    again = {**second, "text": "Bos tekst",
             "loaded_values": response.context["form"]["loaded_values"].value()}
    assert second_leader_client.post(url, again).status_code == 302
    section.refresh_from_db()
    assert section.text == "Bos tekst"


def test_five_edits_of_one_activity_from_the_same_page_one_wins(leader_client, filled_plan):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    url = reverse("activities:aktiviteter_edit", args=[filled_plan.slug, activity.pk])
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
    section = Delaftale.objects.get(focus_area__plan=filled_plan).sections.get(key="kommunal")
    url, data = section_edit(section, "Uden felt")
    assert leader_client.post(url, data).status_code == 302


def test_a_tampered_hidden_field_is_refused(leader_client, filled_plan):
    section = Delaftale.objects.get(focus_area__plan=filled_plan).sections.get(key="kommunal")
    url, data = section_edit(section, "Snyd")
    assert leader_client.post(url, {**data, "loaded_values": "forfalsket"}).status_code == 400
    section.refresh_from_db()
    assert section.text != "Snyd"


# --- Really simultaneous --------------------------------------------------------------------

EDITORS = 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_simultaneous_edits_of_one_activity_exactly_one_wins(monkeypatch):
    """Five people press save on the same activity at the same moment, each from a page loaded
    before anyone saved. Saving is slowed down inside the transaction, so without the row lock
    all five checks would pass before any save lands."""
    from django.db import connection

    from tests.conftest import build_filled_plan

    plan = build_filled_plan()
    activity = Activity.objects.get(delaftale__focus_area__plan=plan)
    url = reverse("activities:aktiviteter_edit", args=[plan.slug, activity.pk])
    users = [MembershipFactory(plan=plan, role=Membership.Role.LEADER).user
             for _ in range(EDITORS)]
    clients = []
    for user in users:
        client = Client()
        client.force_login(user)
        clients.append(client)
    loaded = [_form_data(client, url) for client in clients]
    before = {field: getattr(activity, field) for field in ("content", "partners", "start")}

    original_save = Activity.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.3)  # the window in which the others would slip through without the lock
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Activity, "save", slow_save)
    start = threading.Barrier(EDITORS)
    results: dict[int, tuple[int, str]] = {}

    def edit(number: int) -> None:
        try:
            start.wait()
            response = clients[number].post(
                url, {**loaded[number], "purpose": f"Formål {number}", "name": f"Navn {number}"}
            )
            results[number] = (response.status_code, response.content.decode())
        except Exception as error:  # noqa: BLE001 - reported below, with the thread's number
            results[number] = (-1, repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(status for status, _ in results.values())
    assert statuses == [302, 400, 400, 400, 400], results
    [winner] = [n for n, (status, _) in results.items() if status == 302]
    for number, (_status, text) in results.items():
        if number == winner:
            continue
        assert "En anden har gemt" in text
        assert f"Formål {winner}" in text  # what the other person changed
        assert f"Formål {number}" in text and f"Navn {number}" in text  # the typing is kept
    activity.refresh_from_db()
    assert (activity.purpose, activity.name) == (f"Formål {winner}", f"Navn {winner}")
    assert {field: getattr(activity, field) for field in before} == before  # no field lost
