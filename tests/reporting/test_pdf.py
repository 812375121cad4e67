"""The LBF documents: their text, the restricted renderer, caching, the command and the views."""

import datetime
import io
import os
import re
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from activities.models import Activity, SuccessCriterion
from devtools.sample import sample_plan
from reporting import pdf
from reporting.documents import DocumentSpec, build_document
from reporting.pdf import render

LBF_HEADINGS = [  # LBF's own wording, as in its template (seed 001)
    "Strategisk samarbejdsaftale om boligsocial indsats",
    "Aftaledokumenter",
    "Formål med og rammer for indsatsen",
    "Organisering",
    "Samspil med øvrige tiltag og indsatser i lokalområdet",
    "Boligsociale Data – Tværgående målinger",
    "Indsatsområder",
    "Lokal evaluering og løbende opfølgning",
    "Ressourcer i den boligsociale indsats",
    "Underretning",
    "Konflikthåndtering",
    "Revision af samarbejdsaftalen",
    "Delaftale for indsatsområdet",
    "Problemkompleks",
    "Succeskriterier og datakilde for aktiviteten",
    "Medarbejderressourcer",
    "Sammenhæng med den kommunale indsats",
    "Indsatsområdets økonomi i henhold til budget",
    "Revision af delaftalen",
    "Milepælsplan",
    "Budget og finansiering",
    "Organisationsdiagram",
]


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def big_plan(leader):
    return sample_plan(user=leader, slug="stor-plan")


def _text(data: bytes, page: int | None = None) -> str:
    """The PDF's text (of one page) as pdftotext reads it, in one line."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    result = subprocess.run(
        ["pdftotext", "-layout", *pages, "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def _render(plan, spec):
    document = build_document(plan, DocumentSpec.parse(spec))
    return pdf.build(document.parts, document.stamp, document.toc)


def test_whole_plan_pdf_holds_every_heading_activity_criterion_and_the_totals(big_plan):
    rendered = _render(big_plan, "plan")
    text = _text(rendered.pdf)

    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.pages >= 35
    for heading in LBF_HEADINGS:
        assert heading in text, heading
    for activity in Activity.objects.filter(delaftale__focus_area__plan=big_plan):
        assert activity.name in text, activity.name
    for criterion in SuccessCriterion.objects.filter(
        activity__delaftale__focus_area__plan=big_plan
    ):
        assert criterion.data_source in text, criterion.data_source
    assert "12.000.000 kr." in text and "9.000.000 kr." in text and "3.000.000 kr." in text
    assert "25,0 %" in text
    assert f"Side 1 af {rendered.pages}" not in text  # the cover carries no footer
    assert f"Side {rendered.pages} af {rendered.pages}" in text
    assert "KLADDE" in text


def test_budget_shows_every_source_of_financing_and_the_spending(big_plan):
    text = _text(_render(big_plan, "budget").pdf)

    assert "Finansiering pr. kilde" in text
    # The sample plan: LBF 750.000 and the kommune 250.000 kr. a year in each of three areas.
    assert re.search(r"Landsbyggefonden( 2\.250\.000 kr\.){4} 9\.000\.000 kr\.", text)
    assert re.search(r"Kommunen \(Kommune\)( 750\.000 kr\.){4} 3\.000\.000 kr\.", text)
    assert "Forbrug i forhold til budgettet" in text


def test_the_whole_plan_leaves_out_years_without_milestones(big_plan):
    from activities.models import Milestone

    Milestone.objects.filter(plan=big_plan).exclude(due_year=2021).delete()

    text = _text(_render(big_plan, "plan").pdf)

    assert "Milepælsplan 2021" in text
    assert "Milepælsplan 2020" not in text and "Milepælsplan 2023" not in text
    # Its own print of an empty year still exists, and says so.
    assert "Ingen milepæle i år" in _text(_render(big_plan, "milestones:2020").pdf)


def test_table_of_contents_points_at_the_right_pages(big_plan):
    rendered = _render(big_plan, "plan")
    reader = PdfReader(io.BytesIO(rendered.pdf))
    # The second page, with its dotted leaders read as one space.
    toc_text = re.sub(r" ?\.{3,} ?", " ", _text(rendered.pdf, page=2))
    # Only the budget part has the column "Budgetlinje", from its first page on.
    budget_page = next(
        i
        for i, page in enumerate(reader.pages, start=1)
        if "Budgetlinje" in (page.extract_text() or "")
    )
    organisation_page = rendered.pages  # the organisation part is last and one page long

    assert f"Budget og finansiering {budget_page}" in toc_text
    assert f"Organisationsdiagram {organisation_page}" in toc_text


def test_table_of_contents_of_another_length_than_assumed_is_numbered_again(
    big_plan, monkeypatch
):
    expected = re.sub(r" ?\.{3,} ?", " ", _text(_render(big_plan, "plan").pdf, page=2))
    # Assume two pages of contents where there is one: the first guess is wrong.
    monkeypatch.setattr(pdf.TocBuilder, "toc_pages", 2)

    rendered = _render(big_plan, "plan")

    assert re.sub(r" ?\.{3,} ?", " ", _text(rendered.pdf, page=2)) == expected
    assert "Side 3 af" in _text(rendered.pdf, page=3)


def test_one_changed_activity_renders_one_part_again(big_plan):
    _render(big_plan, "plan")
    activity = Activity.objects.filter(delaftale__focus_area__plan=big_plan).first()
    activity.purpose = "Et nyt formål."
    activity.save()

    document = build_document(big_plan, DocumentSpec.parse("plan"))

    assert [part.key for part in pdf.uncached(document.parts)] == [f"activity-{activity.pk}"]


def test_a_changed_stylesheet_renders_every_part_again(big_plan, monkeypatch):
    _render(big_plan, "plan")
    document = build_document(big_plan, DocumentSpec.parse("plan"))
    assert pdf.uncached(document.parts) == []

    text, _digest = render._stylesheet()
    changed = text + "\nh1 { color: black; }"
    monkeypatch.setattr(render, "_stylesheet", lambda: (changed, "another digest"))

    assert pdf.uncached(document.parts) == document.parts


def test_the_part_cache_keeps_the_most_recently_used_parts(monkeypatch):
    parts = [pdf.Part(f"p{n}", "", f"<html><body><p>Del {n}</p></body></html>") for n in range(3)]
    pdf.render_parts(parts[:2])
    for age, part in enumerate(parts[:2]):  # p0 is the older one
        os.utime(pdf.cache_dir() / f"{part.digest}.pdf", (1000 + age, 1000 + age))
    monkeypatch.setattr(render, "CACHE_MAX_FILES", 2)
    os.utime(pdf.cache_dir() / "trimmed", (1000, 1000))  # ten minutes have passed

    pdf.render_parts(parts[2:])  # a new part is stored: the cache is trimmed to two

    assert [part.key for part in parts if not pdf.uncached([part])] == ["p1", "p2"]


def test_a_delaftale_reuses_the_parts_of_the_whole_plan(big_plan):
    _render(big_plan, "plan")
    area = big_plan.focus_areas.first()

    document = build_document(big_plan, DocumentSpec.parse(f"delaftale:{area.slug}"))

    assert pdf.uncached(document.parts) == []


def test_markup_in_user_text_prints_as_text(big_plan):
    big_plan.name = '<img src="file:///etc/passwd">'
    big_plan.save()
    area = big_plan.focus_areas.first()
    area.problem = "<script>alert(1)</script> **fed**"
    area.save()

    text = _text(_render(big_plan, f"delaftale:{area.slug}").pdf)

    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    assert "root:x:0:0" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/x.css",
        "https://helhedsplan.invalid/media/x",
        "https://helhedsplan.invalid/static/../../../etc/passwd",
        "data:text/plain,hej",
        "https://helhedsplan.invalid/static/findes-ikke.css",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.StaticOnlyFetcher().fetch(url)


def test_the_fetcher_serves_the_print_stylesheet():
    response = pdf.StaticOnlyFetcher().fetch(pdf.BASE_URL + "static/css/print.css")

    assert b"@page" in response.read()


def test_a_referenced_local_file_never_reaches_the_pdf(tmp_path):
    secret = tmp_path / "hemmelig.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    html = f'<html><body><p>Synlig</p><img src="file://{secret}"></body></html>'

    data = pdf.render_html(html)

    assert b"0000000000" not in data
    assert "Synlig" in _text(data)


def test_export_pdf_command_writes_the_document(big_plan, tmp_path):
    target = tmp_path / "budget.pdf"

    call_command("export_pdf", big_plan.slug, "budget", "-o", str(target))

    assert target.read_bytes().startswith(b"%PDF")
    assert "Budget og finansiering" in _text(target.read_bytes())


@pytest.mark.parametrize(
    "plan_slug, document",
    [
        ("findes-ikke", "plan"),
        ("stor-plan", "delaftale:findes-ikke"),
        ("stor-plan", "results:1999"),
        ("stor-plan", "noget-andet"),
        ("stor-plan", "milestones:"),
    ],
)
def test_export_pdf_refuses_unknown_plans_and_documents(big_plan, tmp_path, plan_slug, document):
    with pytest.raises(CommandError):
        call_command("export_pdf", plan_slug, document, "-o", str(tmp_path / "x.pdf"))


def test_results_report_shows_status_and_reason(big_plan):
    text = _text(_render(big_plan, "results:2021").pdf)

    assert "Målopfyldelse 2021" in text
    assert "seneste måling" in text


# --- Views ----------------------------------------------------------------------------------


def test_documents_page_lists_every_document(leader_client, big_plan):
    page = leader_client.get(reverse("reporting:documents", args=[big_plan.slug])).content.decode()

    for spec in ("plan", "agreement", "budget", "milestones:2021", "results:2022"):
        assert reverse("reporting:pdf", args=[big_plan.slug, spec]) in page


def test_preview_uses_the_same_template_as_the_pdf(leader_client, big_plan):
    area = big_plan.focus_areas.first()
    response = leader_client.get(
        reverse("reporting:preview", args=[big_plan.slug, f"delaftale:{area.slug}"])
    )

    assert response.status_code == 200
    assert "Medarbejderressourcer" in response.content.decode()
    assert "Sammenhæng med den kommunale indsats" in response.content.decode()


def test_a_delaftale_pdf_comes_at_once(leader_client, big_plan):
    # Never rendered here: a delaftale is guessed to be quick, waited for and sent at once.
    area = big_plan.focus_areas.first()

    response = leader_client.get(
        reverse("reporting:pdf", args=[big_plan.slug, f"delaftale:{area.slug}"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_whole_plan_is_made_in_the_background_with_progress(leader_client, big_plan):
    # Never rendered here: the whole plan is guessed to be long.
    response = leader_client.get(reverse("reporting:pdf", args=[big_plan.slug, "plan"]))

    assert response.status_code == 302
    job_page = leader_client.get(response.url)
    assert "Dokumentet er klar" in job_page.content.decode()
    job = big_plan.rendered_documents.get()
    download = leader_client.get(reverse("reporting:job_download", args=[big_plan.slug, job.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def _past_render(plan, spec, seconds):
    from django.utils import timezone

    from reporting.models import RenderedDocument

    finished = timezone.now()
    RenderedDocument.objects.create(
        plan=plan, spec=spec, title="", status=RenderedDocument.Status.DONE,
        started_at=finished - datetime.timedelta(seconds=seconds), finished_at=finished,
    )


def test_the_whole_plan_comes_at_once_where_rendering_has_proved_fast(leader_client, big_plan):
    # Its last render (stored on the job row) took 1.2 s: this one is waited for.
    _past_render(big_plan, "plan", 1.2)

    response = leader_client.get(reverse("reporting:pdf", args=[big_plan.slug, "plan"]))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_the_estimate_is_the_documents_last_render_time(leader, big_plan):
    from reporting import services

    other = sample_plan(user=leader, slug="anden-plan")
    plan_spec, budget = DocumentSpec.parse("plan"), DocumentSpec.parse("budget")
    assert services.render_estimate(big_plan, plan_spec) == services.GUESSED_SECONDS["plan"]
    assert services.render_estimate(big_plan, budget) == services.DEFAULT_GUESS_SECONDS

    _past_render(other, "plan", 40)  # another plan's whole PDF: the best guess so far
    assert services.render_estimate(big_plan, plan_spec) == 40
    _past_render(big_plan, "plan", 90)
    _past_render(other, "plan", 5)  # newer, but this plan's own render counts first
    assert services.render_estimate(big_plan, plan_spec) == 90
    assert services.render_estimate(big_plan, budget) == services.DEFAULT_GUESS_SECONDS


@pytest.mark.parametrize("spec", ["plan:x", "milestones:abc", "results:1999", "delaftale:nej"])
def test_unknown_documents_answer_404(leader_client, big_plan, spec):
    response = leader_client.get(reverse("reporting:preview", args=[big_plan.slug, spec]))

    assert response.status_code == 404


def test_the_stamp_prints_any_plan_name_as_text_and_numbers_every_page():
    # The header is laid out by WeasyPrint from CSS strings: quotes, backslashes and markup
    # in a plan's name are printed, never read as CSS or HTML.
    name = 'Plan "Nord" \\ </style><p>x</p>'
    parts = [pdf.Part(f"p{n}", "", f"<html><body><p>Del {n}</p></body></html>") for n in range(2)]
    stamp = pdf.Stamp(plan=name, document="Doc", status="KLADDE", printed="1. maj 2024")

    rendered = pdf.join(parts, pdf.render_parts(parts), stamp)

    assert rendered.pages == 2
    for page in (1, 2):
        text = _text(rendered.pdf, page=page)
        assert f"{name} · Doc" in text
        assert f"Side {page} af 2" in text and "Udskrevet 1. maj 2024" in text


def test_joined_parts_keep_their_internal_links_and_the_outline():
    # An internal link names its target; the joined document holds the name, on the page of
    # the part the link is in, and the parts' headings are in its outline.
    parts = [
        pdf.Part(f"p{n}", f"Del {n}", f"<html><body><h1>Del {n}</h1><p><a href='#mål'>Mål</a></p>"
                 f"<h2 id='mål' style='break-before: page'>Mål {n}</h2></body></html>",
                 toc_headings=True)
        for n in range(2)
    ]
    stamp = pdf.Stamp(plan="Plan", document="Doc", status="KLADDE", printed="1. maj 2024")

    rendered = pdf.join(parts, pdf.render_parts(parts), stamp)

    reader = PdfReader(io.BytesIO(rendered.pdf))
    assert rendered.pages == 4 and rendered.starts == [1, 3]
    # The first part's target: a name is the first part's where two parts use it.
    assert reader.get_destination_page_number(reader.named_destinations["mål"]) == 1
    assert [(item.title, reader.get_destination_page_number(item)) for item in reader.outline] \
        == [("Del 0", 0), ("Mål 0", 1), ("Del 1", 2), ("Mål 1", 3)]
