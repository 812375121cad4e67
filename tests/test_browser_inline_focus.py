"""Inline editing keeps your place: after an htmx save the saved row has the focus (not the page
body), and the live region says what was saved, so a screen reader user hears the result."""

import pytest
from playwright.sync_api import expect, sync_playwright

from activities.models import Measurement
from plans.models import Membership
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    DelaftaleFactory,
    FocusAreaFactory,
    MembershipFactory,
    PlanFactory,
)
from tests.test_browser import CHROMIUM, CHROMIUM_ARGS, PASSWORD, require_chromium, sign_in

FOCUS_IN = "(selector) => { const row = document.querySelector(selector);"\
    " return !!row && row.contains(document.activeElement); }"


def focus_is_in(page, selector) -> bool:
    """Waits (up to the page's timeout) until the focus is inside `selector`; htmx moves it
    when the swapped section has settled, a moment after the new content shows."""
    try:
        page.wait_for_function(FOCUS_IN, arg=selector)
    except Exception:  # noqa: BLE001 - the assertion below reports where the focus is
        return False
    return True


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_focus_returns_to_the_saved_row_and_the_result_is_announced(live_server, monkeypatch):
    require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    plan = PlanFactory()
    AgreementFactory(plan=plan)
    membership = MembershipFactory(plan=plan, role=Membership.Role.STAFF)
    delaftale = DelaftaleFactory(focus_area=FocusAreaFactory(plan=plan))
    activity = ActivityFactory(delaftale=delaftale, name="Lektiecafé", responsible=membership)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(locale="da-DK", viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            sign_in(page, live_server.url, membership.user.username, PASSWORD)
            page.goto(f"{live_server.url}/planer/{plan.slug}/aktivitet/{activity.pk}/")
            live = page.locator("#live-status")
            expect(live).to_have_attribute("aria-live", "polite")

            # A goal, added with the keyboard only: the new row has the focus afterwards.
            page.locator(f"#goals-{activity.pk} > a.btn").focus()
            page.keyboard.press("Enter")
            form = page.locator(f"#slot-goals-{activity.pk} form")
            expect(form.locator("#id_text")).to_be_focused()
            page.keyboard.type("Flere unge laver lektier hver uge")
            form.locator("button[type=submit]").focus()
            page.keyboard.press("Enter")
            goal = page.locator(f"#goals-{activity.pk} li[data-row]")
            expect(goal).to_contain_text("Flere unge laver lektier hver uge")
            expect(live).to_contain_text("Gemt: mål “Flere unge laver lektier hver uge”.")
            goal_row = goal.get_attribute("data-row")
            assert focus_is_in(page, f'[data-row="{goal_row}"]')
            assert page.evaluate("document.activeElement !== document.body")

            # A criterion and a measurement; then the measurement is edited inline.
            page.locator(f"#criteria-{activity.pk} > a.btn").click()
            form = page.locator(f"#slot-criteria-{activity.pk} form")
            form.locator("#id_text").fill("20 unge deltager hver uge")
            form.locator("#id_kind").select_option("antal")
            form.locator("#id_target_value").fill("20")
            form.locator("button[type=submit]").click()
            criterion = page.locator(f"#criteria-{activity.pk} article.criterion")
            expect(live).to_contain_text("Gemt: succeskriterium")
            assert focus_is_in(page, f"#criteria-{activity.pk} article.criterion")

            criterion.get_by_role("link", name="Tilføj måling").click()
            form = criterion.locator("form.inline-form")
            form.locator("#id_value").fill("12")
            form.locator("#id_measured_on").fill("2021-06-30")
            form.locator("button[type=submit]").click()
            expect(live).to_contain_text("Gemt: måling")
            measurement = Measurement.objects.get()
            row = f'[data-row="maalinger-{measurement.pk}"]'
            expect(page.locator(row)).to_contain_text("12")
            assert focus_is_in(page, row)

            page.locator(row).get_by_role("link", name="Rediger").click()
            form = page.locator(f"#criterion-{measurement.criterion_id} form.inline-form")
            form.locator("#id_value").fill("15")
            form.locator("#id_comment").fill("Efterårsholdet")
            form.locator("button[type=submit]").click()
            expect(page.locator(row)).to_contain_text("Efterårsholdet")
            assert focus_is_in(page, row), page.evaluate("document.activeElement.tagName")
            # The focused row shows a focus ring (WCAG 2.4.7).
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline == "solid"
            expect(live).to_have_text("Gemt: måling “20 unge deltager hver uge · 30.06.2021”.")

            # A form closed unsaved (Escape) gives the focus back to the link that opened it.
            add = page.locator(f"#criterion-{measurement.criterion_id}").get_by_role(
                "link", name="Tilføj måling"
            )
            add.focus()
            page.keyboard.press("Enter")
            expect(page.locator("form.inline-form #id_value")).to_be_focused()
            page.keyboard.press("Escape")
            expect(page.locator("form.inline-form")).to_have_count(0)
            expect(add).to_be_focused()

            # A delete: the row is gone, the focus is on the section's heading.
            page.once("dialog", lambda dialog: dialog.accept())
            page.locator(f"#goals-{activity.pk} li[data-row]").get_by_role(
                "link", name="Slet"
            ).click()
            expect(page.locator(f"#goals-{activity.pk} li[data-row]")).to_have_count(0)
            expect(page.locator(f"#goals-{activity.pk} h2")).to_be_focused()
            expect(live).to_have_text("Slettet.")
        finally:
            browser.close()
