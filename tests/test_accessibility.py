"""WCAG 2.1 A/AA in the browser: axe-core (vendored in tests/vendor/axe-core-*, from its npm
package) runs in Debian's Chromium on every kind of page a leder and a board member reach by
following links from the plan list, with the demo loaded. Any violation fails the test, listed
with the page, the rule and the offending elements.

Pages are deduplicated by kind (the route's name, the document kind of a preview and the
query parameters' names): the second activity page runs the same template as the first, and
checking each of the demo's hundreds of rows would take far too long on a busy machine.
"""

from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import Resolver404, resolve

from reporting.management.commands.load_demo import DEMO_PASSWORD
from tests.test_browser import sign_in
from tests.test_browser_demo import demo  # noqa: F401 (the fixture)

AXE = next((Path(__file__).parent / "vendor").glob("axe-core-*/axe.min.js"))
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe files these under "best practice", but they are what WCAG 1.3.1 and 2.4.6 ask of a page
# (landmarks, headings in order, header cells with text), so they fail the test as well.
BEST_PRACTICE = [
    "landmark-one-main", "region", "heading-order", "empty-heading", "empty-table-header",
    "page-has-heading-one", "landmark-unique", "landmark-no-duplicate-main", "duplicate-id",
]

# Routes that answer a file, change something on GET or leave the signed-in session.
NOT_PAGES = {
    "logout", "set_language", "health", "reporting:pdf", "reporting:docx", "exchange:export",
    "reporting:job_download", "activities:version_pdf", "activities:evidence_download",
    "spreadsheets:export", "spreadsheets:template",
}

# The plan's main pages are checked in each demo plan (a 2015-18 LBF plan and an older one),
# and the delaftale in every area: approved, waiting for the board or a draft, each shows
# another approval box.
EVERY_PLAN = {
    "activities:plan_detail", "activities:agreement_detail", "activities:delaftale_detail",
    "activities:budget", "reporting:dashboard", "reporting:documents", "plans:organisation",
    "activities:milestone_plan", "plans:focus_areas",
}
EVERY_AREA = {"activities:delaftale_detail"}


def page_kind(url: str) -> str | None:
    """What makes one page a different kind from another, or None for what is no page."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    name = match.view_name
    if name in NOT_PAGES or name.startswith("admin:"):
        return None
    kind = name
    if name in EVERY_PLAN:
        kind += "@" + match.kwargs["slug"]
    if name in EVERY_AREA:
        kind += "/" + match.kwargs["area"]
    if "spec" in match.kwargs:
        kind += ":" + match.kwargs["spec"].split(":")[0]
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    if keys:
        kind += "?" + "&".join(keys)
    return kind


def run_axe(page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(
        """([tags, extra]) => axe.run(document, {runOnly: {type: 'rule',
                values: axe.getRules(tags).map(r => r.ruleId).concat(extra)}})
            .then(r => r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + '  ' +
                    (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 220)),
                count: v.nodes.length,
            })))""",
        [WCAG_TAGS, BEST_PRACTICE],
    )


def crawl(page, base: str, start: str) -> tuple[list[str], list[str]]:
    """Visit one page of every kind reachable from `start`; answer the pages checked and the
    violations found, one line each."""
    seen_kinds: set[str] = {page_kind(base + start)}
    queue = [base + start]
    checked: list[str] = []
    problems: list[str] = []
    while queue:
        url = queue.pop(0)
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        if response.status >= 400:
            problems.append(f"{url}: answered {response.status}")
            continue
        checked.append(url)
        for violation in run_axe(page):
            problems.append(
                f"{url}: {violation['id']} ({violation['impact']}, {violation['count']}×) "
                f"{violation['help']}\n      " + "\n      ".join(violation["nodes"])
            )
        links = page.eval_on_selector_all(
            "a[href]:not([download])", "els => els.map(e => e.href.split('#')[0])"
        )
        for link in links:
            if not link.startswith(base + "/"):
                continue
            kind = page_kind(link)
            if kind is None or kind in seen_kinds:
                continue
            seen_kinds.add(kind)
            queue.append(link)
    return checked, problems


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("username", ["leder", "bestyrelse"])
def test_every_page_a_role_reaches_has_no_wcag_violation(demo, username):  # noqa: F811
    browser, base = demo
    context = browser.new_context(
        locale="da-DK", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    checked, problems = [], []
    if username == "leder":
        # Before signing in: the sign-in page and the password reset pages it links to.
        checked, problems = crawl(page, base, "/konto/log-ind/")
    sign_in(page, base, username, DEMO_PASSWORD)

    signed_in, found = crawl(page, base, "/planer/")
    checked += signed_in
    problems += found
    kinds = {page_kind(url) for url in checked}
    print(f"\naxe: {len(checked)} pages of {len(kinds)} kinds checked as {username}")

    assert len(checked) >= (60 if username == "leder" else 20)
    assert not problems, f"{len(problems)} WCAG violations as {username}:\n" + "\n".join(problems)


SCREENS = {
    "overview": "/planer/{slug}/",
    "delaftale": "/planer/{slug}/delaftaler/tryghed-og-trivsel/",
    "budget": "/planer/{slug}/budget/",
    "board": "/planer/{slug}/overblik/",
}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_main_pages_reflow_on_a_phone_without_sideways_scrolling(demo):  # noqa: F811
    """WCAG 1.4.10: at 375 px (and at 1280 px) the page itself never scrolls sideways; wide
    tables scroll inside their own box. The screenshots are left in /tmp/a11y-*.png."""
    from tests.test_browser_demo import SLUG

    browser, base = demo
    wide = []
    for width in (375, 1280):
        context = browser.new_context(locale="da-DK", viewport={"width": width, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in(page, base, "leder", DEMO_PASSWORD)
        for name, path in SCREENS.items():
            page.goto(base + path.format(slug=SLUG))
            page.screenshot(path=f"/tmp/a11y-{name}-{width}.png")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                wide.append(f"{name} at {width} px is {scroll_width} px wide")
        context.close()
    assert not wide, "\n".join(wide)
