"""A success criterion as the focus area, delaftale, agreement and activity pages show it.

Written out here rather than as an included template: the strategic agreement shows some
twenty criteria, and the template with its links per criterion and row was a tenth of the
page's time. The markup is the one `activities/_criterion.html` had; the values per housing
estate still come from `activities/_criterion_estate_values.html`, which the PDF shares.
"""

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_noop as _

from helhedsplan.templatetags.shaped_url import shaped_reverse
from plans.numbers import format_number
from plans.richtext import render_prose

register = template.Library()

ESTATE_VALUES_TEMPLATE = "activities/_criterion_estate_values.html"


class _Words(dict):
    """msgid → its translation, escaped, in one language: read once per process."""

    def __missing__(self, msgid):
        self[msgid] = conditional_escape(gettext(msgid))
        return self[msgid]


_WORDS: dict[str, _Words] = {}


def _words() -> _Words:
    """The card's words in the active language (a card has up to twenty; gettext for each
    was a tenth of its time)."""
    language = get_language()
    words = _WORDS.get(language)
    if words is None:
        words = _WORDS[language] = _Words()
    return words


def _dash(value) -> str:
    """`{{ value|default:"–" }}`."""
    return value if value else "–"


@register.simple_tag(takes_context=True)
def criterion_card(context, criterion, kind):
    """One criterion: `kind` names its URLs ("kriterier" or "aktivitetskriterier"); the
    context's `can_edit` adds the edit controls, its loop the move buttons."""
    plan = context["plan"]
    w = _words()
    can_edit = context.get("can_edit")
    request = context.get("request")
    pk = criterion.pk
    slot = f"#slot-criterion-{pk}"

    def url(name, *args):
        args = [plan.slug, *args]
        if request is None:
            return reverse(name, args=args)
        return shaped_reverse(request, name, args)

    # The parts every card has are written with f-strings, each value escaped (format_html
    # for each was half the card's time); the rarer ones with format_html.
    e = conditional_escape
    parts = [
        f'\n<article class="criterion border rounded p-2 mb-2" id="criterion-{e(pk)}" '
        f'data-row="{e(kind)}-{e(pk)}">\n'
        '  <div class="d-flex justify-content-between gap-2 flex-wrap">\n'
        f'    <div class="mb-1 fw-semibold criterion-text">{render_prose(criterion.text)}</div>\n'
    ]
    status = getattr(criterion, "status", None)
    if status:
        parts.append(
            f'    <span class="badge status-{e(status.code)} align-self-start" '
            f'title="{e(status.reason)}">{e(status.label)}</span>\n'
        )
    parts.append('  </div>\n  <dl class="row small mb-1">\n')

    # Baseline
    unit = criterion.unit_label
    if criterion.baseline_value is not None:
        baseline = e(format_number(criterion.baseline_value, unit))
        if criterion.baseline_period:
            baseline += f" ({e(criterion.baseline_period)})"
    elif criterion.baseline_due:
        baseline = e(
            gettext("to be measured by %(date)s")
            % {"date": date_filter(criterion.baseline_due, "d.m.Y")}
        )
    else:
        baseline = "–"
    if criterion.baseline_note:
        baseline += f'<div class="text-secondary">{e(criterion.baseline_note)}</div>'
    parts.append(
        f'    <dt class="col-sm-3">{w[_("Baseline")]}</dt>\n'
        f'    <dd class="col-sm-9">{baseline}</dd>\n'
    )

    comparisons = criterion.comparison_rows
    if comparisons:
        items = []
        for c in comparisons:
            item = format_html(
                '<span data-row="sammenligninger-{}">{} {}', c.pk, c.label,
                format_number(c.value, c.unit_label),
            )
            if c.period:
                item += format_html(" ({})", c.period)
            if can_edit:
                link = url("activities:sammenligninger_edit", c.pk)
                item += format_html(
                    ' <span class="row-actions d-print-none"><a href="{}" hx-get="{}" '
                    'hx-target="{}">{}</a></span>',
                    link, link, slot, w[_("Edit")],
                )
            items.append(item + "</span>")
        parts.append(format_html(
            '<dt class="col-sm-3">{}</dt>\n    <dd class="col-sm-9">{}</dd>\n',
            w[_("Compared with")], mark_safe(" · ".join(items)),
        ))

    year = f" ({e(criterion.target_year)})" if criterion.target_year else ""
    parts.append(
        f'    <dt class="col-sm-3">{w[_("Target")]}</dt>\n'
        f'    <dd class="col-sm-9">{e(_dash(criterion.target_display))}{year}</dd>\n'
    )

    if criterion.estate_value_rows:
        values = context.template.engine.get_template(ESTATE_VALUES_TEMPLATE)
        with context.push(criterion=criterion):
            rendered = values.render(context)
        parts.append(format_html(
            '<dt class="col-sm-3">{}</dt>\n    <dd class="col-sm-9">{}</dd>\n',
            w[_("Per housing estate")], mark_safe(rendered),
        ))

    when = f" · {e(criterion.measured_when)}" if criterion.measured_when else ""
    parts.append(
        f'    <dt class="col-sm-3">{w[_("Data source")]}</dt>\n'
        f'    <dd class="col-sm-9">{e(_dash(criterion.data_source))}{when}</dd>\n'
    )
    if criterion.indicator_id:
        parts.append(format_html(
            '    <dt class="col-sm-3">{}</dt><dd class="col-sm-9"><a href="{}#indikator-{}">'
            "{}</a></dd>\n",
            w[_("Measured by the indicator")], url("activities:indicators"),
            criterion.indicator_id, criterion.indicator,
        ))
    if criterion.next_measurement_due:
        parts.append(format_html(
            '    <dt class="col-sm-3">{}</dt><dd class="col-sm-9">{}</dd>\n',
            w[_("Next measurement due")], date_filter(criterion.next_measurement_due, "d.m.Y"),
        ))
    if status:
        parts.append(
            f'    <dt class="col-sm-3">{w[_("Status")]}</dt>'
            f'<dd class="col-sm-9 status-reason">{e(status.reason)}</dd>\n'
        )
    parts.append("  </dl>\n")

    measurements = criterion.measurement_rows
    if measurements:
        parts.append(_measurements(criterion, measurements, can_edit, url, slot))

    if can_edit:
        parts.append(_controls(criterion, kind, url, slot, context.get("forloop") or {}))
    parts.append("</article>\n")
    return mark_safe("".join(parts))


def _measurements(criterion, rows, can_edit, url, slot) -> str:
    w = _words()
    qualitative = criterion.is_qualitative
    unit = criterion.unit_label
    edit, delete = w[_("Edit")], w[_("Delete")]
    head = format_html(
        '  <table class="table table-sm small mb-1"><caption class="visually-hidden">{}</caption>\n'
        '    <thead><tr><th scope="col">{}</th><th scope="col" class="text-end">{}</th>'
        '<th scope="col">{}</th><th scope="col">{}</th><th scope="col" class="d-print-none">'
        '<span class="visually-hidden">{}</span></th></tr></thead>\n    <tbody>',
        w[_("Measurements")], w[_("Date")], w[_("Measurement")], w[_("Comment")],
        w[_("Source")], w[_("Actions")],
    )
    if qualitative:
        achieved, not_achieved = w[_("Achieved")], w[_("Not achieved")]
    body = []
    for m in rows:
        if qualitative:
            value = achieved if m.achieved else not_achieved
        else:
            value = format_number(m.value, unit)
        evidence = ""
        if m.evidence:
            evidence = format_html(
                ' <a class="d-print-none" href="{}">{}</a>',
                url("activities:evidence_download", m.pk), w[_("Documentation")],
            )
        actions = ""
        if can_edit:
            edit_url = url("activities:maalinger_edit", m.pk)
            delete_url = url("activities:maalinger_delete", m.pk)
            actions = format_html(
                '<span class="row-actions"><a href="{}" hx-get="{}" hx-target="{}">{}</a>\n'
                '        <a class="text-danger ms-1" href="{}" hx-post="{}" hx-confirm="{}">{}'
                "</a></span>",
                edit_url, edit_url, slot, edit, delete_url, delete_url,
                w[_("Delete this measurement?")], delete,
            )
        body.append(format_html(
            '<tr data-row="maalinger-{}">\n'
            '      <td>{}</td>\n'
            '      <td class="text-end">{}</td>\n'
            "      <td>{}</td><td>{}{}</td>\n"
            '      <td class="text-nowrap d-print-none">{}</td>\n'
            "    </tr>",
            m.pk, date_filter(m.measured_on, "d.m.Y"), value, m.comment, m.source, evidence,
            actions,
        ))
    return head + mark_safe("".join(body)) + "</tbody>\n  </table>\n"


def _controls(criterion, kind, url, slot, loop) -> str:
    w = _words()
    e = conditional_escape
    pk = criterion.pk
    slot = e(slot)
    links = [
        ("btn-outline-primary", "activities:maalinger_create", w[_("Add measurement")]),
        ("btn-outline-secondary", "activities:sammenligninger_create",
         w[_("Add comparison value")]),
        ("btn-outline-secondary", "activities:afdelingsvaerdier_create",
         w[_("Add value per housing estate")]),
        ("btn-link", f"activities:{kind}_edit", w[_("Edit criterion")]),
    ]
    lines = []
    for css, name, label in links:
        link = e(url(name, pk))
        lines.append(
            f'    <a class="btn btn-sm {css}" href="{link}" hx-get="{link}" '
            f'hx-target="{slot}">{label}</a>\n'
        )
    for shown, label, step, arrow in ((not loop.get("first"), w[_("Move up")], "op", "↑"),
                                      (not loop.get("last"), w[_("Move down")], "ned", "↓")):
        if shown:
            lines.append(
                f'    <a class="btn btn-sm btn-link" href="#" '
                f'hx-post="{e(url(f"activities:{kind}_move", pk, step))}" title="{label}" '
                f'aria-label="{label}">{arrow}</a>\n'
            )
    delete = e(url(f"activities:{kind}_delete", pk))
    confirm = w[_("Delete this success criterion and its measurements?")]
    lines.append(
        f'    <a class="btn btn-sm btn-link text-danger" href="{delete}" hx-post="{delete}" '
        f'hx-confirm="{confirm}">{w[_("Delete")]}</a>\n'
    )
    return (
        f'  <div data-inline-slot id="slot-criterion-{e(pk)}"></div>\n'
        '  <div class="d-flex flex-wrap gap-2 d-print-none small">\n'
        + "".join(lines)
        + "  </div>\n"
    )
