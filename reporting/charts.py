"""Charts as server-side SVG, so the screen and the PDF show the same picture.

Every text that comes from a user goes through `escape`; the SVG is built from numbers and
escaped strings only.
"""

import datetime
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from activities.status import status_label, target_level
from plans.numbers import format_number

COLOURS = {
    "paa_sporet": "#1e7e34",
    "i_risiko": "#d39e00",
    "ikke_paa_sporet": "#bd2130",
    "ikke_maalt": "#6c757d",
}


def _lines(text: str, width: int) -> list[str]:
    """Wrap a label into lines of about `width` characters. Nothing is ever cut: a word longer
    than the line gets a line of its own (the box's font is made smaller to fit it)."""
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


TITLE_SIZE, SUBTITLE_SIZE = 11, 9
TITLE_LINE, SUBTITLE_LINE = 14, 11
# Average glyph widths (px) of Liberation Sans at the two sizes, bold titles a little wider.
TITLE_CHAR, SUBTITLE_CHAR = 7.0, 5.2


@dataclass
class _Label:
    titles: list[str]
    subtitles: list[str]
    scale: float = 1.0

    @property
    def height(self) -> float:
        text = len(self.titles) * TITLE_LINE + len(self.subtitles) * SUBTITLE_LINE
        return 16 + (text + (4 if self.subtitles else 0)) * self.scale


def _label(w: float, title: str, subtitle: str) -> _Label:
    """The wrapped lines of a box's title and subtitle for width `w`; a font small enough that
    the longest word fits."""
    longest = max([len(word) * TITLE_CHAR for word in title.split()]
                  + [len(word) * SUBTITLE_CHAR for word in subtitle.split()] + [1])
    scale = min(1.0, (w - 12) / longest)
    titles = _lines(title, max(1, int((w - 12) / (TITLE_CHAR * scale))))
    subtitles = _lines(subtitle, max(1, int((w - 10) / (SUBTITLE_CHAR * scale))))
    return _Label(titles, subtitles, scale)


def _box(x, y, w, h, label: _Label, fill="#e8eef2", stroke="#003b5c"):
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.2"/>'
    ]
    k = label.scale
    line_y = y + (h - (label.height - 16)) / 2 + (TITLE_LINE - 3) * k
    for line in label.titles:
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{line_y:.1f}" text-anchor="middle" '
            f'font-size="{TITLE_SIZE * k:.1f}" font-weight="bold" fill="#1d1d1b">'
            f"{escape(line)}</text>"
        )
        line_y += TITLE_LINE * k
    line_y += (4 - (TITLE_LINE - SUBTITLE_LINE)) * k
    for line in label.subtitles:
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{line_y:.1f}" text-anchor="middle" '
            f'font-size="{SUBTITLE_SIZE * k:.1f}" fill="#4a4a4a">{escape(line)}</text>'
        )
        line_y += SUBTITLE_LINE * k
    return "".join(parts)


def _connect(parents, parent_bottom, children, child_top, dashed=False) -> str:
    """Lines from a box down to its children: a bar between the rows and a stem to each."""
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    bar_y = (parent_bottom + child_top) / 2
    xs = sorted({*parents, *children})
    lines = [
        f'<line x1="{x:.1f}" y1="{parent_bottom:.1f}" x2="{x:.1f}" y2="{bar_y:.1f}" '
        f'stroke="#003b5c"{dash}/>'
        for x in parents
    ] + [
        f'<line x1="{x:.1f}" y1="{bar_y:.1f}" x2="{x:.1f}" y2="{child_top:.1f}" '
        f'stroke="#003b5c"{dash}/>'
        for x in children
    ]
    if len(xs) > 1:
        lines.append(
            f'<line x1="{xs[0]:.1f}" y1="{bar_y:.1f}" x2="{xs[-1]:.1f}" y2="{bar_y:.1f}" '
            f'stroke="#003b5c"{dash}/>'
        )
    return "".join(lines)


def _subtitle(forum) -> str:
    """What the user said about the forum: its focus area, or else the kind they chose."""
    return forum.focus_area.name if forum.focus_area_id else str(forum.get_kind_display())


def _forum_tree(fora) -> tuple[list, dict]:
    """(roots, children by parent id) in the plan's order; a parent outside the list (or a
    loop, which the forms refuse) makes a forum a root."""
    ids = {forum.pk for forum in fora}
    children: dict[int, list] = {}
    roots = []
    for forum in fora:
        if forum.parent_id in ids and forum.parent_id != forum.pk:
            children.setdefault(forum.parent_id, []).append(forum)
        else:
            roots.append(forum)
    # Fora caught in a loop are reached from no root: draw them as roots.
    reached, stack = set(), list(roots)
    while stack:
        forum = stack.pop()
        reached.add(forum.pk)
        stack += [c for c in children.get(forum.pk, []) if c.pk not in reached]
    roots += [forum for forum in fora if forum.pk not in reached]
    return roots, children


def organisation_diagram(*, plan, fora, staff) -> str:
    """The plan's fora as the user arranged them (each under the forum it reports to, nothing
    above a forum unless the user put it there), and the secretariat with its staff's titles.
    Every text in it is a name or a choice the user made; no label is cut."""
    fora = list(fora)
    roots, children = _forum_tree(fora)
    levels: list[list] = []  # forum per depth
    slots: dict[int, float] = {}  # forum id -> centre, in leaf slots
    next_slot = 0.0

    def place(forum, depth, trail):
        nonlocal next_slot
        while len(levels) <= depth:
            levels.append([])
        levels[depth].append(forum)
        kids = [c for c in children.get(forum.pk, []) if c.pk not in trail]
        if not kids:
            slots[forum.pk] = next_slot
            next_slot += 1
            return
        for kid in kids:
            place(kid, depth + 1, trail | {kid.pk})
        slots[forum.pk] = (slots[kids[0].pk] + slots[kids[-1].pk]) / 2

    for root in roots:
        place(root, 0, {root.pk})
    leaves = max(1, int(next_slot))
    slot_w = 150.0
    width = max(640.0, leaves * slot_w + 10)
    slot_w = (width - 10) / leaves
    box_w = min(260.0, slot_w - 10)
    spacing, y, svg = 34, 10.0, []
    centre = {pk: 5 + (slot + 0.5) * slot_w for pk, slot in slots.items()}
    for row in levels:
        labels = {f.pk: _label(box_w, f.name, _subtitle(f)) for f in row}
        h = max(label.height for label in labels.values())
        for forum in row:
            svg.append(_box(centre[forum.pk] - box_w / 2, y, box_w, h, labels[forum.pk]))
        for forum in row:
            kids = [c for c in children.get(forum.pk, []) if c.pk in centre]
            if kids:
                child_top = y + h + spacing
                svg.append(_connect([centre[forum.pk]], y + h, [centre[c.pk] for c in kids],
                                    child_top))
        y += h + spacing
    titles = list(dict.fromkeys(member.title for member in staff if member.title))
    if titles:
        # The secretariat with its staff's titles (each once) wrapped inside the box.
        box = min(440.0, width - 20)
        label = _label(box, _("Secretariat"), ", ".join(titles))
        svg.append(_box(width / 2 - box / 2, y, box, label.height, label,
                        fill="#fff8e1", stroke="#a07800"))
        y += label.height + spacing
    if not svg:
        return ""
    height = y - spacing + 10
    # The text alternative says what the picture shows: each forum and the one it reports to.
    names = {forum.pk: forum.name for forum in fora}
    described = [
        f"{forum.name} ({_('Reports to %(parent)s') % {'parent': names[forum.parent_id]}})"
        if forum.parent_id in names else forum.name
        for row in levels for forum in row
    ]
    if titles:
        described.append(f"{_('Secretariat')}: {', '.join(titles)}")
    alt = f"{_('Organisation diagram')}: {'; '.join(described)}"
    return mark_safe(  # noqa: S308 - built from numbers and escaped strings only
        f'<svg class="org-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} '
        f'{height:.0f}" role="img" aria-label="{escape(alt)}" '
        f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif">{"".join(svg)}</svg>'
    )


def status_bar(counts: dict, width: int = 240, height: int = 14) -> str:
    """A horizontal bar of criteria by status (på sporet, i risiko, ikke på sporet, ikke målt)."""
    total = sum(counts.values())
    if not total:
        return mark_safe(
            f'<svg width="{width}" height="{height}" role="img" '
            f'aria-label="{escape(_("No criteria"))}"></svg>'
        )
    x, rects = 0.0, []
    for code in ("paa_sporet", "i_risiko", "ikke_paa_sporet", "ikke_maalt"):
        w = width * counts.get(code, 0) / total
        if w:
            rects.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" '
                f'fill="{COLOURS[code]}"/>'
            )
            x += w
    # The text alternative names each colour's status (the colours alone say nothing).
    label = ", ".join(f"{counts.get(code, 0)} {status_label(code)}" for code in COLOURS)
    return mark_safe(
        f'<svg class="status-bar" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="{escape(label)}">{"".join(rects)}</svg>'
    )


def pace_bars(*, elapsed, spent, width: int = 260) -> str:
    """Two bars: share of the period elapsed and share of the budget spent (0-100 %)."""

    def bar(y, value, colour, label):
        share = float(value or 0)
        w = width * min(share, 100) / 100
        return (
            f'<text x="0" y="{y + 10}" font-size="10">{escape(label)}</text>'
            f'<rect x="90" y="{y}" width="{width}" height="12" fill="#e9ecef"/>'
            f'<rect x="90" y="{y}" width="{w:.1f}" height="12" fill="{colour}"/>'
            f'<text x="{94 + width}" y="{y + 10}" font-size="10">{share:.0f} %</text>'
        )

    return mark_safe(
        f'<svg class="chart" width="100%" viewBox="0 0 {width + 140} 40" role="img" '
        f'aria-label="{escape(_("Budget spent against time elapsed"))}: '
        f'{escape(_("Time"))} {float(elapsed or 0):.0f} %, {escape(_("Spent"))} '
        f'{float(spent or 0):.0f} %" '
        f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif">'
        f"{bar(2, elapsed, '#6c757d', _('Time'))}{bar(22, spent, '#003b5c', _('Spent'))}</svg>"
    )


# --- Charts with a text alternative and a data table -----------------------------------------

FONT = "Liberation Sans, DejaVu Sans, Arial, sans-serif"
AREA_COLOURS = ("#003b5c", "#1e7e34", "#a07800", "#bd2130", "#6f42c1", "#17a2b8", "#6c757d")


@dataclass
class Chart:
    """A chart as the screen and the PDF show it: the SVG, a sentence saying what it shows
    (its text alternative) and the numbers behind it as a table, for screen readers and for
    anyone who wants the figures."""

    title: str
    svg: str
    summary: str
    columns: list
    rows: list


def _svg(width, height, title, summary, body) -> str:
    return mark_safe(  # noqa: S308 - built from numbers and escaped strings only
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(summary)}" '
        f'font-family="{FONT}"><title>{escape(title)}</title><desc>{escape(summary)}</desc>'
        f"{body}</svg>"
    )


def _nice_range(values) -> tuple[float, float]:
    low, high = min(values), max(values)
    if low == high:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.15
    # Zoomed in on the values (a change of 3 points must show), never below 0 for counts
    # and shares that cannot be negative.
    return (max(0.0, low - pad) if low >= 0 else low - pad), high + pad


def criterion_chart(criterion, measurements, *, start, end) -> Chart | None:
    """A quantitative criterion's measurements over time (one point each, joined by a line)
    against its baseline (dashed) and its target (a solid line, or two for a range), from
    `start` to `end` (the plan's period, stretched to the target year). None for a
    qualitative criterion or one without measurements: there is nothing to draw."""
    points = [m for m in measurements if m.value is not None]
    if criterion.is_qualitative or not points:
        return None
    unit = criterion.unit_label
    baseline = criterion.baseline_value
    targets = []
    if criterion.target_kind == "interval":
        targets = [v for v in (criterion.target_value, criterion.target_value_max) if v is not None]
    else:
        level = target_level(criterion.target_kind, criterion.direction, baseline,
                             criterion.target_value)
        targets = [level] if level is not None else []
    values = [float(m.value) for m in points] + [float(v) for v in targets]
    if baseline is not None:
        values.append(float(baseline))
    low, high = _nice_range(values)
    first = min([start] + [m.measured_on for m in points])
    last = max([end] + [m.measured_on for m in points])
    width, height, left, right, top, bottom = 560, 220, 58, 14, 14, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    span = max((last - first).days, 1)

    def x(day):
        return left + plot_w * (day - first).days / span

    def y(value):
        return top + plot_h * (1 - (float(value) - low) / (high - low))

    parts = [
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="#fff" '
        f'stroke="#adb5bd"/>'
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(
            f'<text x="{left - 4}" y="{y(value) + 3:.1f}" font-size="9" text-anchor="end">'
            f"{escape(format_number(round(value, 1)))}</text>"
        )
    for year in range(first.year + 1, last.year + 1):
        tick = x(datetime.date(year, 1, 1))
        parts.append(f'<line x1="{tick:.1f}" y1="{top}" x2="{tick:.1f}" y2="{top + plot_h}" '
                     f'stroke="#e9ecef"/>')
        parts.append(f'<text x="{tick:.1f}" y="{height - 14}" font-size="9" '
                     f'text-anchor="middle">{year}</text>')
    if baseline is not None:
        parts.append(
            f'<line class="baseline" x1="{left}" y1="{y(baseline):.1f}" x2="{left + plot_w}" '
            f'y2="{y(baseline):.1f}" stroke="#6c757d" stroke-dasharray="5 4"/>'
            f'<text x="{left + 4}" y="{y(baseline) - 3:.1f}" font-size="9" fill="#4a4a4a">'
            f'{escape(_("Baseline"))}</text>'
        )
    for target in targets:
        parts.append(
            f'<line class="target" x1="{left}" y1="{y(target):.1f}" x2="{left + plot_w}" '
            f'y2="{y(target):.1f}" stroke="#1e7e34" stroke-width="2"/>'
            f'<text x="{left + plot_w - 4}" y="{y(target) - 3:.1f}" font-size="9" '
            f'text-anchor="end" fill="#1e7e34">{escape(_("Target"))}</text>'
        )
    line = " ".join(f"{x(m.measured_on):.1f},{y(m.value):.1f}" for m in points)
    parts.append(f'<polyline points="{line}" fill="none" stroke="#003b5c" stroke-width="1.5"/>')
    for m in points:
        parts.append(
            f'<circle class="point" cx="{x(m.measured_on):.1f}" cy="{y(m.value):.1f}" r="3.5" '
            f'fill="#003b5c"><title>{m.measured_on:%d.%m.%Y}: '
            f"{escape(format_number(m.value, unit))}</title></circle>"
        )
    latest = points[-1]
    summary = ngettext(
        "%(count)s measurement from %(first)s to %(last)s; latest %(value)s.",
        "%(count)s measurements from %(first)s to %(last)s; latest %(value)s.",
        len(points),
    ) % {
        "count": len(points),
        "first": points[0].measured_on.strftime("%d.%m.%Y"),
        "last": latest.measured_on.strftime("%d.%m.%Y"),
        "value": format_number(latest.value, unit),
    }
    if baseline is not None:
        summary += " " + _("Baseline %(value)s.") % {"value": format_number(baseline, unit)}
    if targets:
        summary += " " + _("Target %(value)s.") % {
            "value": " – ".join(format_number(t, unit) for t in targets)
        }
    title = _("Measurements over time")
    return Chart(
        title=title,
        svg=_svg(width, height, title, summary, "".join(parts)),
        summary=summary,
        columns=[_("Date"), _("Measurement")],
        rows=[[m.measured_on.strftime("%d.%m.%Y"), format_number(m.value, unit)] for m in points],
    )


def plan_criterion_chart(plan, criterion, measurements) -> Chart | None:
    """The criterion's chart over the plan's period (to its target year when that is later)."""
    end = plan.period_end
    if criterion.target_year and criterion.target_year > end.year:
        end = datetime.date(criterion.target_year, 12, 31)
    return criterion_chart(criterion, measurements, start=plan.period_start, end=end)


def budget_chart(rows) -> Chart | None:
    """Budget and spending by year per focus area: for each year one bar per area, its outline
    the budget and its fill the spending. `rows` are (area name, year, budget, spent)."""
    rows = list(rows)
    if not rows:
        return None
    areas = list(dict.fromkeys(area for area, _year, _budget, _spent in rows))
    years = sorted({year for _area, year, _budget, _spent in rows})
    cells = {(area, year): (budget, spent) for area, year, budget, spent in rows}
    top_value = max(max(budget, spent) for _a, _y, budget, spent in rows) or 1
    legend_h = 16 * ((len(areas) + 1) // 2)
    width, left, top = 560, 70, 12
    plot_h, height = 170, 12 + 170 + 26 + legend_h
    plot_w = width - left - 10
    group_w = plot_w / len(years)
    bar_w = min(28.0, (group_w - 12) / len(areas))

    def y(value):
        return top + plot_h * (1 - value / top_value)

    parts = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" '
             f'stroke="#adb5bd"/>']
    for share in (0, 0.5, 1):
        value = top_value * share
        parts.append(f'<text x="{left - 4}" y="{y(value) + 3:.1f}" font-size="9" '
                     f'text-anchor="end">{escape(format_number(round(value)))}</text>')
    for i, year in enumerate(years):
        gx = left + i * group_w + (group_w - bar_w * len(areas)) / 2
        parts.append(f'<text x="{left + (i + 0.5) * group_w:.1f}" y="{top + plot_h + 13}" '
                     f'font-size="10" text-anchor="middle">{year}</text>')
        for j, area in enumerate(areas):
            budget, spent = cells.get((area, year), (0, 0))
            colour = AREA_COLOURS[j % len(AREA_COLOURS)]
            bx = gx + j * bar_w
            parts.append(
                f'<rect class="budget" x="{bx:.1f}" y="{y(budget):.1f}" width="{bar_w - 2:.1f}" '
                f'height="{top + plot_h - y(budget):.1f}" fill="#fff" stroke="{colour}"/>'
                f'<rect class="spent" x="{bx:.1f}" y="{y(spent):.1f}" width="{bar_w - 2:.1f}" '
                f'height="{top + plot_h - y(spent):.1f}" fill="{colour}" fill-opacity="0.75"/>'
            )
    for j, area in enumerate(areas):
        lx = left + (j % 2) * (plot_w / 2)
        ly = top + plot_h + 26 + (j // 2) * 16
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 8}" width="10" height="10" '
                     f'fill="{AREA_COLOURS[j % len(AREA_COLOURS)]}"/>'
                     f'<text x="{lx + 14:.1f}" y="{ly}" font-size="9">{escape(area)}</text>')
    total_budget = sum(budget for _a, _y, budget, _s in rows)
    total_spent = sum(spent for _a, _y, _b, spent in rows)
    summary = _(
        "Budget and spending by year for %(areas)s focus areas or groups, %(first)s-%(last)s: "
        "budget %(budget)s, spent %(spent)s (outline: budget; fill: spent)."
    ) % {
        "areas": len(areas),
        "first": years[0],
        "last": years[-1],
        "budget": format_number(total_budget, "kr."),
        "spent": format_number(total_spent, "kr."),
    }
    title = _("Budget and spending by year")
    table = []
    for area in areas:
        for year in years:
            if (area, year) in cells:
                budget, spent = cells[(area, year)]
                table.append([area, str(year), format_number(budget, "kr."),
                              format_number(spent, "kr.")])
    return Chart(
        title=title,
        svg=_svg(width, height, title, summary, "".join(parts)),
        summary=summary,
        columns=[_("Focus area"), _("Year"), _("Budget"), _("Spent")],
        rows=table,
    )
