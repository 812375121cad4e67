"""Word back in: a delaftale edited in Word is read field by field; the leder accepts or
rejects each change, and only accepted changes are saved, with history naming the file."""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from plans.models import Delaftale, DelaftaleParty, Section
from plans.sections import sections_write
from reporting.word.changes import word_import_read
from reporting.word.services import word_import_apply

from .word_files import edited, exported, paragraph_after

HEADING = "Sammenhæng med den kommunale indsats"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def delaftale(filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    sections_write(document=delaftale, texts={
        "kommunal": "Kommunen deltager i følgegruppen.\n\nSSP holder møder hver måned."})
    return delaftale


def _edit_two(document):
    """An editor rewrites the second paragraph of a section and one organisation cell."""
    paragraph_after(document, HEADING, 2).text = "SSP holder møder hver anden uge."
    document.tables[1].rows[1].cells[1].text = "Gladsaxe Kommune, Kultur"


def _two_changes(delaftale) -> bytes:
    return edited(exported(delaftale.focus_area.plan, delaftale.focus_area.slug), _edit_two)


def _kommunal(delaftale):
    """The delaftale's section on the municipal effort (a row of its own)."""
    return delaftale.sections.get(key="kommunal")


def _read(delaftale, content, name="delaftale.docx"):
    return word_import_read(plan=delaftale.focus_area.plan, area_slug=delaftale.focus_area.slug,
                            name=name, content=content)


def _snapshot():
    """Every field of every row of the plan's apps, except the times rows were saved."""
    rows = {}
    for app in ("plans", "activities"):
        for model in apps.get_app_config(app).get_models():
            fields = [f.attname for f in model._meta.concrete_fields
                      if f.attname not in ("updated_at", "history_date")]
            for values in model.objects.values_list(*fields):
                rows[(model.__name__, values[0])] = dict(zip(fields, values, strict=True))
    return rows


def _differences(before, after):
    return {(key[0], name) for key in after for name in after[key]
            if key not in before or before[key][name] != after[key][name]}


def test_an_unchanged_export_proposes_nothing(delaftale):
    result = _read(delaftale, exported(delaftale.focus_area.plan, delaftale.focus_area.slug))

    assert result.changes == [] and result.notes == []
    assert result.recognised >= 10


def test_one_paragraph_and_one_cell_edited_give_exactly_two_changes(delaftale):
    result = _read(delaftale, _two_changes(delaftale))

    party = delaftale.parties.get()
    assert [(c.field.key, c.before, c.after) for c in result.changes] == [
        (f"plans.delaftaleparty:{party.pk}:organisation", party.organisation,
         "Gladsaxe Kommune, Kultur"),
        (f"plans.section:{_kommunal(delaftale).pk}:text", _kommunal(delaftale).text,
         "Kommunen deltager i følgegruppen.\n\nSSP holder møder hver anden uge."),
    ]
    assert result.notes == []


def test_accepting_both_changes_changes_exactly_those_two_fields(delaftale, filled_plan):
    from plans.selectors import PlanAccess

    content = _two_changes(delaftale)
    result = _read(delaftale, content)
    before = _snapshot()

    saved = word_import_apply(
        access=PlanAccess(plan=filled_plan, role="leder"), area_slug=delaftale.focus_area.slug,
        name="delaftale.docx", content=content, accepted=[c.id for c in result.changes],
        user=None)

    assert saved == 2
    assert _differences(before, _snapshot()) == {("Section", "text"),
                                                  ("DelaftaleParty", "organisation")}
    section = _kommunal(delaftale)
    assert section.text.endswith("SSP holder møder hver anden uge.")
    assert section.history.first().history_change_reason == "Import fra Word: delaftale.docx"
    party = DelaftaleParty.objects.get(delaftale=delaftale)
    assert party.history.first().history_change_reason == "Import fra Word: delaftale.docx"


def test_a_sections_own_text_beside_its_list_of_activities_reads_back_into_the_section(
        delaftale):
    sections_write(document=delaftale, texts={"aktiviteter": "Aktiviteterne hænger sammen."})
    content = exported(delaftale.focus_area.plan, delaftale.focus_area.slug)
    assert _read(delaftale, content).changes == []

    def edit(document):
        paragraph_after(document, "Aktiviteter").text = "Aktiviteterne støtter hinanden."

    result = _read(delaftale, edited(content, edit))

    section = delaftale.sections.get(key="aktiviteter")
    assert [(c.field.key, c.after) for c in result.changes] == [
        (f"plans.section:{section.pk}:text", "Aktiviteterne støtter hinanden.")]
    assert result.notes == []


def test_text_the_reader_cannot_place_is_listed(delaftale):
    def edit(document):
        document.add_paragraph("Bilag fra partnerne", style="Heading 2")
        document.add_paragraph("Et afsnit uden plads i planen.")
        # Prose typed under a heading that holds only a table (after the table).
        paragraph_after(document, "Delaftalens parter", 1).insert_paragraph_before(
            "Efter parterne")

    result = _read(delaftale, edited(exported(delaftale.focus_area.plan,
                                              delaftale.focus_area.slug), edit))
    texts = {(n.where, n.text) for n in result.notes}

    assert ("Bilag fra partnerne", "Et afsnit uden plads i planen.") in texts
    assert ("Delaftalens parter", "Efter parterne") in texts
    assert result.changes == []


def test_a_changed_read_only_cell_and_a_new_row_are_listed_not_changed(delaftale):
    def edit(document):
        parties = document.tables[1]
        cells = parties.add_row().cells
        cells[0].text, cells[1].text = "Ny part", "Ny organisation"
        document.tables[0].rows[1].cells[1].text = "Et andet område"

    result = _read(delaftale, edited(exported(delaftale.focus_area.plan,
                                              delaftale.focus_area.slug), edit))
    reasons = {n.reason for n in result.notes}

    assert result.changes == []
    assert "En ny række; tilføj den i Helhedsplan." in reasons
    assert "Vises kun i Word; ret det i Helhedsplan." in reasons


def test_an_empty_goal_is_shown_with_its_error_and_cannot_be_saved(delaftale, filled_plan):
    from django.core.exceptions import ValidationError

    from plans.selectors import PlanAccess

    goal = delaftale.focus_area.goals.get()

    def edit(document):
        for paragraph in document.paragraphs:
            if paragraph.text == goal.text:
                paragraph.text = ""
                paragraph.style = document.styles["List Number"]
                paragraph.add_run("x" * 2001)
                return

    content = edited(exported(filled_plan, delaftale.focus_area.slug), edit)
    result = _read(delaftale, content)

    assert [c.error for c in result.changes] == ["Højst 2000 tegn."]
    with pytest.raises(ValidationError):
        word_import_apply(access=PlanAccess(plan=filled_plan, role="leder"),
                          area_slug=delaftale.focus_area.slug, name="d.docx", content=content,
                          accepted=[result.changes[0].id], user=None)
    goal.refresh_from_db()
    assert len(goal.text) < 2000


# --- Through the pages ------------------------------------------------------------------------


def _urls(delaftale):
    args = [delaftale.focus_area.plan.slug, delaftale.focus_area.slug]
    return {name: reverse(f"reporting:{name}", args=args)
            for name in ("word_import", "word_import_preview", "word_import_confirm")}


def _upload(client, delaftale, content, name="delaftale.docx"):
    return client.post(_urls(delaftale)["word_import"],
                       {"file": SimpleUploadedFile(name, content)})


def test_the_leader_accepts_one_change_and_rejects_the_other(leader_client, delaftale):
    party = delaftale.parties.get()
    organisation = party.organisation
    urls = _urls(delaftale)

    assert _upload(leader_client, delaftale, _two_changes(delaftale)).status_code == 302
    page = leader_client.get(urls["word_import_preview"])
    result = page.context["result"]
    prose = next(c for c in result.changes if c.field.name == "text")
    response = leader_client.post(urls["word_import_confirm"], {"accept": [prose.id]})

    assert "SSP holder møder hver anden uge." in page.content.decode()
    assert response.status_code == 302
    party.refresh_from_db()
    assert _kommunal(delaftale).text.endswith("hver anden uge.")
    assert party.organisation == organisation


def test_an_edit_made_after_the_preview_is_never_overwritten(leader_client, delaftale):
    urls = _urls(delaftale)
    _upload(leader_client, delaftale, _two_changes(delaftale))
    ids = [c.id for c in leader_client.get(urls["word_import_preview"]).context["result"].changes]
    Section.objects.filter(pk=_kommunal(delaftale).pk).update(text="Skrevet imens.")

    leader_client.post(urls["word_import_confirm"], {"accept": ids})

    assert _kommunal(delaftale).text == "Skrevet imens."
    assert delaftale.parties.get().organisation == "Gladsaxe Kommune, SSP"


def test_a_board_member_cannot_import(board_client, delaftale):
    response = _upload(board_client, delaftale, _two_changes(delaftale))

    assert response.status_code == 403


def test_a_file_that_is_not_ours_is_refused_in_danish(leader_client, delaftale):
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("Referat", style="Heading 1")
    document.add_paragraph("Dagsorden", style="Heading 2")
    buffer = io.BytesIO()
    document.save(buffer)
    before = _snapshot()

    response = _upload(leader_client, delaftale, buffer.getvalue(), "referat.docx")

    assert response.status_code == 400
    assert "ingen af dens overskrifter genkendes" in response.content.decode()
    assert _snapshot() == before


def test_generated_input_to_the_accept_form_never_breaks_it_or_writes(leader_client, delaftale):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    urls = _urls(delaftale)
    _upload(leader_client, delaftale, _two_changes(delaftale))
    before = _snapshot()

    @settings(max_examples=10, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(["accept", "confirm", "x"]),
                           st.lists(st.text(max_size=30), max_size=3), max_size=3))
    def post(data):
        response = leader_client.post(urls["word_import_confirm"], data)
        assert response.status_code < 500
        assert _snapshot() == before

    post()
