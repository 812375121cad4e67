"""The spreadsheet pages: downloads for members, upload → preview → confirm for editors."""

import datetime
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from activities.models import Measurement
from plans.models import Membership
from reporting.exchange import uploads
from reporting.exchange.sheets.export import XLSX_CONTENT_TYPE
from tests.factories import MembershipFactory

from .spreadsheet_files import measurements_file, read_workbook, save_workbook


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def criterion(filled_plan):
    from activities.models import SuccessCriterion

    return SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=filled_plan)


def _url(name, plan, **kwargs):
    return reverse(f"spreadsheets:{name}", kwargs={"slug": plan.slug, **kwargs})


def _upload(client, plan, content, kind="maalinger", name="maalinger.xlsx"):
    return client.post(
        _url("import_upload", plan, kind=kind),
        {"file": SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)},
    )


def _stored(media):
    folder = Path(media) / "imports"
    return sorted(folder.glob("*.xlsx")) if folder.exists() else []


def test_a_reader_sees_the_exports_but_no_import_buttons(reader_client, filled_plan):
    response = reader_client.get(_url("index", filled_plan))

    assert response.status_code == 200
    assert _url("export", filled_plan, kind="plan") in response.content.decode()
    assert _url("import_upload", filled_plan, kind="maalinger") not in response.content.decode()


def test_the_plan_tabs_link_to_the_spreadsheet_page(reader_client, filled_plan):
    response = reader_client.get(reverse("activities:plan_detail", args=[filled_plan.slug]))

    assert _url("index", filled_plan) in response.content.decode()


@pytest.mark.parametrize("kind", ["plan", "aktiviteter", "maalinger", "milepaele", "budget"])
def test_a_reader_downloads_every_export(reader_client, filled_plan, kind):
    response = reader_client.get(_url("export", filled_plan, kind=kind))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert f'filename="{filled_plan.slug}-{kind}.xlsx"' in response["Content-Disposition"]
    assert read_workbook(response.content).sheetnames


def test_an_unknown_export_answers_404(reader_client, filled_plan):
    assert reader_client.get(_url("export", filled_plan, kind="alt")).status_code == 404


def test_a_template_downloads(leader_client, filled_plan):
    response = leader_client.get(_url("template", filled_plan, kind="budget"))

    assert response.status_code == 200
    assert read_workbook(response.content).sheetnames == ["Budget"]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_reader_cannot_import(reader_client, filled_plan, method, media):
    response = getattr(reader_client, method)(_url("import_upload", filled_plan, kind="maalinger"))

    assert response.status_code == 403
    assert _stored(media) == []


def test_a_staff_member_may_import_measurements_but_not_the_budget(filled_plan):
    client = Client()
    client.force_login(MembershipFactory(plan=filled_plan, role=Membership.Role.STAFF).user)

    assert client.get(_url("import_upload", filled_plan, kind="maalinger")).status_code == 200
    assert client.get(_url("import_upload", filled_plan, kind="budget")).status_code == 403


def test_the_outsider_gets_404_for_exports(outsider_client, filled_plan):
    assert outsider_client.get(_url("export", filled_plan, kind="plan")).status_code == 404


def test_upload_preview_confirm_writes_once_and_removes_the_file(
    leader_client, filled_plan, criterion, media
):
    content = measurements_file(
        [
            [criterion.pk, datetime.date(2022, 3, 1), 6, None, "Forår", "Logbog"],
            [criterion.pk, datetime.date(2021, 12, 1), 5, None, "", ""],
        ]
    )

    response = _upload(leader_client, filled_plan, content)

    assert response.status_code == 302
    assert response["Location"] == _url("import_preview", filled_plan, kind="maalinger")
    assert len(_stored(media)) == 1
    assert Measurement.objects.count() == 1

    page = leader_client.get(response["Location"])

    html = page.content.decode()
    assert page.status_code == 200
    assert "Ny" in html and "Ændret" in html and "Værdi: 4 → 5" in html
    assert "Bekræft og gem 2 rækker" in html
    fingerprint = page.context["preview"].fingerprint

    done = leader_client.post(
        _url("import_confirm", filled_plan, kind="maalinger"),
        {"fingerprint": fingerprint, "confirm": "1"},
    )

    assert done.status_code == 302
    assert Measurement.objects.count() == 2
    assert Measurement.objects.get(measured_on=datetime.date(2021, 12, 1)).value == 5
    assert _stored(media) == []
    again = leader_client.post(
        _url("import_confirm", filled_plan, kind="maalinger"),
        {"fingerprint": fingerprint, "confirm": "1"},
    )
    assert again.status_code == 302
    assert Measurement.objects.count() == 2


def test_the_preview_lists_every_bad_row_with_row_column_and_message_and_confirm_is_refused(
    leader_client, filled_plan, criterion
):
    content = measurements_file(
        [
            [criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""],
            [criterion.pk, datetime.date(2022, 4, 1), "seks", None, "", ""],
        ]
    )
    _upload(leader_client, filled_plan, content)

    page = leader_client.get(_url("import_preview", filled_plan, kind="maalinger"))
    html = page.content.decode()

    assert "Bekræft og gem" not in html
    assert '<td class="text-nowrap">3</td>' in html
    assert "<strong>Værdi:</strong> Her skal stå et tal, fx 27,8." in html
    response = leader_client.post(
        _url("import_confirm", filled_plan, kind="maalinger"),
        {"fingerprint": page.context["preview"].fingerprint},
    )
    assert response.status_code == 302
    assert Measurement.objects.count() == 1


def test_a_refused_file_is_shown_on_the_upload_page_and_not_stored(
    leader_client, filled_plan, media
):
    response = _upload(leader_client, filled_plan, b"a;b\n1;2\n")

    assert response.status_code == 400
    assert "CSV" in response.content.decode()
    assert _stored(media) == []


def test_an_empty_upload_is_refused(leader_client, filled_plan):
    response = _upload(leader_client, filled_plan, b"")

    assert response.status_code == 400
    assert Measurement.objects.count() == 1


def test_cancel_removes_the_stored_file(leader_client, filled_plan, criterion, media):
    _upload(
        leader_client,
        filled_plan,
        measurements_file([[criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""]]),
    )

    response = leader_client.post(
        _url("import_confirm", filled_plan, kind="maalinger"), {"cancel": "1"}
    )

    assert response.status_code == 302
    assert _stored(media) == []
    assert Measurement.objects.count() == 1


def test_the_preview_without_an_upload_sends_back_to_the_upload_page(leader_client, filled_plan):
    response = leader_client.get(_url("import_preview", filled_plan, kind="maalinger"))

    assert response.status_code == 302
    assert response["Location"] == _url("import_upload", filled_plan, kind="maalinger")


def test_another_users_session_cannot_confirm_an_upload(leader_client, filled_plan, criterion):
    _upload(
        leader_client,
        filled_plan,
        measurements_file([[criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""]]),
    )
    other = Client()
    other.force_login(MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user)

    response = other.post(_url("import_confirm", filled_plan, kind="maalinger"), {"confirm": "1"})

    assert response.status_code == 302
    assert Measurement.objects.count() == 1


def test_uploads_older_than_a_day_are_removed(media):
    folder = Path(media) / "imports"
    folder.mkdir()
    old, new = folder / ("a" * 32 + ".xlsx"), folder / ("b" * 32 + ".xlsx")
    old.write_bytes(b"x")
    new.write_bytes(b"x")
    day_ago = time.time() - 25 * 3600
    os.utime(old, (day_ago, day_ago))

    assert uploads.stale_uploads_remove() == 1
    assert _stored(media) == [new]


def test_exported_file_edited_in_three_cells_previews_three_changes(
    leader_client, filled_plan, criterion
):
    from tests.factories import MeasurementFactory

    for month in (1, 2, 3, 4):
        MeasurementFactory(criterion=criterion, measured_on=datetime.date(2022, month, 1))
    workbook = read_workbook(
        leader_client.get(_url("export", filled_plan, kind="maalinger")).content
    )
    for row in (2, 3, 4):
        workbook["Målinger"].cell(row=row, column=10).value = 40 + row
    _upload(leader_client, filled_plan, save_workbook(workbook))

    page = leader_client.get(_url("import_preview", filled_plan, kind="maalinger"))

    assert page.context["counts"] == {"ny": 0, "aendret": 3, "uaendret": 2, "fejl": 0}
