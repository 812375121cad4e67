"""Hostile and wrong Word files: each refused with a Danish message; nothing is written and
nothing is kept on the server."""

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Delaftale
from reporting.exchange.safety import OLE_MAGIC
from tests.factories import DelaftaleFactory, FocusAreaFactory

from .test_word_import import _snapshot
from .word_files import exported, part, rezipped

BOMB = b"<w:document xmlns:w='x'>" + b" " * (60 * 1024 * 1024) + b"</w:document>"
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
          b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
          b'<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'&x;</w:styles>')
MACRO_TYPE = b"application/vnd.ms-word.document.macroEnabled.main+xml"
DOC_TYPE = (b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def delaftale(filled_plan):
    return Delaftale.objects.get(focus_area__plan=filled_plan)


@pytest.fixture
def good(delaftale):
    return exported(delaftale.focus_area.plan, delaftale.focus_area.slug)


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _many_paragraphs(good: bytes) -> bytes:
    body = b"<w:p><w:r><w:t>x</w:t></w:r></w:p>" * 20_100
    document = part(good, "word/document.xml")
    start = document.index(b"<w:body>") + len(b"<w:body>")
    return rezipped(good, replace={"word/document.xml": document[:start] + body
                                   + document[start:]})


CASES = {
    "XML entities (billion laughs)": (
        lambda good: rezipped(good, replace={"word/document.xml": LAUGHS}), "name.docx",
        "XML-erklæringer"),
    "an external entity": (
        lambda good: rezipped(good, replace={"word/styles.xml": EXTERNAL}), "name.docx",
        "XML-erklæringer"),
    "a zip bomb": (lambda good: rezipped(good, replace={"word/document.xml": BOMB}),
                   "name.docx", "fylder mere end 50 MB"),
    "a macro-enabled .docm": (lambda good: good, "delaftale.docm", "makroer"),
    "a .docm renamed .docx": (
        lambda good: rezipped(good, replace={"[Content_Types].xml": part(
            good, "[Content_Types].xml").replace(DOC_TYPE, MACRO_TYPE)}),
        "name.docx", "makroer"),
    "a VBA project inside": (lambda good: rezipped(good, add={"word/vbaProject.bin": b"x"}),
                             "name.docx", "makroer"),
    "not a zip (text)": (lambda good: b"Dette er bare tekst\n" * 50, "name.docx", "tekstfil"),
    "not a zip (bytes)": (lambda good: bytes(range(256)) * 10, "name.docx",
                          "ikke et Word-dokument"),
    "an empty file": (lambda good: b"", "name.docx", "tom"),
    "huge": (lambda good: good + b"\0" * (10 * 1024 * 1024), "name.docx", "større end 10 MB"),
    "an old .doc renamed": (lambda good: OLE_MAGIC + b"\0" * 600, "name.docx", "gammel Word-fil"),
    "an encrypted file": (lambda good: OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"),
                          "name.docx", "adgangskode"),
    "an old .doc name": (lambda good: good, "delaftale.doc", "Gamle Word-filer"),
    "a spreadsheet": (lambda good: _zip({"[Content_Types].xml": b"<Types/>",
                                         "xl/workbook.xml": b"<workbook/>"}),
                      "name.docx", "ikke et Word-dokument"),
    "too many parts": (lambda good: rezipped(good, add={f"x/{n}.txt": b"" for n in range(501)}),
                       "name.docx", "mere end 500 dele"),
    "broken XML": (lambda good: rezipped(good, replace={"word/document.xml": b"<w:document"}),
                   "name.docx", "beskadiget"),
    "20.000 paragraphs": (_many_paragraphs, "name.docx", "mere end 20.000 afsnit"),
    "a pdf": (lambda good: b"%PDF-1.7\n" + bytes(range(256)) * 4, "name.docx",
              "ikke et Word-dokument"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_or_wrong_file_is_refused_in_danish(case, leader_client, delaftale, good,
                                                     media):
    make, name, message = CASES[case]
    before = _snapshot()
    url = reverse("reporting:word_import",
                  args=[delaftale.focus_area.plan.slug, delaftale.focus_area.slug])

    response = leader_client.post(url, {"file": SimpleUploadedFile(name, make(good))})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before
    assert not list(Path(media).glob("imports/*"))


def test_the_file_of_another_delaftale_is_refused(leader_client, delaftale, filled_plan):
    other = DelaftaleFactory(focus_area=FocusAreaFactory(plan=filled_plan, name="Beskæftigelse"))
    content = exported(filled_plan, other.focus_area.slug)
    url = reverse("reporting:word_import", args=[filled_plan.slug, delaftale.focus_area.slug])

    response = leader_client.post(url, {"file": SimpleUploadedFile("d.docx", content)})

    assert response.status_code == 400
    assert "Delaftale for indsatsområdet Beskæftigelse" in response.content.decode()
