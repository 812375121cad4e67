"""The history tells only true changes, each by the person who made it (issue 17, points 8
and 9): a form saved unchanged from a browser (CRLF line endings) leaves no row, and an
approval or a return is its own entry by the board member who made it."""

import pytest
from django.urls import reverse

from activities.history import plan_history_get
from activities.models import Activity
from plans.models import Delaftale
from tests.plans.test_concurrency import _form_data


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


def _section_url(plan, delaftale):
    return reverse("plans:delaftale_section_edit",
                   args=[plan.slug, delaftale.focus_area.slug, "kommunal"])


def test_a_form_saved_unchanged_from_a_browser_leaves_no_history_row(leader_client, filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    delaftale.municipal_link = "Første linje\nAnden linje\n\nTredje afsnit"
    delaftale.save()
    rows = delaftale.history.count()
    url = _section_url(filled_plan, delaftale)
    data = _form_data(leader_client, url)
    # What a browser sends back from a textarea: CRLF line endings.
    posted = {key: value.replace("\n", "\r\n") if isinstance(value, str) else value
              for key, value in data.items()}
    assert "\r\n" in posted["municipal_link"]

    assert leader_client.post(url, posted).status_code == 302

    delaftale.refresh_from_db()
    assert delaftale.municipal_link == "Første linje\nAnden linje\n\nTredje afsnit"
    assert delaftale.history.count() == rows


def test_typed_crlf_is_stored_as_lf(leader_client, filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    url = _section_url(filled_plan, delaftale)
    leader_client.post(url, {"municipal_link": "Et\r\nTo\rTre"})
    delaftale.refresh_from_db()
    assert delaftale.municipal_link == "Et\nTo\nTre"


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
    assert leader_client.post(section, {"municipal_link": "Ny tekst"}).status_code == 302

    changes = [c for c in plan_history_get(plan=filled_plan).changes
               if c.model_key == "delaftale"][:5]
    by_whom = [(c.who, c.reason) for c in changes]
    assert by_whom == [
        (leader.username, ""),
        (board.username, "Godkend"),
        (leader.username, "Indstil til bestyrelsen"),
        (board.username, "Send tilbage"),
        (leader.username, "Indstil til bestyrelsen"),
    ]
    edit, approve = changes[0], changes[1]
    field_name = str(Delaftale._meta.get_field("municipal_link").verbose_name)
    assert [name for name, _before, _after in edit.fields] == [field_name]
    assert [after for _name, _before, after in approve.fields] == ["godkendt"]
