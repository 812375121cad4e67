from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from helhedsplan.templatetags.shaped_url import shaped_reverse
from plans.numbers import format_budget, format_kr, format_number
from plans.richtext import render_prose

register = template.Library()


@register.filter
def prose(value):
    """Render a prose field (safe Markdown subset)."""
    return render_prose(value)


@register.filter
def kr(value):
    """13633000 → '13.633.000 kr.'"""
    return format_kr(value)


@register.filter
def budget(value, unit="kr"):
    """A budget amount in the table's unit; None (nothing budgeted) prints blank."""
    return format_budget(value, unit)


@register.filter
def number(value, unit=""):
    """Decimal(27.80), '%' → '27,8 %'"""
    return format_number(value, unit)


@register.filter
def decimals(value, places=0):
    """Decimal(33.50), 0 → '34'; Decimal(27), 1 → '27,0' (rounded half up)."""
    return format_number(value, places=int(places))


@register.filter
def get(mapping, key):
    """{{ totals|get:year }} – a value from a dict, 0 when missing."""
    return mapping.get(key, 0) if mapping is not None else 0


@register.simple_tag(takes_context=True)
def row_actions(context):
    """A row's edit, move up/down and delete controls (plans/_row_actions.html).

    Reads `row`, `edit_url`, `move_url`, `delete_url`, `plan`, `access` and the loop from the
    context. Written out here rather than as a template: a plan page shows one per section
    and row, and the template took a tenth of the agreement page's time."""
    return row_actions_html(
        context,
        context["row"],
        context["edit_url"],
        context.get("move_url"),
        context["delete_url"],
        context.get("forloop"),
    )


@register.simple_tag(takes_context=True)
def row_actions_for(context, row, edit_url, move_url, delete_url):
    """`{% include "plans/_row_actions.html" with row=… edit_url=… %}` without the include:
    `{% row_actions_for row "plans:maal_edit" "plans:maal_move" "plans:maal_delete" %}`
    (an empty move_url for rows without an order). For rows repeated on a page."""
    return row_actions_html(context, row, edit_url, move_url, delete_url, context.get("forloop"))


def row_actions_html(context, row, edit_url, move_url, delete_url, loop) -> str:
    """`row_actions` for a given row and URL names (for tags that write a row out in Python);
    `loop` is the row's forloop (first/last decide the move buttons), `move_url` may be
    empty (the row has no order). Empty unless the user may edit."""
    access = context.get("access")
    if not (access and access.can_edit):
        return ""
    request = context.get("request")
    slug, pk = context["plan"].slug, row.pk
    loop = loop or {}
    words = _row_words()

    def link(name, *args):
        if request is None:
            return escape(reverse(name, args=[slug, pk, *args]))
        return escape(shaped_reverse(request, name, [slug, pk, *args]))

    move = ""
    if move_url:
        token = csrf_input(context)
        if not loop.get("first"):
            move += (
                f'<form method="post" action="{link(move_url, "op")}" class="d-inline">{token}'
                f'<button class="btn btn-sm btn-link p-0 me-1" title="{words["up"]}" '
                f'aria-label="{words["up"]}">↑</button></form>'
            )
        if not loop.get("last"):
            move += (
                f'<form method="post" action="{link(move_url, "ned")}" class="d-inline">{token}'
                f'<button class="btn btn-sm btn-link p-0 me-2" title="{words["down"]}" '
                f'aria-label="{words["down"]}">↓</button></form>'
            )
    return mark_safe(
        '<span class="row-actions d-print-none text-nowrap">\n'
        f'  <a class="btn btn-sm btn-link p-0 me-2" href="{link(edit_url)}">{words["edit"]}</a>\n'
        f"  {move}\n"
        f'  <a class="btn btn-sm btn-link p-0 text-danger" href="{link(delete_url)}">'
        f'{words["delete"]}</a>\n'
        "</span>"
    )


# The row controls' words per language, translated and escaped once: a plan page shows a
# few dozen rows, each with four of them.
_ROW_WORDS: dict[str, dict[str, str]] = {}


def _row_words() -> dict[str, str]:
    language = get_language()
    words = _ROW_WORDS.get(language)
    if words is None:
        words = _ROW_WORDS[language] = {
            "edit": escape(gettext("Edit")),
            "delete": escape(gettext("Delete")),
            "up": escape(gettext("Move up")),
            "down": escape(gettext("Move down")),
        }
    return words


def csrf_input(context) -> str:
    """What `{% csrf_token %}` writes."""
    csrf = context.get("csrf_token")
    if csrf and csrf != "NOTPROVIDED":
        return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(csrf)}">'
    return ""


@register.simple_tag
def toc_entries(toc, link_class):
    """The entries of a page's table of contents (plans/_toc.html): `toc` is a list of
    (id, title, level), deeper levels indented. Written out here: the page prints the list
    twice (compact and as a column), a loop in the template each time."""
    return mark_safe("".join(
        format_html(
            '<li{}><a class="{}" href="#{}">{}</a></li>',
            mark_safe(' class="ps-3"') if level > 1 else "", link_class, anchor, title,
        )
        for anchor, title, level in toc
    ))


@register.simple_tag(takes_context=True)
def estate_shares(context, owner, kind):
    """The split of one person's time across the plan's afdelinger (plans/_estate_shares.html
    wrote it): `owner` is a staff resource or secretariat member, `kind` names the URLs
    ("ressourcefordeling" or "sekretariatsfordeling"); the context's `estates` (the plan's
    afdelinger, read once for the page) offers the split. Written out here: it is one per
    row of the staff tables."""
    access = context.get("access")
    can_edit = bool(access and access.can_edit)
    html = mark_safe("")
    shares = owner.estate_shares.all()
    if shares:
        items = []
        for row in shares:
            actions = ""
            if can_edit:
                actions = format_html(" {}", row_actions_html(
                    context, row, f"plans:{kind}_edit", "", f"plans:{kind}_delete", None
                ))
            items.append(format_html(
                "\n<li>{}: {} %{}</li>",
                row.plan_estate.estate.name, localize(row.share_percent), actions,
            ))
        html = format_html(
            '<ul class="list-unstyled small mb-0 estate-shares">{}\n</ul>',
            mark_safe("".join(items)),
        )
    if can_edit and context.get("estates"):
        slug, request = context["plan"].slug, context.get("request")
        args = [slug, owner.pk]
        name = f"plans:{kind}_create"
        url = reverse(name, args=args) if request is None else shaped_reverse(request, name, args)
        html += format_html(
            '\n<div class="d-print-none"><a class="small" href="{}">{}</a></div>',
            url, gettext("Split across housing estates"),
        )
    return html
