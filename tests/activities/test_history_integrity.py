"""The history tells only true changes, each by the person who made it (issue 17, points 8
and 9): a form saved unchanged from a browser (CRLF line endings) leaves no row, and an
approval or a return is its own entry by the board member who made it."""

import pytest
from django.urls import reverse

from activities.history import plan_history_get
from activities.models import Activity
from plans.models import Delaftale
from tests.plan_rows import section_edit
from tests.plans.test_concurrency import _form_data


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


def _section(delaftale):
    return delaftale.sections.get(key="kommunal")


def _section_url(plan, delaftale):
    return section_edit(_section(delaftale), "")[0]


def test_a_form_saved_unchanged_from_a_browser_leaves_no_history_row(leader_client, filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    section = _section(delaftale)
    section.text = "Første linje\nAnden linje\n\nTredje afsnit"
    section.save()
    rows = section.history.count()
    url = _section_url(filled_plan, delaftale)
    data = _form_data(leader_client, url)
    # What a browser sends back from a textarea: CRLF line endings.
    posted = {key: value.replace("\n", "\r\n") if isinstance(value, str) else value
              for key, value in data.items()}
    assert "\r\n" in posted["text"]

    assert leader_client.post(url, posted).status_code == 302

    section.refresh_from_db()
    assert section.text == "Første linje\nAnden linje\n\nTredje afsnit"
    assert section.history.count() == rows


def test_typed_crlf_is_stored_as_lf(leader_client, filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    url = _section_url(filled_plan, delaftale)
    data = _form_data(leader_client, url)
    leader_client.post(url, {**data, "text": "Et\r\nTo\rTre"})
    section = _section(delaftale)
    assert section.text == "Et\nTo\nTre"


def test_a_save_that_changes_nothing_keeps_no_row_and_a_change_keeps_one(filled_plan):
    activity = Activity.objects.get(delaftale__focus_area__plan=filled_plan)
    rows = activity.history.count()
    activity.save()
    activity.save()
    assert activity.history.count() == rows
    activity.purpose = "Et nyt formål"
    activity.save()
    assert activity.history.count() == rows + 1


def test_approval_and_return_are_their_own_entries_by_who_made_them(
    leader, board, leader_client, board_client, filled_plan
):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    transition = reverse("reporting:delaftale_transition",
                         args=[filled_plan.slug, delaftale.focus_area.slug])
    section = _section_url(filled_plan, delaftale)
    assert leader_client.post(transition, {"action": "submit"}).status_code == 302
    assert board_client.post(transition, {"action": "return", "reason": "Mangler mål"}
                             ).status_code == 302
    assert leader_client.post(transition, {"action": "submit"}).status_code == 302
    assert board_client.post(transition, {"action": "approve"}).status_code == 302
    data = _form_data(leader_client, section)
    assert leader_client.post(section, {**data, "text": "Ny tekst"}).status_code == 302

    everything = plan_history_get(plan=filled_plan).changes
    edit = everything[0]
    changes = [c for c in everything if c.model_key == "delaftale"][:4]
    by_whom = [(c.who, c.reason) for c in changes]
    assert by_whom == [
        (board.username, "Godkend"),
        (leader.username, "Indstil til bestyrelsen"),
        (board.username, "Send tilbage"),
        (leader.username, "Indstil til bestyrelsen"),
    ]
    approve = changes[0]
    assert edit.who == leader.username and edit.model_key != "delaftale"
    assert all("godkend" not in f"{before} {after}" for _n, before, after in edit.fields)
    assert [after for _name, _before, after in approve.fields] == ["godkendt"]
