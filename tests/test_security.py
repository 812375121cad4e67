"""Production settings, security headers and the content security policy on every page a
signed-in leader can reach, CSRF on every route, and no GET that writes.

The suite's test client speaks plain http (tests/conftest.py); the tests here that look at
HTTPS behaviour turn the redirect back on and send their requests as https.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.apps import apps
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory
from tests.test_routes import ALL_ROUTES, OPEN_ROUTES, _kwargs_for

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "helhedsplan.example.dk",
    "CSRF_TRUSTED_ORIGINS": "https://helhedsplan.example.dk",
    "DATABASE_URL": "postgres://helhedsplan@db.internal:5432/helhedsplan",
}


def _run(args, **env):
    """Run Django in a fresh process with only the given environment (as in production)."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "PYTEST_VERSION", "HTTPS"}
        and not key.startswith(("SESSION_", "HSTS_"))
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_check_deploy_with_production_values_reports_no_issues():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _settings_in(**env):
    names = [
        "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD", "SESSION_COOKIE_SECURE", "SESSION_COOKIE_NAME",
        "CSRF_COOKIE_SECURE", "CSRF_COOKIE_NAME",
    ]
    result = _run(
        ["-c", "import json, helhedsplan.settings as s; "
               f"print(json.dumps({{n: getattr(s, n) for n in {names!r}}}))"],
        **env,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_is_https_only_with_a_year_of_hsts_and_host_cookies():
    values = _settings_in(**PRODUCTION_ENV)

    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"


def test_debug_turns_https_off_for_local_development():
    values = _settings_in(DEBUG="1")

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_NAME"] == "sessionid"


def test_plain_http_is_redirected_to_https(settings, db):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/konto/log-ind/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/konto/log-ind/"


def test_health_check_is_answered_over_plain_http(settings, db):
    """The load balancer checks health on the private network, over http."""
    settings.SECURE_SSL_REDIRECT = True

    assert Client().get("/sundhed/").status_code == 200


def test_session_and_csrf_cookies_are_host_prefixed_secure_and_http_only(settings, user):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()

    client.get("/konto/log-ind/", secure=True)
    response = client.post(
        "/konto/log-ind/",
        {"username": user.username, "password": "hemmeligt-kodeord-42"},
        secure=True,
    )

    assert response.status_code == 302
    for name in ("__Host-sessionid", "__Host-csrftoken"):
        cookie = response.cookies[name]
        assert cookie["secure"] is True
        assert cookie["httponly"] is True
        assert cookie["path"] == "/"
        assert not cookie["domain"]


# --- Headers and CSP on every page --------------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class _PageParser(HTMLParser):
    """Collects the links a crawler follows and anything the CSP would block."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.blocked: list[str] = []
        self._in_inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if attrs.get("hx-get"):
            self.links.append(attrs["hx-get"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get" and attrs.get(
            "action"
        ):
            self.links.append(attrs["action"])
        if tag == "script" and not attrs.get("src"):
            self._in_inline_script = True
        if tag == "style":
            self.blocked.append("<style> element")
        for name, value in attrs.items():
            if name == "style":
                self.blocked.append(f"style attribute on <{tag}>")
            if name.startswith("on"):
                self.blocked.append(f"{name} handler on <{tag}>")
            script = (value or "").strip().lower()
            if name.startswith("hx-on") or name == "hx-vars" or script.startswith("js:"):
                self.blocked.append(f"{name} on <{tag}> (needs eval)")
            if script.startswith("javascript:"):
                self.blocked.append(f"javascript: URL on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_inline_script = False

    def handle_data(self, data):
        if self._in_inline_script and data.strip():
            self.blocked.append("inline <script>")


def _assert_secure_html(response, url, *, signed_in: bool):
    headers = response.headers
    assert headers["X-Frame-Options"] == "DENY", url
    assert headers["X-Content-Type-Options"] == "nosniff", url
    assert headers["Referrer-Policy"] == "same-origin", url
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin", url
    hsts = headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31_536_000, url
    assert "includeSubDomains" in hsts, url
    csp = _csp(response)
    assert csp["script-src"] == ["'self'"], url
    assert csp["default-src"] == ["'self'"], url
    assert csp["object-src"] == ["'none'"], url
    assert csp["base-uri"] == ["'none'"], url
    assert csp["frame-ancestors"] == ["'none'"], url
    assert not any("unsafe" in value for values in csp.values() for value in values), url
    if signed_in:
        assert "no-store" in headers["Cache-Control"], url


def _crawl(client, start: str, limit: int = 1000):
    """GET every page reachable by links from `start` within the site, as https; yields each
    HTML page's (url, response) after checking it holds nothing the CSP would block."""
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url, secure=True)
        seen[url] = response.status_code
        if response.status_code in (301, 302):
            queue.append(urljoin(url, response["Location"]))
            continue
        if not response["Content-Type"].startswith("text/html"):
            continue
        yield url, response
        parser = _PageParser()
        parser.feed(response.content.decode())
        assert not parser.blocked, f"{url}: {parser.blocked}"
        for link in parser.links:
            target = urldefrag(urljoin(url, link)).url
            parts = urlsplit(target)
            if parts.scheme not in ("", "https") or parts.netloc not in ("", "testserver"):
                continue  # another site
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if path.startswith(("/static/", "/media/")) or path in seen:
                continue
            queue.append(path)


def test_every_page_a_signed_in_leader_reaches_has_security_headers_and_csp(
    settings, filled_plan, leader_client
):
    settings.SECURE_SSL_REDIRECT = True
    pages = []
    for url, response in _crawl(leader_client, "/planer/"):
        assert response.status_code == 200, url
        _assert_secure_html(response, url, signed_in=True)
        pages.append(url)

    print(f"crawled {len(pages)} pages")  # shown by `pytest -s`
    assert len(pages) >= 30  # the plan list, the plan and every page of its rows
    slug = filled_plan.slug
    for expected in (f"/planer/{slug}/", f"/planer/{slug}/samarbejdsaftale/",
                     f"/planer/{slug}/organisation/", f"/planer/{slug}/medlemmer/"):
        assert expected in pages


def test_pages_for_signed_out_visitors_have_security_headers_and_csp(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    pages = []
    for url, response in _crawl(Client(), "/konto/log-ind/"):
        assert response.status_code == 200, url
        _assert_secure_html(response, url, signed_in=False)
        pages.append(url)

    assert "/konto/adgangskode/glemt/" in pages


def test_admin_pages_run_under_the_csp(settings, db):
    """Django's admin loads its scripts from files; it needs no inline script either."""
    settings.SECURE_SSL_REDIRECT = True
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    for url in ("/admin/", "/admin/auth/user/", f"/admin/auth/user/{superuser.pk}/change/",
                "/admin/plans/plan/", "/admin/plans/plan/add/"):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        _assert_secure_html(response, url, signed_in=True)
        parser = _PageParser()
        parser.feed(response.content.decode())
        assert not [b for b in parser.blocked if "script" in b or "handler" in b], url


# --- CSRF and safe GETs on every route ----------------------------------------------------

OPEN_ROUTE_KWARGS = {
    "invitation_accept": {"token": "x"},  # victim_plan's open invitation
    "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
}


def _every_route_url(plan) -> dict[str, str]:
    return {
        name: reverse(
            name,
            kwargs=OPEN_ROUTE_KWARGS.get(name, {}) if name in OPEN_ROUTES
            else _kwargs_for(name, plan),
        )
        for name in sorted(ALL_ROUTES)
    }


def _all_rows():
    """Every row of every table the app writes (sessions aside: they record the visit)."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in {"sessions"}
    }


def test_every_route_refuses_a_post_without_csrf_token(victim_plan):
    leader = victim_plan.memberships.filter(role="leder").first().user
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    before = _all_rows()

    for name, url in _every_route_url(victim_plan).items():
        response = client.post(url, {"text": "x", "name": "x", "role": "leder", "email": "a@b.dk"})

        assert response.status_code == 403, f"{name}: POST {url} without a CSRF token"

    assert _all_rows() == before


def test_no_get_route_changes_data(victim_plan):
    leader = victim_plan.memberships.filter(role="leder").first().user
    client = Client()
    client.force_login(leader)
    before = _all_rows()
    urls = _every_route_url(victim_plan)
    # The one GET that may queue work (README, "Which GETs queue work, and why"): a PDF link
    # queues the render of a document that is missing, or notes the state on a stored PDF.
    pdf = urls.pop("reporting:pdf")

    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code < 500, f"{name}: GET {url}"

    assert _all_rows() == before
    assert client.get(pdf).status_code < 500
    after = _all_rows()
    changed = {label for label in after if after[label] != before[label]}
    assert changed <= {"reporting.RenderedDocument", "django_tasks_db.DBTaskResult"}
