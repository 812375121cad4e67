"""Approval through the pages: buttons, the frozen PDF, downloads after later edits, compare."""

import hashlib
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.models import ApprovalState, Delaftale, DocumentVersion, StrategicAgreement
from tests.plan_rows import section_edit


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def delaftale(filled_plan):
    return Delaftale.objects.get(focus_area__plan=filled_plan)


def _page(plan, delaftale):
    return reverse("activities:delaftale_detail", args=[plan.slug, delaftale.focus_area.slug])


def _act(client, plan, delaftale, action, reason=""):
    url = reverse("reporting:delaftale_transition", args=[plan.slug, delaftale.focus_area.slug])
    return client.post(url, {"action": action, "reason": reason})


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _approve(leader_client, board_client, plan, delaftale):
    _act(leader_client, plan, delaftale, "submit")
    response = _act(board_client, plan, delaftale, "approve")
    assert response.status_code == 302
    return DocumentVersion.objects.get(plan=plan, number=1)


def test_the_leader_sees_the_submit_button_and_the_board_does_not(
    leader_client, board_client, filled_plan, delaftale
):
    assert "Indstil til bestyrelsen" in leader_client.get(_page(filled_plan, delaftale)).text
    assert "Indstil til bestyrelsen" not in board_client.get(_page(filled_plan, delaftale)).text


def test_board_approval_freezes_a_stamped_pdf_with_its_hash(
    leader_client, board_client, filled_plan, delaftale
):
    version = _approve(leader_client, board_client, filled_plan, delaftale)

    stored = version.pdf.read()
    assert hashlib.sha256(stored).hexdigest() == version.sha256
    text = _pdf_text(stored)
    assert "Godkendt af bestyrelsen" in text
    assert "version 1" in text
    assert "KLADDE" not in text
    assert version.data["blocks"]
    delaftale.refresh_from_db()
    assert delaftale.approval_state == ApprovalState.BOARD_APPROVED


def test_after_an_edit_the_approved_pdf_is_unchanged_and_still_downloadable(
    leader_client, board_client, filled_plan, delaftale
):
    version = _approve(leader_client, board_client, filled_plan, delaftale)
    edit, data = section_edit(delaftale.sections.get(key="kommunal"), "Ny tekst om kommunen")
    assert leader_client.post(edit, data).status_code == 302

    page = leader_client.get(_page(filled_plan, delaftale)).text
    assert "ændret siden version 1" in page
    download = board_client.get(reverse("activities:version_pdf", args=[filled_plan.slug,
                                                                        version.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")  # saved, to send on
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == DocumentVersion.objects.get().sha256

    compare = board_client.get(
        reverse("activities:delaftale_compare", args=[filled_plan.slug,
                                                      delaftale.focus_area.slug])
    )
    assert compare.status_code == 200
    assert "Ny tekst om kommunen" in compare.text


def test_a_reader_cannot_approve(leader_client, reader_client, filled_plan, delaftale):
    _act(leader_client, filled_plan, delaftale, "submit")
    assert _act(reader_client, filled_plan, delaftale, "approve").status_code == 403
    delaftale.refresh_from_db()
    assert delaftale.approval_state == ApprovalState.SUBMITTED
    assert not DocumentVersion.objects.exists()


def test_a_return_without_reason_shows_a_message_and_changes_nothing(
    leader_client, board_client, filled_plan, delaftale
):
    _act(leader_client, filled_plan, delaftale, "submit")
    response = _act(board_client, filled_plan, delaftale, "return")
    assert response.status_code == 302
    page = board_client.get(response.url).text
    assert "Skriv hvorfor" in page
    delaftale.refresh_from_db()
    assert delaftale.approval_state == ApprovalState.SUBMITTED


def test_an_unknown_action_is_refused(leader_client, filled_plan, delaftale):
    assert _act(leader_client, filled_plan, delaftale, "publish").status_code == 403


def test_a_version_of_another_plan_answers_404(
    leader_client, board_client, filled_plan, delaftale, outsider_client, outsider
):
    version = _approve(leader_client, board_client, filled_plan, delaftale)
    other_slug = outsider.plan_memberships.get().plan.slug
    url = reverse("activities:version_pdf", args=[other_slug, version.pk])
    assert outsider_client.get(url).status_code == 404


def test_the_agreement_goes_to_lbf_and_back(leader_client, board_client, filled_plan):
    url = reverse("reporting:agreement_transition", args=[filled_plan.slug])
    for client, action in [
        (leader_client, "submit"),
        (board_client, "approve"),
        (leader_client, "send_to_lbf"),
        (leader_client, "lbf_approve"),
    ]:
        assert client.post(url, {"action": action}).status_code == 302
    agreement = StrategicAgreement.objects.get(plan=filled_plan)
    assert agreement.approval_state == ApprovalState.LBF_APPROVED
    states = list(DocumentVersion.objects.order_by("number").values_list("state", flat=True))
    assert states == [ApprovalState.BOARD_APPROVED, ApprovalState.LBF_APPROVED]
    page = leader_client.get(reverse("activities:agreement_detail", args=[filled_plan.slug]))
    assert "Godkendt af LBF" in page.text


def test_compare_refuses_an_unknown_version_and_a_document_without_versions(
    leader_client, board_client, filled_plan, delaftale
):
    url = reverse("activities:delaftale_compare", args=[filled_plan.slug,
                                                        delaftale.focus_area.slug])
    assert leader_client.get(url).status_code == 404  # nothing approved yet
    _approve(leader_client, board_client, filled_plan, delaftale)
    assert leader_client.get(url, {"a": "999999"}).status_code == 404
    same = leader_client.get(url, {"a": "kladde", "b": "kladde"})
    assert "Ingen forskelle" in same.text


def test_a_print_of_the_live_delaftale_says_approved_until_it_changes(
    leader_client, board_client, filled_plan, delaftale
):
    pdf_url = reverse("reporting:pdf",
                      args=[filled_plan.slug, f"delaftale:{delaftale.focus_area.slug}"])

    def printed():
        response = leader_client.get(pdf_url)
        assert response.status_code == 200
        return _pdf_text(response.content)

    assert "KLADDE – ikke godkendt" in printed()
    _approve(leader_client, board_client, filled_plan, delaftale)
    text = printed()
    assert "Godkendt af bestyrelsen" in text and "version 1" in text
    assert "KLADDE" not in text

    edit, data = section_edit(delaftale.sections.get(key="kommunal"),
                              "Ny tekst efter godkendelsen")
    assert leader_client.post(edit, data).status_code == 302
    assert "KLADDE – ændret siden version 1" in printed()
    # The whole plan is approved only when the agreement and every delaftale are.
    whole = reverse("reporting:pdf", args=[filled_plan.slug, "plan"])
    assert "KLADDE" in _pdf_text(_download(leader_client, whole))


def _download(client, url) -> bytes:
    response = client.get(url)
    if response.status_code == 302:  # made in the background (inline under the tests)
        from reporting.models import RenderedDocument

        job = RenderedDocument.objects.latest("created_at")  # the pk is a random UUID
        response = client.get(reverse("reporting:job_download", args=[job.plan.slug, job.pk]))
        return b"".join(response.streaming_content)
    return response.content


def test_the_whole_plan_prints_approved_when_every_document_is(
    leader_client, board_client, filled_plan, delaftale
):
    _approve(leader_client, board_client, filled_plan, delaftale)
    url = reverse("reporting:agreement_transition", args=[filled_plan.slug])
    leader_client.post(url, {"action": "submit"})
    assert board_client.post(url, {"action": "approve"}).status_code == 302

    text = _pdf_text(_download(leader_client, reverse("reporting:pdf",
                                                       args=[filled_plan.slug, "plan"])))

    assert "Godkendt: samarbejdsaftalen og alle delaftaler" in text
    assert "KLADDE" not in text
