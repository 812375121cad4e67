"""The boligsocial leder's key journey, clicked through in a real browser (Debian's Chromium).

Elements are found by URL, id and name rather than by visible text, so that rewording the
interface does not break the test. Names of areas and rule sets are data, safe to select by.
"""

import os
import re

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from .factories import UserFactory, may_create_plans

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "hemmeligt-kodeord-42"  # the one UserFactory sets
SCREENSHOT = "/tmp/browser-journey.png"
CHOSEN_AREAS = ["Tryghed og trivsel", "Kriminalpræventiv indsats", "Uddannelse og beskæftigelse"]


def require_chromium() -> None:
    """Skip with a hint where no browser is installed; under CI a missing browser fails."""
    if not os.path.exists(CHROMIUM):
        message = (
            f"Chromium was not found at {CHROMIUM}. Install it with "
            "`apt-get update && apt-get install -y chromium` (never `playwright install`)."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/konto/log-ind/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("#main form button[type=submit]").click()
    expect(page).to_have_url(f"{base_url}/planer/")


def submit(page: Page) -> None:
    """Press the primary button of the page's own form (not the language or sign-out forms)."""
    page.locator("#main form[method=post] button.btn-primary").click()


def goal_items(page: Page, scope: str = "#main"):
    """The mål list items: the ones carrying the row actions of a mål."""
    return page.locator(f'{scope} li:has(.row-actions a[href*="/maal/"])')


def watch_for_problems(page: Page) -> tuple[list[str], list[str]]:
    """Collect console errors and static files the browser could not load."""
    console_errors: list[str] = []
    missing_static: list[str] = []

    def on_console(msg):
        where = msg.location.get("url", "")
        if msg.type == "error":
            console_errors.append(f"{msg.text} ({where})")

    def on_response(response):
        if "/static/" in response.url and response.status >= 400:
            missing_static.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    return console_errors, missing_static


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leader_writes_plan_agreement_and_delaftale_in_the_browser(live_server, monkeypatch):
    require_chromium()
    # Playwright's sync API runs an event loop in this thread; Django's ORM must allow it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    user = may_create_plans(UserFactory())
    url = live_server.url

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            # A Danish browser, as the leder's would be (the UI is Danish whatever it asks for).
            page = browser.new_page(locale="da-DK", viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            console_errors, missing_static = watch_for_problems(page)

            # 1. Sign in.
            sign_in(page, url, user.username, PASSWORD)
            expect(page.locator("html")).to_have_attribute("lang", "da")

            # 2. Create a plan under the 2015-18 rule set; the next step is its focus areas.
            page.goto(f"{url}/planer/ny/")
            page.fill("#id_name", "Helhedsplan for Søndergården")
            page.fill("#id_area_name", "Søndergården")
            page.select_option("#id_rule_set", label="2015-18-midlerne")
            page.fill("#id_period_start", "2020-04-01")
            page.fill("#id_period_end", "2024-03-31")
            submit(page)
            expect(page).to_have_url(re.compile(r"/planer/[\w-]+/indsatsomraader/$"))
            plan_url = page.url.removesuffix("indsatsomraader/")

            # 3. Choose three indsatsområder of the rule set.
            for area in CHOSEN_AREAS:
                page.get_by_label(area, exact=True).check()
            submit(page)
            expect(page.locator(".alert-success")).to_be_visible()
            area_links = page.locator(f'#main a[href^="{plan_url.removeprefix(url)}indsats"]')
            expect(area_links.filter(has_text=CHOSEN_AREAS[0])).to_be_visible()
            for area in CHOSEN_AREAS:
                expect(page.locator("#main .list-group")).to_contain_text(area)

            # 4. Write section 1 (purpose) of the strategic agreement with a bullet list.
            page.locator('.nav-tabs a[href$="/samarbejdsaftale/"]').click()
            expect(page).to_have_url(f"{plan_url}samarbejdsaftale/")
            section = page.locator(".section-card").filter(
                has=page.locator("h2", has_text="1. Formål med og rammer for indsatsen")
            )
            section.locator(".card-header a", has_text="Rediger").first.click()
            page.fill("#id_text", "Indsatsen skal styrke trivslen.\n\n- Første punkt\n- Andet")
            submit(page)
            expect(page).to_have_url(f"{plan_url}samarbejdsaftale/")
            expect(section.locator(".prose ul > li").first).to_have_text("Første punkt")
            expect(section.locator(".prose p").first).to_have_text(
                "Indsatsen skal styrke trivslen."
            )

            # 5a. Add a mål to one focus area.
            page.goto(f"{plan_url}indsatsomraader/")
            area_links.filter(has_text=CHOSEN_AREAS[0]).click()
            expect(page.locator("h1")).to_have_text(CHOSEN_AREAS[0])
            area_url = page.url
            page.locator('#main a[href*="/maal/ny/"]').click()
            page.fill("#id_text", "Flere beboere føler sig trygge i området")
            submit(page)
            expect(page).to_have_url(area_url)
            expect(goal_items(page)).to_have_count(1)
            expect(goal_items(page)).to_contain_text("Flere beboere føler sig trygge i området")

            # 5b. Create the area's delaftale; the form comes with the area chosen.
            page.locator('#main a[href*="/delaftaler/ny/?omraade="]').click()
            expect(page.locator("#id_focus_area option:checked")).to_have_text(CHOSEN_AREAS[0])
            submit(page)
            expect(page).to_have_url(re.compile(r"/delaftaler/[\w-]+/$"))
            delaftale_url = page.url

            # 5c. Add a medarbejderressource with a share in percent.
            page.locator('#main a[href*="/medarbejderressourcer/ny/"]').click()
            page.fill("#id_role", "Boligsocial netværksmedarbejder")
            page.fill("#id_organisation", "Boligselskabet Søndergården")
            page.fill("#id_share_percent", "75")
            submit(page)
            expect(page).to_have_url(delaftale_url)

            # 6. The delaftale shows both the goal and the staff resource.
            expect(page.locator("h1")).to_have_text(CHOSEN_AREAS[0])
            expect(goal_items(page, "#main")).to_contain_text(
                "Flere beboere føler sig trygge i området"
            )
            resource = page.locator(
                "#main tr", has=page.locator('a[href*="/medarbejderressourcer/"]')
            ).first
            expect(resource.locator("td").nth(0)).to_have_text("Boligsocial netværksmedarbejder")
            expect(resource.locator("td").nth(1)).to_have_text("Boligselskabet Søndergården")
            expect(resource.locator("td").nth(2)).to_have_text("75 %")
            page.screenshot(path=SCREENSHOT, full_page=True)

            # live_server serves static/ (django.contrib.staticfiles is installed), so the
            # page's CSS and JS must load and nothing may complain in the console.
            assert missing_static == []
            assert console_errors == []
        finally:
            browser.close()
