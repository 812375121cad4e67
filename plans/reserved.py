"""Short names a plan may not take: words the addresses already use.

A plan's address is /planer/<short name>/, so a plan called `ny` or `portefoelje` would be
shadowed by the page of that name. The list is read from the URLconf (every literal first path
segment, at the top and under /planer/), so a new page reserves its own word.
"""

from functools import cache

from django.urls import URLResolver, get_resolver

ALWAYS = frozenset({"ny", "portefoelje", "admin", "static", "media"})


def _first_literal(route: str) -> str | None:
    segment = route.split("/", 1)[0]
    return segment if segment and "<" not in segment else None


@cache
def reserved_slugs() -> frozenset[str]:
    words = set(ALWAYS)
    for pattern in get_resolver().url_patterns:
        route = str(pattern.pattern)
        if word := _first_literal(route):
            words.add(word)
        if isinstance(pattern, URLResolver) and route == "planer/":
            words.update(
                word for sub in pattern.url_patterns if (word := _first_literal(str(sub.pattern)))
            )
    return frozenset(words)
