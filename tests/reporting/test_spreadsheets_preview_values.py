"""The import preview shows what it will create: a new row's values, a changed row's old and new
values, and the rows with errors can be downloaded as a workbook to correct and upload again."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Measurement
from reporting.exchange.sheets.export import XLSX_CONTENT_TYPE

from .spreadsheet_files import measurements_file, read_workbook, save_workbook


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def criterion(filled_plan):
    from activities.models import SuccessCriterion

    return SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=filled_plan)


def _url(name, plan, kind="maalinger"):
    return reverse(f"spreadsheets:{name}", kwargs={"slug": plan.slug, "kind": kind})


def _upload(client, plan, content):
    return client.post(
        _url("import_upload", plan),
        {"file": SimpleUploadedFile("maalinger.xlsx", content, content_type=XLSX_CONTENT_TYPE)},
    )


def test_a_new_row_shows_its_values_and_a_changed_row_old_and_new(
    leader_client, filled_plan, criterion
):
    _upload(leader_client, filled_plan, measurements_file([
        [criterion.pk, datetime.date(2022, 3, 1), 6.5, None, "Forårsholdet", "Logbog"],
        [criterion.pk, datetime.date(2021, 12, 1), 5, None, "", ""],
    ]))

    page = leader_client.get(_url("import_preview", filled_plan))
    html = page.content.decode()

    new, changed = page.context["preview"].rows
    assert new.status == "ny" and changed.status == "aendret"
    assert ("Værdi", "6,5") in new.values
    assert ("Kommentar", "Forårsholdet") in new.values and ("Kilde", "Logbog") in new.values
    assert ("Dato", "01.03.2022") in new.values
    assert (
        '<dt class="col-sm-4 fw-semibold">Kommentar</dt><dd class="col-sm-8 mb-0">Forårsholdet</dd>'
        in html
    )
    assert "Værdi: 4 → 5" in html
    # An unchanged or changed row does not repeat every value; only a new row lists them.
    assert html.count('class="row mb-0 small preview-values"') == 1


def test_the_errors_download_as_a_workbook_that_can_be_corrected_and_uploaded_again(
    leader_client, filled_plan, criterion
):
    _upload(leader_client, filled_plan, measurements_file([
        [criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""],
        [criterion.pk, datetime.date(2022, 4, 1), "seks", None, "=1+1", ""],
        [999999, datetime.date(2022, 5, 1), 7, None, "", ""],
    ]))
    page = leader_client.get(_url("import_preview", filled_plan))
    assert _url("import_errors", filled_plan) in page.content.decode()

    response = leader_client.get(_url("import_errors", filled_plan))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert "fejl.xlsx" in response["Content-Disposition"]
    workbook = read_workbook(response.content)
    assert workbook.sheetnames == ["Målinger", "Fejlliste"]
    sheet = workbook["Målinger"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Kriterie-ID", "Dato", "Værdi"]
    assert header[-2:] == ["Fejl", "Række i den uploadede fil"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[-1] for row in rows] == [2, 3, 4]
    assert rows[0][-2] is None  # a good row has no error
    assert rows[1][2] == "seks" and "Værdi: Her skal stå et tal" in rows[1][-2]
    assert rows[1][4] == "=1+1" and sheet.cell(row=3, column=5).data_type == "s"  # never a formula
    assert "999999" in rows[2][-2]
    listing = [[cell.value for cell in row] for row in workbook["Fejlliste"].iter_rows(min_row=2)]
    assert [row[0] for row in listing] == [3, 4]

    # The user corrects the two rows in the downloaded workbook and uploads it as it is.
    sheet.cell(row=3, column=3).value = 6
    sheet.cell(row=3, column=5).value = "Rettet"
    sheet.cell(row=4, column=1).value = criterion.pk
    response = _upload(leader_client, filled_plan, save_workbook(workbook))
    assert response.status_code == 302
    page = leader_client.get(_url("import_preview", filled_plan))
    assert page.context["counts"]["fejl"] == 0
    assert page.context["counts"]["ny"] == 3
    before = Measurement.objects.count()
    leader_client.post(
        _url("import_confirm", filled_plan),
        {"fingerprint": page.context["preview"].fingerprint, "confirm": "1"},
    )
    assert Measurement.objects.count() == before + 3


def test_without_errors_or_an_upload_the_errors_download_sends_back(
    leader_client, reader_client, filled_plan, criterion
):
    assert leader_client.get(_url("import_errors", filled_plan)).status_code == 302
    _upload(leader_client, filled_plan, measurements_file(
        [[criterion.pk, datetime.date(2022, 3, 1), 6, None, "", ""]]
    ))
    response = leader_client.get(_url("import_errors", filled_plan))
    assert response.status_code == 302
    assert response["Location"] == _url("import_preview", filled_plan)
    # A reader may not import, so may not fetch an import's errors either.
    assert reader_client.get(_url("import_errors", filled_plan)).status_code == 403


def test_the_whole_plan_import_preview_lists_the_rows_it_will_create(client, filled_plan, user):
    """The exchange import (a whole plan as a new plan) lists, per sheet, what it creates."""
    from plans.models import Plan
    from reporting.exchange import imports
    from tests.reporting.exchange_files import exported

    activity = filled_plan.focus_areas.get().delaftale.activities.get()
    client.force_login(user)
    client.post(
        reverse("exchange:import_upload"),
        {"file": SimpleUploadedFile("plan.json", exported(filled_plan)), "slug": "kopi"},
    )

    page = client.get(reverse("exchange:import_preview"))
    html = page.content.decode()

    listing = {sheet: (rows, more) for sheet, rows, more in page.context["result"].listing}
    assert "De rækker, der bliver oprettet" in html
    assert activity.name in listing["Aktiviteter"][0]
    assert f"<li>{activity.name}</li>" in html
    assert listing["Plan"][0] == [filled_plan.name]
    assert not Plan.objects.filter(slug="kopi").exists()  # still only a preview
    assert imports.LISTED_PER_KIND >= 10
