"""Journeys through the demo plan in a real browser (Debian's Chromium): what a board member,
a leder and a medarbejder see."""

import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from playwright.sync_api import expect, sync_playwright

from activities.models import Activity, SuccessCriterion
from reporting.management.commands.load_demo import DEMO_PASSWORD, load_demo
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, require_chromium, sign_in

SLUG = "vaerebro-park-2020-23"


@pytest.fixture
def demo(live_server, monkeypatch, settings, tmp_path):
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django's ORM must allow it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    load_demo()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser, live_server.url
        finally:
            browser.close()


def _query(read):
    """Read the database while Playwright runs, in a thread that closes its connection after.
    A query made directly in the test body here opens a connection (Playwright's event loop
    gives the ORM another context) that nobody closes, and PostgreSQL then refuses to drop
    the test database."""

    def run():
        try:
            return read()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


def _page(browser, base, username):
    page = browser.new_page(locale="da-DK", viewport={"width": 1280, "height": 900})
    page.set_default_timeout(15_000)
    sign_in(page, base, username, DEMO_PASSWORD)
    return page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_member_reads_the_overview_opens_a_delaftale_and_downloads_its_pdf(
    demo, monkeypatch
):
    # A delaftale is guessed quick (or its last render here was): it is sent at once.
    browser, base = demo
    page = _page(browser, base, "bestyrelse")

    page.goto(f"{base}/planer/{SLUG}/overblik/")
    expect(page.locator("h1")).to_contain_text("Bestyrelsesoverblik")
    expect(page.locator("body")).to_contain_text("Kræver opmærksomhed")
    expect(page.locator("body")).to_contain_text("Den lokale medfinansiering er 27,0 %")

    page.locator(".nav-tabs a", has_text="Indsatsområder").click()
    page.locator('a[href$="/delaftaler/tryghed-og-trivsel/"]').first.click()
    expect(page.locator("h1")).to_have_text("Tryghed og trivsel")
    economy = page.locator(".section-card").filter(
        has=page.locator("h2", has_text="Indsatsområdets økonomi")
    )
    expect(economy).to_contain_text("3.550.000 kr.")

    page.locator(".nav-tabs a", has_text="Dokumenter").click()
    link = page.locator('a[href$="/dokumenter/pdf/delaftale:tryghed-og-trivsel/"]')
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.body(), capture_output=True, check=True
    ).stdout.decode()
    assert "Delaftale for indsatsområdet Tryghed og trivsel" in text
    assert "3.550.000 kr." in text


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leader_edits_a_criterion_and_sees_it_in_the_delaftale_preview(demo):
    browser, base = demo
    page = _page(browser, base, "leder")
    criterion = _query(lambda: SuccessCriterion.objects.filter(
        activity__delaftale__focus_area__slug="tryghed-og-trivsel",
        activity__delaftale__focus_area__plan__slug=SLUG,
    ).first())

    page.goto(f"{base}/planer/{SLUG}/aktivitet/{criterion.activity_id}/")
    block = page.locator(f"#criterion-{criterion.pk}")
    block.get_by_role("link", name="Rediger kriteriet").click()
    form = block.locator("form.inline-form")
    form.locator("#id_text").fill("Mindst 40 frivillige er aktive hvert år")
    form.locator("button[type=submit]").click()
    expect(page.locator(f"#criterion-{criterion.pk}")).to_contain_text(
        "Mindst 40 frivillige er aktive hvert år"
    )

    page.goto(f"{base}/planer/{SLUG}/dokumenter/vis/delaftale:tryghed-og-trivsel/")
    expect(page.locator("body")).to_contain_text("Mindst 40 frivillige er aktive hvert år")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_member_cannot_open_another_activitys_edit_page(demo):
    browser, base = demo
    page = _page(browser, base, "medarbejder")
    plan_activities = Activity.objects.filter(delaftale__focus_area__plan__slug=SLUG)
    own = _query(lambda: plan_activities.filter(responsible__user__username="medarbejder").first())
    other = _query(
        lambda: plan_activities.exclude(responsible__user__username="medarbejder").first()
    )

    page.goto(f"{base}/planer/{SLUG}/aktiviteter/{own.pk}/")
    expect(page.locator("#id_name")).to_have_value(own.name)

    response = page.goto(f"{base}/planer/{SLUG}/aktiviteter/{other.pk}/")
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Du har ikke adgang til denne side")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_board_downloads_the_approved_delaftale_while_the_leader_edits_a_new_draft(
    demo, settings, tmp_path
):
    """The leder submits, the board approves (version 1 is frozen), the leder starts a new
    draft and keeps typing; meanwhile the board downloads version 1, byte for byte as approved,
    without the draft's text."""
    import hashlib

    from plans.models import DocumentVersion, Section

    settings.MEDIA_ROOT = tmp_path / "media"
    browser, base = demo
    url = f"{base}/planer/{SLUG}/delaftaler/tryghed-og-trivsel/"
    leader = _page(browser, base, "leder")
    board = _page(browser, base, "bestyrelse")

    leader.goto(url)
    approval = leader.locator("#godkendelse")
    approval.locator("summary", has_text="Indstil til bestyrelsen").click()
    approval.get_by_role("button", name="Bekræft: Indstil til bestyrelsen").click()
    expect(leader.locator("#godkendelse [data-approval-state]")).to_have_attribute(
        "data-approval-state", "indstillet"
    )

    board.goto(url)
    approval = board.locator("#godkendelse")
    approval.locator("summary", has_text="Godkend").click()
    approval.get_by_role("button", name="Bekræft: Godkend").click()
    expect(board.locator("#godkendelse")).to_contain_text("Godkendt af bestyrelsen")
    version = _query(
        lambda: DocumentVersion.objects.get(plan__slug=SLUG, area_slug="tryghed-og-trivsel")
    )
    section = _query(lambda: Section.objects.get(
        delaftale__focus_area__plan__slug=SLUG, delaftale__focus_area__slug="tryghed-og-trivsel",
        key="kommunal",
    ))
    approved_words = section.text.split()[:6]

    # The leder starts a new draft: one change saved, the next one half typed.
    edit = f"{base}/planer/{SLUG}/delaftaleafsnit/{section.pk}/"
    leader.goto(edit)
    leader.locator("#id_text").fill("Ny kladdetekst om kommunens rolle")
    leader.locator("#main form[method=post] button.btn-primary").click()
    expect(leader.locator("#godkendelse")).to_contain_text("Kladde, ændret siden version 1")
    leader.goto(edit)
    leader.locator("#id_text").fill("Endnu ikke gemt tekst")

    board.goto(url)
    expect(board.locator("#godkendelse")).to_contain_text("Kladde, ændret siden version 1")
    link = board.locator("#godkendelse").get_by_role("link", name="Hent PDF").first
    with board.expect_download() as download_info:
        link.click()
    pdf = (tmp_path / "v1.pdf")
    download_info.value.save_as(pdf)
    content = pdf.read_bytes()

    assert hashlib.sha256(content).hexdigest() == version.sha256
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    assert "Godkendt af bestyrelsen" in text and "version 1" in text
    assert " ".join(approved_words) in " ".join(text.split())
    assert "Ny kladdetekst" not in text and "Endnu ikke gemt" not in text
    # The leder's typing is still there, unsaved, and the draft kept its saved change.
    expect(leader.locator("#id_text")).to_have_value("Endnu ikke gemt tekst")
