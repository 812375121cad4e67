"""The crawler: every route, as the plan's leder, with odd Unicode digits and control characters
in every path argument and in every query parameter a view reads. Nothing may answer 500.

The routes and their arguments come from the route matrix (tests/test_routes.py), so a new route
is crawled as soon as it has its case there. The query parameters are read from the source:
any `request.GET` a view reads is crawled without anyone listing it here.
"""

import re
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import Membership
from tests.plans.test_forms_property import FIELD_NAMES
from tests.test_routes import ALL_ROUTES, PLAN_ROUTES, _kwargs_for

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    path
    for app in ("plans", "activities", "reporting", "helhedsplan")
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
]

# Digits that str.isdigit() accepts but int() refuses or reads differently, a NUL, other
# control characters, and a number far beyond any year or id.
# What reverse() leaves unquoted in a path segment (RFC 3986 sub-delimiters, ":" and "@").
PATH_SAFE = "~:@!$&'()*+,;="
ODD_VALUES = ["²٣１", "\x00", "9" * 30]


def query_parameters() -> set[str]:
    """Every query parameter a view reads: request.GET["x"], .get("x"), "x" in request.GET."""
    names = set()
    pattern = re.compile(
        r"request\.GET(?:\.get\(|\[)\s*[\"'](\w+)[\"']|[\"'](\w+)[\"']\s+in\s+request\.GET"
    )
    for path in SOURCES:
        for match in pattern.finditer(path.read_text()):
            names.add(match.group(1) or match.group(2))
    return names


def test_the_crawler_finds_the_query_parameters():
    assert {"omraade", "side", "a", "b", "visning", "sorter"} <= query_parameters()


def _leader_client(plan):
    client = Client(raise_request_exception=False)
    client.force_login(plan.memberships.filter(role=Membership.Role.LEADER).first().user)
    return client


def _url(name, plan):
    if name in PLAN_ROUTES:
        return reverse(name, kwargs=_kwargs_for(name, plan)), _kwargs_for(name, plan)
    pattern = ALL_ROUTES[name]
    if pattern.pattern.converters:
        kwargs = {key: "x" for key in pattern.pattern.converters}
        return reverse(name, kwargs=kwargs), kwargs
    return reverse(name), {}


def _odd_paths(url: str, kwargs: dict):
    """The URL with each argument in turn replaced by each odd value, and with its ASCII
    digits replaced by digits int() refuses ("milestones:2020" → "milestones:²²²²")."""
    for value in kwargs.values():
        segment = f"/{quote(str(value), safe=PATH_SAFE)}/"
        if segment not in url:
            continue
        variants = [*ODD_VALUES, re.sub(r"[0-9]", "²", str(value)), f"{value}²"]
        for odd in variants:
            yield url.replace(segment, f"/{quote(odd, safe='')}/", 1)


ROUTES = sorted(name for name in ALL_ROUTES if name not in ("logout",))


def test_odd_input_in_every_path_and_query_parameter_never_gives_500(victim_plan):
    """One walk over all routes (one plan to build, not one per route)."""
    client = _leader_client(victim_plan)
    failures = []
    for name in ROUTES:
        failures += _crawl(client, name, victim_plan)
    assert not failures, "\n".join(failures)


def test_the_crawler_replaces_every_argument(victim_plan):
    url, kwargs = _url("reporting:preview", victim_plan)

    assert any("milestones%3A%C2%B2" in odd for odd in _odd_paths(url, kwargs))


def _crawl(client, name, plan) -> list[str]:
    url, kwargs = _url(name, plan)
    failures = []
    for odd_url in _odd_paths(url, kwargs):
        for method in ("get", "post"):
            status = getattr(client, method)(odd_url).status_code
            if status >= 500:
                failures.append(f"{method.upper()} {odd_url!r}: {status}")
    # Every parameter a view reads, and the form fields a create page takes as initial values.
    names = sorted(query_parameters() | set(FIELD_NAMES))
    for odd in ODD_VALUES:
        query_url = f"{url}?{urlencode({key: odd for key in names})}"
        status = client.get(query_url).status_code
        if status >= 500:
            failures.append(f"GET {query_url[:120]!r}…: {status}")
    return failures


@pytest.mark.parametrize(
    "path",
    [
        "/planer/{slug}/dokumenter/vis/milestones:²/",
        "/planer/{slug}/dokumenter/pdf/results:٣/",
        "/planer/{slug}/delaftaler/ny/?omraade=%00",
    ],
)
def test_reported_addresses_answer_400_or_404(path, victim_plan):
    response = _leader_client(victim_plan).get(path.format(slug=victim_plan.slug))

    assert response.status_code in (400, 404)
