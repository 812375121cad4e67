"""Word out: the whole plan, the agreement and a delaftale as .docx with real Word structure."""

import io
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from activities.selectors import agreement_get
from plans.models import Delaftale
from plans.sections import sections_write
from reporting.documents import DocumentSpec
from reporting.word.changes import word_import_read
from reporting.word.export import docx_build

from .word_files import exported, part


@pytest.fixture
def delaftale(filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    sections_write(document=delaftale, texts={
        "kommunal": "Kommunen deltager i følgegruppen.\n\n- SSP\n- Biblioteket"})
    return delaftale


def _styles(document):
    return [(p.style.name, p.text) for p in document.paragraphs if p.text]


def test_a_delaftale_has_word_headings_tables_a4_and_page_numbers(delaftale):
    content = exported(delaftale.focus_area.plan, delaftale.focus_area.slug)
    document = Document(io.BytesIO(content))
    styles = _styles(document)
    area = delaftale.focus_area

    assert ("Heading 1", f"Delaftale for indsatsområdet {area.name}") in styles
    assert ("Heading 2", "Delaftalens parter") in styles
    assert ("Heading 2", "Sammenhæng med den kommunale indsats") in styles
    activity = delaftale.activities.get()
    assert ("Heading 2", f"Aktivitet 1: {activity.name}") in styles
    assert ("Heading 3", "Formål og mål") in styles
    assert ("List Bullet", "SSP") in styles
    tables = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Navn", "Organisation", "Titel eller rolle"] in tables
    assert ["Succeskriterium", "Mål", "Baseline", "Datakilde"] in tables
    assert ["Rolle", "Organisation", "Andel af tiden"] in tables
    assert ["Organisation", "Finansiering"] in tables
    party = delaftale.parties.get()
    assert [party.name, party.organisation, party.title] in [
        [c.text for c in row.cells] for t in document.tables for row in t.rows]
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    footer = part(content, "word/footer1.xml").decode()
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_the_plan_and_the_agreement_export_with_each_delaftale(delaftale, settings, tmp_path):
    plan = delaftale.focus_area.plan
    call_command("export_docx", plan.slug, "plan", "-o", str(tmp_path / "plan.docx"))
    call_command("export_docx", plan.slug, "agreement", "-o", str(tmp_path / "aftale.docx"))

    whole = _styles(Document(tmp_path / "plan.docx"))
    agreement = _styles(Document(tmp_path / "aftale.docx"))
    title = ("Heading 1", "Strategisk samarbejdsaftale om boligsocial indsats")
    assert title in whole and title in agreement
    assert ("Heading 1", f"Delaftale for indsatsområdet {delaftale.focus_area.name}") in whole
    assert not any(text.startswith("Delaftale for") for _style, text in agreement)


def test_the_agreement_follows_the_plans_own_sections(delaftale, filled_plan):
    agreement = agreement_get(plan=filled_plan)  # makes its sections from the template
    sections_write(document=agreement, texts={"formaal": "Vores eget formål.",
                                              "organisering": ""})
    areas = agreement.sections.get(key="indsatsomraader")
    areas.number, areas.heading = "3", "Vores indsatsområder"
    areas.save()

    document = Document(io.BytesIO(docx_build(filled_plan, DocumentSpec("agreement"))[1]))
    styles = _styles(document)

    assert ("Heading 2", "1. Formål med og rammer for indsatsen") in styles
    assert "Vores eget formål." in [text for _style, text in styles]
    assert not any(text.startswith("2. Organisering") for _style, text in styles)
    assert ("Heading 2", "3. Vores indsatsområder") in styles
    assert ("Heading 3", f"3.1 {delaftale.focus_area.name}") in styles
    assert ("Heading 2", "7. Ressourcer i den boligsociale indsats") in styles
    tables = [[c.text for c in t.rows[0].cells] for t in document.tables]
    assert ["Organisation", "Finansiering"] in tables


def test_export_docx_refuses_a_document_word_does_not_make(filled_plan, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export_docx", filled_plan.slug, "budget", "-o", str(tmp_path / "x.docx"))
    with pytest.raises(CommandError):
        call_command("export_docx", filled_plan.slug, "delaftale:findes-ikke",
                     "-o", str(tmp_path / "x.docx"))


def test_the_documents_page_offers_word_beside_the_pdf(reader_client, delaftale):
    plan = delaftale.focus_area.plan
    spec = f"delaftale:{delaftale.focus_area.slug}"
    page = reader_client.get(reverse("reporting:documents", args=[plan.slug])).content.decode()
    download = reader_client.get(reverse("reporting:docx", args=[plan.slug, spec]))

    assert reverse("reporting:docx", args=[plan.slug, spec]) in page
    assert reverse("reporting:docx", args=[plan.slug, "budget"]) not in page
    # A reader downloads but does not import.
    assert reverse("reporting:word_import", args=[plan.slug, delaftale.focus_area.slug]) \
        not in page
    assert download.status_code == 200
    slug = delaftale.focus_area.slug
    assert download["Content-Disposition"].endswith(f'-delaftale-{slug}.docx"')
    assert download.content.startswith(b"PK")


def test_word_is_not_made_for_a_budget(reader_client, filled_plan):
    response = reader_client.get(reverse("reporting:docx", args=[filled_plan.slug, "budget"]))

    assert response.status_code == 404


def test_libreoffice_opens_the_docx_and_reads_back_unchanged(delaftale, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "make test installs libreoffice-writer-nogui (SYSTEM_PACKAGES)"
    plan, area = delaftale.focus_area.plan, delaftale.focus_area
    source = tmp_path / "delaftale.docx"
    source.write_bytes(exported(plan, area.slug))
    profile = f"-env:UserInstallation=file://{tmp_path}/lo-profile"
    for target in ("pdf", "docx:MS Word 2007 XML"):
        subprocess.run([soffice, profile, "--headless", "--convert-to", target, "--outdir",
                        str(tmp_path / target[:4]), str(source)],
                       check=True, capture_output=True, timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "pdf" / "delaftale.pdf"), "-"],
                          check=True, capture_output=True, text=True).stdout
    party = delaftale.parties.get()
    for expected in (f"Delaftale for indsatsområdet {area.name}", "Delaftalens parter",
                     "Sammenhæng med den kommunale indsats", "Succeskriterium", "Datakilde",
                     party.name, party.organisation, "Side 1 af"):
        assert expected in text
    saved = (tmp_path / "docx" / "delaftale.docx").read_bytes()
    result = word_import_read(plan=plan, area_slug=area.slug, name="lo.docx", content=saved)
    assert result.changes == [] and result.notes == []
