"""Fast entry on an activity's page: criteria, measurements and milestones are added inline
(htmx) in a real browser, without leaving the page, and a typing error keeps what was typed."""

import pytest
from playwright.sync_api import expect, sync_playwright

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


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_staff_member_enters_criteria_measurements_and_milestones_inline(live_server, monkeypatch):
    require_chromium()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    plan = PlanFactory()
    AgreementFactory(plan=plan)
    membership = MembershipFactory(plan=plan, role=Membership.Role.STAFF)
    delaftale = DelaftaleFactory(focus_area=FocusAreaFactory(plan=plan))
    activity = ActivityFactory(delaftale=delaftale, name="Lommepengejob", responsible=membership)
    page_url = f"{live_server.url}/planer/{plan.slug}/aktivitet/{activity.pk}/"

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page(locale="da-DK", viewport={"width": 1280, "height": 900})
            page.set_default_timeout(10_000)
            sign_in(page, live_server.url, membership.user.username, PASSWORD)
            page.goto(page_url)
            navigations = []
            page.on("framenavigated", lambda frame: navigations.append(frame.url))

            # A criterion, typed into the inline form.
            page.locator(f"#criteria-{activity.pk} > a.btn").click()
            form = page.locator(f"#slot-criteria-{activity.pk} form")
            form.locator("#id_text").fill("20 unge gennemfører et lommepengejob om året")
            form.locator("#id_kind").select_option("antal")
            form.locator("#id_baseline_value").fill("0")
            form.locator("#id_target_value").fill("20")
            form.locator("#id_target_year").fill("2030")
            form.locator("#id_data_source").fill("Logbog")
            form.locator("button[type=submit]").click()
            criterion = page.locator(f"#criteria-{activity.pk} article.criterion")
            expect(criterion).to_contain_text("20 unge gennemfører et lommepengejob om året")

            # A measurement with a typing error: the message is Danish, the comment stays.
            criterion.get_by_role("link", name="Tilføj måling").click()
            measurement = criterion.locator("form.inline-form")
            measurement.locator("#id_value").fill("tolv")
            measurement.locator("#id_measured_on").fill("2021-06-30")
            measurement.locator("#id_comment").fill("Sommerholdet")
            measurement.locator("button[type=submit]").click()
            expect(criterion.locator("form.inline-form")).to_contain_text("Indtast et tal")
            expect(criterion.locator("#id_comment")).to_have_value("Sommerholdet")
            criterion.locator("#id_value").fill("12")
            criterion.locator("form.inline-form button[type=submit]").click()
            expect(criterion.locator("tbody")).to_contain_text("12")
            expect(criterion.locator(".badge")).to_have_text("på sporet")

            # A milestone for the activity.
            page.locator(f"#milestones-{activity.pk} > a.btn").click()
            milestone = page.locator(f"#slot-milestones-{activity.pk} form")
            milestone.locator("#id_title").fill("Første hold på 10 unge er i gang")
            milestone.locator("#id_due_year").fill("2021")
            milestone.locator("#id_due_quarter").select_option("2")
            milestone.locator("button[type=submit]").click()
            expect(page.locator(f"#milestones-{activity.pk} tbody")).to_contain_text(
                "Første hold på 10 unge er i gang"
            )

            assert navigations == [], "inline entry must not leave the page"
            page.screenshot(path="/tmp/browser-activity.png", full_page=True)
        finally:
            browser.close()
