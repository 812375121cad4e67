"""URL arguments that point at real rows of a filled plan, shared by the route tests."""

from functools import cache

from django.urls import URLResolver, get_resolver

from plans.rows import RowKind

ACTIONS = {"create", "edit", "delete", "move"}


def _row_routes(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from _row_routes(pattern, namespace)
        elif isinstance(pattern.default_args.get("kind"), RowKind):
            yield f"{prefix}{pattern.default_args['name']}", pattern.default_args["kind"]


@cache
def row_kinds() -> dict[str, RowKind]:
    """Every kind of row edited one at a time, as the apps' urls.py route it (see plans.rows),
    by its qualified name: {"plans:maal": …, "activities:kriterier": …}."""
    return dict(_row_routes(get_resolver()))


def part_route_kwargs(plan, kind: str, action: str) -> dict:
    """kwargs for the `<kind>_<action>` routes of a kind of row ("activities:kriterier"), for
    rows of `plan`."""
    part = row_kinds()[kind]
    kwargs = {"slug": plan.slug}
    if action == "create":
        if part.parents is not None:
            kwargs["parent"] = part.parents(plan).order_by("pk").first().pk
        return kwargs
    kwargs["pk"] = part.rows(plan).order_by("pk").first().pk
    if action == "move":
        kwargs["direction"] = "op"
    return kwargs


def is_part_route(name: str) -> bool:
    """Whether a route name ("activities:kriterier_edit") is one of a kind of row's routes."""
    kind, _, action = name.rpartition("_")
    return kind in row_kinds() and action in ACTIONS


def section_edit(section, text: str) -> tuple[str, dict]:
    """The edit route of one section of the agreement or a delaftale, and a post that writes
    `text` and keeps its number, heading and structured part."""
    from django.urls import reverse

    if section.agreement_id:
        url = reverse("plans:afsnit_edit", args=[section.agreement.plan.slug, section.pk])
    else:
        url = reverse(
            "plans:delaftaleafsnit_edit", args=[section.delaftale.focus_area.plan.slug, section.pk]
        )
    data = {"number": section.number, "heading": section.heading, "text": text,
            "content": section.content}
    return url, data
