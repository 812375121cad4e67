"""The sections of the strategic agreement and delaftale pages.

A page shows a dozen sections, most of them a heading, the row's edit, move and delete
controls and a text (or the offer to write it). Written out here rather than as an included
template per section, which with its chain of structured parts was a fifth of the agreement
page's time; a section with a structured part (`Section.content`) still renders that part
from `activities/_section_content.html`.
"""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from helhedsplan.templatetags.shaped_url import shaped_reverse
from plans.richtext import render_prose
from plans.templatetags.plan_format import row_actions_html

register = template.Library()

CONTENT_TEMPLATE = "activities/_section_content.html"


@register.simple_tag(takes_context=True)
def section_card(context, section, kind, **content_context):
    """One section as a card: `kind` names its URLs ("plans:afsnit" gives plans:afsnit_edit,
    _move and _delete); `content_context` is added to the context of its structured part
    (e.g. financing_split). The loop over the sections decides the move buttons."""
    access = context.get("access")
    can_edit = bool(access and access.can_edit)
    plan = context["plan"]
    actions = ""
    if can_edit:
        actions = row_actions_html(
            context, section, kind + "_edit", kind + "_move", kind + "_delete",
            context.get("forloop"),
        )
    e = conditional_escape
    if section.text:
        spacing = " mb-3" if section.content else ""
        text = f'<div class="prose{spacing}">{render_prose(section.text)}</div>'
    elif not section.content:
        offer = ""
        if can_edit:
            request = context.get("request")
            args = [plan.slug, section.pk]
            url = e(
                shaped_reverse(request, kind + "_edit", args)
                if request is not None
                else reverse(kind + "_edit", args=args)
            )
            if section.has_standard_text:
                offer = (
                    f' <a class="d-print-none" href="{url}?standardtekst=1#id_text">'
                    f'{e(gettext("Write it, or start from the standard text"))}</a>'
                )
            else:
                offer = f' <a class="d-print-none" href="{url}">{e(gettext("Write it"))}</a>'
        unwritten = e(gettext("Not written yet; an unwritten section is left out of the print."))
        text = f'<p class="empty-section mb-0">{unwritten}{offer}</p>'
    else:
        text = ""
    content = ""
    if section.content:
        part = context.template.engine.get_template(CONTENT_TEMPLATE)
        with context.push(section=section, kind=kind, **content_context):
            content = part.render(context)
    return mark_safe(
        f'<div class="card section-card mb-3" id="afsnit-{e(section.pk)}">\n'
        f'  <div class="card-header"><h2 class="h5 mb-0">{e(section.title)}</h2>{actions}</div>\n'
        '  <div class="card-body">\n'
        f"    {text}\n"
        f"    {content}\n"
        "  </div>\n"
        "</div>"
    )
