"""Long pages and phones: the agreement, a delaftale and the board overview have a table of
contents that stays in view on wide screens, and on a phone the plan's tabs are one menu that
works with the keyboard."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from tests.conftest import build_filled_plan
from tests.factories import MembershipFactory
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, require_chromium, sign_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_toc_stays_in_view_and_the_phone_menu_works_with_the_keyboard(live_server, monkeypatch):
    require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    plan = build_filled_plan()
    leader = MembershipFactory(plan=plan, role="leder").user
    area = plan.focus_areas.get()
    agreement = live_server.url + reverse("activities:agreement_detail", args=[plan.slug])

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            # Wide screen: the contents are a column beside the text and stay in view.
            page = browser.new_page(locale="da-DK", viewport={"width": 1280, "height": 700})
            page.set_default_timeout(10_000)
            sign_in(page, live_server.url, leader.username, PASSWORD)
            for url in (
                agreement,
                reverse("activities:delaftale_detail", args=[plan.slug, area.slug]),
                reverse("reporting:dashboard", args=[plan.slug]),
            ):
                page.goto(url if url.startswith("http") else live_server.url + url)
                toc = page.get_by_role("navigation", name="På denne side")
                expect(toc).to_be_visible()
                links = toc.get_by_role("link")
                assert links.count() >= 3
                for href in links.evaluate_all("links => links.map(a => a.hash)"):
                    assert page.locator(href).count() == 1, href  # every entry has a target
                expect(page.locator(".nav-tabs")).to_be_visible()
                expect(page.locator("#plan-menu-button")).to_be_hidden()
            page.goto(agreement)
            toc = page.get_by_role("navigation", name="På denne side")
            toc.get_by_role("link", name="Underskrifter").click()
            expect(page).to_have_url(agreement + "#underskrifter")
            expect(page.locator("#underskrifter")).to_be_in_viewport()
            top = toc.evaluate("nav => nav.getBoundingClientRect().top")
            assert page.evaluate("window.scrollY") > 0
            assert 0 <= top < 50  # sticky: still at the top of the window after the jump

            # Phone: no tabs, one menu button; opened, walked and followed with the keyboard.
            phone = browser.new_page(locale="da-DK", viewport={"width": 375, "height": 740})
            phone.set_default_timeout(10_000)
            sign_in(phone, live_server.url, leader.username, PASSWORD)
            phone.goto(agreement)
            expect(phone.locator(".nav-tabs")).to_be_hidden()
            expect(phone.get_by_role("navigation", name="På denne side")).to_be_hidden()
            expect(phone.locator("details.toc-compact summary")).to_be_visible()
            button = phone.locator("#plan-menu-button")
            expect(button).to_be_visible()
            expect(button).to_contain_text("Strategisk samarbejdsaftale")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375
            button.focus()
            phone.keyboard.press("Enter")
            expect(button).to_have_attribute("aria-expanded", "true")
            menu = phone.locator(".plan-menu .dropdown-menu")
            expect(menu).to_be_visible()
            from reporting.templatetags.plan_tabs import _PLAN_TABS

            assert menu.locator("a").count() == len(_PLAN_TABS)  # every tab, in one menu
            phone.keyboard.press("ArrowDown")
            expect(menu.locator("a").first).to_be_focused()
            budget = [name for _label, name, _also in _PLAN_TABS].index("activities:budget")
            for _step in range(budget):
                phone.keyboard.press("ArrowDown")
            expect(menu.get_by_role("link", name="Budget")).to_be_focused()
            phone.keyboard.press("Escape")
            expect(menu).to_be_hidden()
            expect(button).to_be_focused()
            phone.keyboard.press("Enter")
            phone.keyboard.press("ArrowUp")  # from the button up: the last entry
            expect(menu.get_by_role("link", name="Medlemmer")).to_be_focused()
            phone.keyboard.press("Enter")
            expect(phone).to_have_url(
                live_server.url + reverse("plans:members", args=[plan.slug])
            )
            expect(phone.locator("#plan-menu-button")).to_contain_text("Medlemmer")
        finally:
            browser.close()
