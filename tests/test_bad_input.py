"""Bad input gets a Danish message and changes nothing; it never gives a 500 (issue 17, 10-16)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from activities.models import BudgetLine
from plans.models import FinancingLine, FocusArea, Membership
from tests.factories import MembershipFactory, UserFactory

LONG_NAME = "x" * 256


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


# --- 10: sign-in input ----------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/konto/log-ind/", "/admin/login/"])
@pytest.mark.parametrize(
    "username,password",
    [(LONG_NAME, "x"), ("a" * 5000, "x"), ("leder", "p" * 5000)],
)
def test_over_long_or_odd_sign_in_input_is_a_form_error_and_records_nothing(
    url, username, password, db
):
    UserFactory(username="leder")
    client = Client(raise_request_exception=False)

    response = client.post(url, {"username": username, "password": password})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert AccessAttempt.objects.count() == 0


@pytest.mark.parametrize("url", ["/konto/log-ind/", "/admin/login/"])
@pytest.mark.parametrize("username", ["le\x00der", "²٣", "\x7f" * 300, ""])
def test_odd_user_names_never_error(url, username, db):
    response = Client(raise_request_exception=False).post(
        url, {"username": username, "password": "x"}
    )

    assert response.status_code == 200


def test_an_ordinary_failed_sign_in_is_still_counted(db):
    UserFactory(username="leder")

    Client().post("/konto/log-ind/", {"username": "leder", "password": "forkert"})

    assert AccessAttempt.objects.get().failures_since_start == 1


# --- 11: deleting a focus area with money on it -------------------------------------------------


@pytest.mark.parametrize("money", ["financing", "budget"])
def test_deleting_a_focus_area_with_money_lines_says_why_and_changes_nothing(money, filled_plan):
    area = filled_plan.focus_areas.get()
    # filled_plan has both; keep only the kind under test.
    if money == "financing":
        BudgetLine.objects.filter(plan=filled_plan).delete()
    else:
        FinancingLine.objects.filter(plan=filled_plan).delete()
    leader = MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user
    client = Client(raise_request_exception=False)
    client.force_login(leader)

    response = client.post(reverse("plans:focus_area_delete", args=[filled_plan.slug, area.slug]))

    assert response.status_code == 400
    text = response.content.decode()
    assert "kan ikke slettes" in text
    assert ("finansiering" if money == "financing" else "budget") in text.lower()
    assert FocusArea.objects.filter(pk=area.pk).exists()
    assert area.goals.exists() and area.delaftale


def test_a_focus_area_without_money_is_deleted(filled_plan):
    from plans.services import focus_area_delete

    BudgetLine.objects.filter(plan=filled_plan).delete()
    FinancingLine.objects.filter(plan=filled_plan).delete()
    area = filled_plan.focus_areas.get()

    focus_area_delete(area=area)

    assert not filled_plan.focus_areas.exists()


# --- 12: huge numbers in a measurement import ----------------------------------------------------


@pytest.mark.parametrize("value", [1e308, "1e308", -1e300, "9" * 400])
def test_a_huge_measured_value_is_a_row_error(value, filled_plan):
    from activities.models import Measurement, SuccessCriterion
    from reporting.exchange.sheets.imports import ERROR, import_preview
    from tests.reporting.spreadsheet_files import access_for, measurements_file

    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=filled_plan)
    leader = MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user
    content = measurements_file([[criterion.pk, datetime.date(2022, 3, 1), value, None, "", ""]])
    before = Measurement.objects.count()

    preview = import_preview(
        access=access_for(leader, filled_plan), kind="maalinger", name="f.xlsx", content=content
    )

    assert [row.status for row in preview.rows] == [ERROR]
    assert preview.rows[0].problems
    assert Measurement.objects.count() == before


def test_a_huge_value_uploaded_through_the_page_is_no_500(filled_plan):
    from activities.models import SuccessCriterion
    from tests.reporting.spreadsheet_files import measurements_file

    criterion = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=filled_plan)
    leader = MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user
    client = Client(raise_request_exception=False)
    client.force_login(leader)
    content = measurements_file([[criterion.pk, datetime.date(2022, 3, 1), 1e308, None, "", ""]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("spreadsheets:import_upload", args=[filled_plan.slug, "maalinger"]),
        {"file": SimpleUploadedFile("m.xlsx", content)},
    )

    assert response.status_code < 500


# --- 13: odd digits in a year (the crawler in tests/test_crawler.py covers every route) -------


@pytest.mark.parametrize("period", ["²٣１٤", "0000", "２０１８"])
def test_a_baseline_period_with_odd_digits_falls_back(period):
    from activities.status import _baseline_date

    fallback = datetime.date(2020, 1, 1)

    assert _baseline_date(period, fallback) == fallback


def test_a_service_refusal_is_a_validation_error_not_a_crash(filled_plan):
    from plans.services import focus_area_delete

    with pytest.raises(ValidationError):
        focus_area_delete(area=filled_plan.focus_areas.get())


# --- 16: evidence uploads are checked by content -------------------------------------------------


def _zip(parts: dict[str, bytes], compression=None) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression or zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _docx(extra: dict[str, bytes] | None = None) -> bytes:
    return _zip(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>", **(extra or {})}
    )


def _evidence_error(name: str, content: bytes) -> list[str]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from activities.evidence import validate_evidence

    try:
        validate_evidence(SimpleUploadedFile(name, content))
    except ValidationError as error:
        return error.messages
    return []


def test_a_zip_bomb_named_docx_is_refused():
    # 200 MB of zeros packs into about 200 KB: small upload, huge when opened.
    bomb = _docx({"word/media/zeros.bin": b"\0" * (200 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024

    assert "pakkes ud" in " ".join(_evidence_error("rapport.docx", bomb))


def test_a_zip_bomb_with_lying_sizes_is_refused_while_unpacking(settings):
    import struct

    settings.EVIDENCE_MAX_UNPACKED_BYTES = 1024 * 1024
    content = bytearray(_docx({"word/media/zeros.bin": b"\0" * (5 * 1024 * 1024)}))
    # Claim 1 KB as the big part's unpacked size in its central directory entry.
    entry = content.find(b"word/media/zeros.bin", content.find(b"PK\x01\x02")) - 46
    assert content[entry : entry + 4] == b"PK\x01\x02"
    content[entry + 24 : entry + 28] = struct.pack("<I", 1024)

    assert _evidence_error("rapport.docx", bytes(content))


@pytest.mark.parametrize(
    "name,content",
    [
        ("rapport.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF"),
        ("rapport.pdf", b"%PDF-1.4\n1 0 obj\n<</S/URI/URI(javascript:alert(1))>>\n%%EOF"),
        ("billede.gif", b"GIF89a\x01\x00\x01\x00" + b"\0" * 20 + b"<!DOCTYPE html><body>"),
        ("billede.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40 + b"<SVG onload=alert(1)>"),
    ],
)
def test_html_polyglots_are_refused(name, content):
    assert "websidekode" in " ".join(_evidence_error(name, content))


@pytest.mark.parametrize("name", ["notat.doc", "tal.xls", "slides.ppt"])
def test_old_binary_office_files_are_refused(name):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500

    assert ".docx" in " ".join(_evidence_error(name, ole))


@pytest.mark.parametrize(
    "name,content",
    [
        ("notat.docx", _docx()),
        ("rapport.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"),
        ("foto.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
    ],
)
def test_ordinary_files_are_still_accepted(name, content):
    assert _evidence_error(name, content) == []


@pytest.mark.parametrize(
    "name,content",
    [
        ("tal.xlsx", _docx()),  # a Word document named .xlsx
        ("notat.docx", _zip({"a.txt": b"x"})),  # any zip named .docx
    ],
)
def test_an_office_file_must_be_the_kind_its_name_says(name, content):
    assert _evidence_error(name, content)
