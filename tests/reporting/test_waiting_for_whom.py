"""What waits for whom (issue 18, point 8): one approval state, computed by
`activities.approval.approval_states_get`, on the overview, the dashboard, the portfolio and
the start page; the board hears of a submission and the leder of a return, with a link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from activities.approval import approval_state_get
from plans.models import Delaftale
from tests.plan_rows import section_edit


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delaftale(filled_plan):
    return Delaftale.objects.get(focus_area__plan=filled_plan)


def _act(client, plan, delaftale, action, reason=""):
    url = reverse("reporting:delaftale_transition", args=[plan.slug, delaftale.focus_area.slug])
    assert client.post(url, {"action": action, "reason": reason}).status_code == 302


def _badges(html: str) -> list[str]:
    return re.findall(r'data-approval-state="[^"]+">([^<]+)<', html)


def _everywhere(client, plan) -> dict[str, list[str]]:
    return {
        "overview": _badges(client.get(reverse("activities:plan_detail", args=[plan.slug])).text),
        "dashboard": _badges(client.get(reverse("reporting:dashboard", args=[plan.slug])).text),
        "portfolio": _badges(client.get(reverse("reporting:portfolio")).text),
    }


def test_one_state_on_every_screen_from_draft_to_changed_since_version(
    leader_client, board_client, filled_plan, delaftale
):
    assert approval_state_get(delaftale).label == "Kladde"
    seen = _everywhere(leader_client, filled_plan)
    assert seen["overview"] == ["Kladde"] and seen["portfolio"] == ["Kladde"]
    assert seen["dashboard"] == ["Kladde", "Kladde"]  # the agreement and the delaftale

    _act(leader_client, filled_plan, delaftale, "submit")
    seen = _everywhere(leader_client, filled_plan)
    assert {s[-1] for s in seen.values()} == {"Indstillet til bestyrelsen"}

    _act(board_client, filled_plan, delaftale, "approve")
    seen = _everywhere(leader_client, filled_plan)
    assert {s[-1] for s in seen.values()} == {"Godkendt af bestyrelsen"}

    edit, data = section_edit(delaftale.sections.get(key="kommunal"), "Ny tekst om kommunen")
    assert leader_client.post(edit, data).status_code == 302
    seen = _everywhere(leader_client, filled_plan)
    assert {s[-1] for s in seen.values()} == {"Kladde, ændret siden version 1"}
    # The delaftale's own page says the same, from the same selector.
    page = leader_client.get(delaftale.get_absolute_url()).text
    assert "Kladde, ændret siden version 1" in _badges(page)


def test_board_member_sees_what_waits_for_approval_and_leader_what_was_returned(
    leader_client, board_client, filled_plan, delaftale
):
    start = reverse("plans:plan_list")
    assert "Venter på din godkendelse" not in board_client.get(start).text

    _act(leader_client, filled_plan, delaftale, "submit")
    page = board_client.get(start).text
    assert "Venter på din godkendelse (1)" in page
    assert f'{delaftale.get_absolute_url()}#godkendelse' in page
    assert "Venter på din godkendelse" not in leader_client.get(start).text

    _act(board_client, filled_plan, delaftale, "return", reason="Økonomien mangler")
    assert "Venter på din godkendelse" not in board_client.get(start).text
    page = leader_client.get(start).text
    assert "Sendt tilbage til dig (1)" in page
    assert "Økonomien mangler" in page


def test_notification_emails_link_to_the_page(
    leader_client, board_client, filled_plan, delaftale, leader, board,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        _act(leader_client, filled_plan, delaftale, "submit")
        _act(board_client, filled_plan, delaftale, "return", reason="Ret budgettet")

    to_board, to_leader = mail.outbox
    assert to_board.to == [board.email] and to_leader.to == [leader.email]
    for message in (to_board, to_leader):
        link = re.search(r"(http://testserver\S+)", message.body)[1]
        assert link == f"http://testserver{delaftale.get_absolute_url()}#godkendelse"
        path = link.removeprefix("http://testserver").split("#")[0]
        assert board_client.get(path).status_code == 200


def test_an_approved_delaftale_is_compared_once_per_data_state(
    leader_client, board_client, filled_plan, delaftale, django_assert_num_queries
):
    """Lists show every delaftale's state; comparing with the version means building the
    document, so the answer is kept until the plan's data changes (then it is built again)."""
    _act(leader_client, filled_plan, delaftale, "submit")
    _act(board_client, filled_plan, delaftale, "approve")
    delaftale.refresh_from_db()
    assert approval_state_get(delaftale).changed is False
    with django_assert_num_queries(2):  # the versions and the plan's data state
        assert approval_state_get(delaftale).changed is False

    edit, data = section_edit(delaftale.sections.get(key="kommunal"), "Ny tekst om kommunen")
    assert leader_client.post(edit, data).status_code == 302
    assert approval_state_get(delaftale).changed is True



def test_the_delaftaler_of_one_plan_read_its_data_state_once(
    leader_client, board_client, filled_plan, delaftale, django_assert_num_queries
):
    """The overview asks for every delaftale's state at once: with the answers kept, that is
    the versions (without their content) and the plan's data state, however many are approved."""
    from activities.approval import approval_states_get
    from tests.factories import DelaftaleFactory, FocusAreaFactory

    other = DelaftaleFactory(focus_area=FocusAreaFactory(plan=filled_plan))
    for document in (delaftale, other):
        _act(leader_client, filled_plan, document, "submit")
        _act(board_client, filled_plan, document, "approve")
    documents = list(Delaftale.objects.filter(focus_area__plan=filled_plan)
                     .select_related("focus_area"))
    assert [info.changed for info in approval_states_get(documents).values()] == [False, False]
    with django_assert_num_queries(2):
        states = approval_states_get(documents)
    assert [(info.version, info.changed) for info in states.values()] == [(1, False), (1, False)]

def test_a_renamed_organisation_or_afdeling_changes_every_plans_data_state(filled_plan):
    """Names the documents print but that keep no history row still count as a change."""
    from activities.history import plan_data_state
    from plans.models import HousingEstate, Organisation

    before = plan_data_state(filled_plan.pk)
    organisation = Organisation.objects.create(name="Boligselskabet Nord", kind="boligorganisation")
    after_create = plan_data_state(filled_plan.pk)
    assert after_create != before
    estate = HousingEstate.objects.create(organisation=organisation, name="Afdeling 7")
    assert plan_data_state(filled_plan.pk) != after_create
    unchanged = plan_data_state(filled_plan.pk)
    estate.name = "Afdeling 7, Nordparken"
    estate.save()
    assert plan_data_state(filled_plan.pk) != unchanged
