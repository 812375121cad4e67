"""The approval journey with the keyboard only (WCAG 2.1.1 and 2.4.7): the leder signs in, opens
a delaftale, adds a measurement to one of its activities' criteria, saves and submits it; the
board member approves it and downloads the approved PDF. No mouse: only Tab, Enter and typing
(the browser is only told to open the sign-in page). After every key that moves the focus, the
focused element must show a visible focus indicator (an outline or a box shadow) and be on
screen."""

import io
import re

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from pypdf import PdfReader

from reporting.management.commands.load_demo import DEMO_PASSWORD
from tests.test_browser_demo import SLUG, demo  # noqa: F401 (the fixture)

AREA = "tryghed-og-trivsel"  # the demo's draft delaftale
MAX_TABS = 400
# Waiting limits, not speed requirements: submitting and approving render the PDF in the
# request, and a busy machine takes its time.
SLOW = 90_000

FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const box = el.getBoundingClientRect();
  return {
    indicator: outline || shadow,
    size: box.width > 0 && box.height > 0,
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' +
          '[' + style.outlineStyle + ' ' + style.outlineWidth + ' / ' + style.boxShadow +
          ' / focus=' + el.matches(':focus') + '] ' +
          (el.getAttribute('href') || el.getAttribute('name') ||
           el.textContent.trim().slice(0, 40)),
  };
}"""


def assert_focus_visible(page: Page, *, may_leave: bool = False) -> None:
    # Let the browser finish restyling the newly focused element (Bootstrap's focus shadow
    # fades in) before reading its style; a waiting limit, not a speed requirement.
    try:
        page.wait_for_function(
            f"() => {{ const f = ({FOCUS})(); return f === null || (f.indicator && f.size); }}",
            timeout=5_000,
        )
    except PlaywrightTimeout:
        pass  # the assertions below say what is wrong
    focus = page.evaluate(FOCUS)
    if focus is None and may_leave:
        return  # Tab past the last element: the focus is in the browser's own controls
    assert focus is not None, "the focus fell back to the page body"
    assert focus["indicator"], f"no visible focus indicator on {focus['what']}"
    assert focus["size"], f"the focused element is not on screen: {focus['what']}"


IS_TARGET = """([sel, text]) => document.activeElement.matches(sel) &&
  (text === null || document.activeElement.textContent.trim() === text)"""


def tab_to(page: Page, matches: str, text: str | None = None) -> None:
    """Press Tab until the focused element matches the CSS selector `matches` (and has the
    text `text`), unless it has the focus already, checking the focus indicator at every
    step."""
    if page.evaluate(IS_TARGET, [matches, text]):
        assert_focus_visible(page)
        return
    left = 0
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        assert_focus_visible(page, may_leave=left == 0)
        if page.evaluate("() => document.activeElement === document.body"):
            left += 1  # once round the page is allowed, the second time it is not found
            continue
        if page.evaluate(IS_TARGET, [matches, text]):
            return
    raise AssertionError(f"{matches} was not reached with {MAX_TABS} presses of Tab")


def press(page: Page, key: str) -> None:
    page.keyboard.press(key)


def sign_in_with_keyboard(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/konto/log-ind/")
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    tab_to(page, "#id_password")
    page.keyboard.type(DEMO_PASSWORD)
    press(page, "Enter")
    expect(page).to_have_url(f"{base}/planer/", timeout=SLOW)


def open_delaftale(page: Page) -> None:
    tab_to(page, f'a[href$="/planer/{SLUG}/"]')
    press(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/planer/{SLUG}/$"), timeout=SLOW)
    tab_to(page, f'a[href$="/delaftaler/{AREA}/"]')
    press(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/delaftaler/{AREA}/$"), timeout=SLOW)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_leader_and_board_complete_the_approval_with_the_keyboard_only(demo):  # noqa: F811
    browser, base = demo
    context = browser.new_context(
        locale="da-DK", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.bring_to_front()
    page.set_default_timeout(SLOW)

    # 1. The leder signs in and opens the delaftale, then one of its activities.
    sign_in_with_keyboard(page, base, "leder")
    open_delaftale(page)
    tab_to(page, 'a[href*="/aktivitet/"]')
    press(page, "Enter")
    expect(page).to_have_url(re.compile(r"/aktivitet/\d+/$"), timeout=SLOW)

    # 2. Add a measurement to a number criterion: the inline form opens with its first
    # field focused; type the value, Tab to the date, type it, Tab to "Gem", Enter.
    criterion = page.locator("article.criterion").filter(
        has=page.locator('a[href*="/maalinger/ny/"]')
    ).filter(has_not=page.locator("text=Opnået")).first
    criterion_id = criterion.get_attribute("id")
    tab_to(page, f'#{criterion_id} a[href*="/maalinger/ny/"]')
    press(page, "Enter")
    form = page.locator(f"#{criterion_id} form.inline-form")
    expect(form).to_be_visible(timeout=SLOW)
    expect(form.locator("#id_value")).to_be_focused(timeout=SLOW)
    assert_focus_visible(page)
    page.keyboard.type("4321")
    tab_to(page, f"#{criterion_id} #id_measured_on")
    # Day and month alike: the same date whichever order the browser shows them in.
    page.keyboard.type("06062023")
    expect(form.locator("#id_measured_on")).to_have_value("2023-06-06", timeout=SLOW)
    tab_to(page, f"#{criterion_id} form.inline-form button[type=submit]")
    press(page, "Enter")
    expect(page.locator(f"#{criterion_id} table")).to_contain_text("06.06.2023", timeout=SLOW)
    expect(page.locator(f"#{criterion_id} table")).to_contain_text("4.321", timeout=SLOW)

    # 3. Back to the delaftale (the breadcrumb) and submit it to the board.
    tab_to(page, f'a[href$="/delaftaler/{AREA}/"]')
    press(page, "Enter")
    expect(page).to_have_url(re.compile(rf"/delaftaler/{AREA}/$"), timeout=SLOW)
    tab_to(page, "#godkendelse summary", "Indstil til bestyrelsen")
    press(page, "Enter")
    tab_to(page, "#godkendelse button", "Bekræft: Indstil til bestyrelsen")
    press(page, "Enter")
    expect(page.locator("#godkendelse [data-approval-state]")).to_have_attribute(
        "data-approval-state", "indstillet", timeout=SLOW
    )

    # 4. Sign out.
    tab_to(page, 'form[action$="/konto/log-ud/"] button')
    press(page, "Enter")
    expect(page).to_have_url(re.compile(r"/konto/log-ud/$|/konto/log-ind/"), timeout=SLOW)

    # 5. The board member signs in, opens the delaftale and approves it.
    sign_in_with_keyboard(page, base, "bestyrelse")
    open_delaftale(page)
    tab_to(page, "#godkendelse summary", "Godkend")
    press(page, "Enter")
    tab_to(page, "#godkendelse button", "Bekræft: Godkend")
    press(page, "Enter")
    expect(page.locator("#godkendelse")).to_contain_text("Godkendt af bestyrelsen", timeout=SLOW)

    # 6. Download the approved version's PDF: the link, Enter.
    tab_to(page, '#godkendelse a[href$="/pdf/"]')
    with page.expect_download() as download:
        press(page, "Enter")
    content = open(download.value.path(), "rb").read()
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]
    assert content.startswith(b"%PDF")
    assert "/StructTreeRoot" in root and root["/Lang"] == "da"
    assert "Tryghed og trivsel" in (reader.metadata.title or "")
    context.close()
