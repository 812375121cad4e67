"""URL arguments that point at real rows of a filled plan, shared by the route tests."""

from plans.parts import PARTS


def part_route_kwargs(plan, kind: str, action: str) -> dict:
    """kwargs for the `<kind>_<action>` routes of plans.parts, for rows of `plan`."""
    part = PARTS[kind]
    kwargs = {"slug": plan.slug}
    if action == "create":
        if part.parents is not None:
            kwargs["parent"] = part.parents(plan).order_by("pk").first().pk
        return kwargs
    kwargs["pk"] = part.rows(plan).order_by("pk").first().pk
    if action == "move":
        kwargs["direction"] = "op"
    return kwargs


def is_part_route(short_name: str) -> bool:
    kind, _, action = short_name.rpartition("_")
    return kind in PARTS and action in {"create", "edit", "delete", "move"}


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
