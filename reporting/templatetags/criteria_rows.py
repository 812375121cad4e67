"""The rows of the dashboard's criteria tables (`reporting/_criteria_table.html`) and of its
criteria by focus area, drawn in Python: a board reads every criterion of the plan, twice for
those that need attention, and the cells of a row cost a template loop ten times what they
cost here. The HTML is the one the
template drew (tests/reporting/test_dashboard.py)."""

import html

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from plans.numbers import format_number
from plans.richtext import render_prose

register = template.Library()


def _escape(value) -> str:
    """`conditional_escape` (the same result: Django escapes with `html.escape`) without its
    lazy-string wrapper, which costs more than the escaping here."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))

_CELLS = (
    '\n    <td class="text-end text-nowrap">{}</td>'
    '\n    <td class="text-end text-nowrap">{}</td>'
    '\n    <td class="text-end text-nowrap">{}</td>'
    '\n    <td><span class="badge status-{}">{}</span><div class="text-secondary">{}</div></td>'
)


@register.simple_tag
def criteria_rows(criteria, with_charts=False) -> SafeString:
    """The table's rows: each criterion's place and text (with its chart, folded, where
    `with_charts`), baseline, latest measurement, target and status."""
    rows = []
    for criterion in criteria:
        chart = ""
        if criterion.chart and with_charts:
            chart = (f'<details class="mt-1"><summary>{_escape(_("Show the chart"))}'
                     f"</summary>{render_to_string(_CHART, {'chart': criterion.chart})}</details>")
        rows.append(f"<tr>\n    <td>{criterion_head(criterion)}{chart}</td>"
                    f"{criterion_cells(criterion)}\n  </tr>")
    return SafeString("".join(rows))  # every part escaped or rendered safe


_CHART = "reporting/_chart.html"


def criterion_head(criterion) -> SafeString:
    """Where the criterion belongs (area › activity) and its text."""
    owner = _escape(criterion.area_name)
    if criterion.activity:
        owner += " › " + _escape(criterion.activity.name)
    return SafeString(  # escaped above; the prose is rendered safe
        f'<div class="text-secondary">{owner}</div>{render_prose(criterion.text)}'
    )


def criterion_cells(criterion) -> SafeString:
    """Baseline, latest measurement, target and status: the row's other cells."""
    unit = criterion.unit_label
    baseline = (format_number(criterion.baseline_value, unit)
                if criterion.baseline_value is not None else "–")
    latest = criterion.latest
    if not latest:
        shown = "–"
    elif criterion.is_qualitative:
        shown = _("Achieved") if latest.achieved else _("Not achieved")
    else:
        shown = format_number(latest.value, unit)
    status = criterion.status
    return SafeString(  # every value escaped
        _CELLS.format(
            _escape(baseline),
            _escape(shown),
            _escape(criterion.target_display or "–"),
            _escape(status.code),
            _escape(status.label),
            _escape(status.reason),
        )
    )


_AREA = (
    '<tr><td>{}</td><td>{}</td>\n          <td class="text-end">{}</td>'
    '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end">{}</td>'
    "</tr>\n        "
)


@register.simple_tag
def area_rows(areas) -> SafeString:
    """Each focus area's criteria by status: its name, bar and counts."""
    return SafeString("".join(  # every value escaped; the bar is drawn safe
        _AREA.format(
            _escape(area.name), _escape(area.bar), area.counts["paa_sporet"],
            area.counts["i_risiko"], area.counts["ikke_paa_sporet"], area.counts["ikke_maalt"],
        )
        for area in areas
    ))
