"""Charts as server-side SVG, so the screen and the PDF show the same picture.

Every text that comes from a user goes through `escape`; the SVG is built from numbers and
escaped strings only.
"""

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

BOARD_KINDS = {"bestyrelse", "styregruppe"}
COLOURS = {
    "paa_sporet": "#1e7e34",
    "i_risiko": "#d39e00",
    "ikke_paa_sporet": "#bd2130",
    "ikke_maalt": "#6c757d",
}


def _lines(text: str, width: int, most: int = 3) -> list[str]:
    """Wrap a label into lines of about `width` characters (at most `most`)."""
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: max(1, width - 1)] + "…"
    return [line if len(line) <= width + 2 else line[: width + 1] + "…" for line in lines]


TITLE_SIZE, SUBTITLE_SIZE = 11, 9
TITLE_LINE, SUBTITLE_LINE = 14, 11


def _label(w: float, title: str, subtitle: str, subtitle_lines: int = 2):
    """The wrapped lines of a box's title (bold 11 px) and subtitle (9 px) for width `w`."""
    titles = _lines(title, max(8, int((w - 12) / 6.6)))
    subtitles = _lines(subtitle, max(8, int((w - 10) / 5.0)), most=subtitle_lines) if subtitle \
        else []
    return titles, subtitles


def _height(titles, subtitles) -> float:
    return 16 + len(titles) * TITLE_LINE + len(subtitles) * SUBTITLE_LINE + (4 if subtitles else 0)


def _box(x, y, w, h, titles, subtitles, fill="#e8eef2", stroke="#003b5c"):
    parts = [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.2"/>'
    ]
    text_height = len(titles) * TITLE_LINE + len(subtitles) * SUBTITLE_LINE + (
        4 if subtitles else 0
    )
    line_y = y + (h - text_height) / 2 + TITLE_LINE - 3
    for line in titles:
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{line_y:.1f}" text-anchor="middle" '
            f'font-size="{TITLE_SIZE}" font-weight="bold" fill="#1d1d1b">{escape(line)}</text>'
        )
        line_y += TITLE_LINE
    line_y += 4 - (TITLE_LINE - SUBTITLE_LINE)
    for line in subtitles:
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{line_y:.1f}" text-anchor="middle" '
            f'font-size="{SUBTITLE_SIZE}" fill="#4a4a4a">{escape(line)}</text>'
        )
        line_y += SUBTITLE_LINE
    return "".join(parts)


def _row(items, y, width, *, max_box=200, gap=10, fill="#e8eef2", stroke="#003b5c"):
    """A row of boxes centred on the page: (svg, centres, height)."""
    n = len(items)
    w = min(max_box, (width - gap * (n + 1)) / n)
    total = n * w + (n - 1) * gap
    start = (width - total) / 2
    labels = [_label(w, title, subtitle) for title, subtitle in items]
    h = max(_height(*label) for label in labels)
    svg, centres = [], []
    for i, (titles, subtitles) in enumerate(labels):
        x = start + i * (w + gap)
        svg.append(_box(x, y, w, h, titles, subtitles, fill=fill, stroke=stroke))
        centres.append(x + w / 2)
    return "".join(svg), centres, h


def _connect(parents, parent_bottom, children, child_top, dashed=False) -> str:
    """Lines from a row of boxes down to the next: a bar between the rows and a stem to
    each box."""
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
    return forum.focus_area.name if forum.focus_area_id else forum.get_kind_display()


def organisation_diagram(*, plan, fora, staff) -> str:
    """The plan's organisation as levels: a partnership on top where the plan has one, the
    board (bestyrelse or styregruppe) under it, the other fora below, and the secretariat
    serving them."""
    width, spacing = 640, 34
    partnerships = [f for f in fora if f.kind == "partnerskab"]
    boards = [f for f in fora if f.kind in BOARD_KINDS]
    others = [f for f in fora if f.kind not in BOARD_KINDS and f.kind != "partnerskab"]
    levels = []
    if partnerships:
        levels.append([(f.name, _("Highest authority")) for f in partnerships])
    levels.append([(f.name, _("Decides and follows up")) for f in boards]
                  or [(_("Board"), _("Decides and follows up"))])
    if others:
        levels.append([(f.name, _subtitle(f)) for f in others])
    svg, y, previous = [], 10.0, None
    for items in levels:
        row, centres, h = _row(items, y, width, max_box=260 if len(items) == 1 else 200)
        if previous is not None:
            svg.append(_connect(previous[0], previous[1], centres, y))
        svg.append(row)
        previous = (centres, y + h)
        y += h + spacing
    titles = list(dict.fromkeys(member.title for member in staff if member.title))
    staff_text = ", ".join(titles) or _("No staff yet")
    # The secretariat with its staff's titles (each once) wrapped inside the box.
    titles_lines, staff_lines = _label(440, _("Secretariat"), staff_text, subtitle_lines=3)
    h = _height(titles_lines, staff_lines)
    secretariat = _box(width / 2 - 220, y, 440, h, titles_lines, staff_lines,
                       fill="#fff8e1", stroke="#a07800")
    svg.append(_connect(previous[0][:1] if len(previous[0]) == 1 else [width / 2],
                        previous[1], [width / 2], y, dashed=True))
    svg.append(secretariat)
    height = y + h + 10
    return mark_safe(  # noqa: S308 - built from numbers and escaped strings only
        f'<svg class="org-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height:.0f}" role="img" aria-label="{escape(_("Organisation diagram"))}" '
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
    label = ", ".join(f"{counts.get(code, 0)}" for code in COLOURS)
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
        f'aria-label="{escape(_("Budget spent against time elapsed"))}" '
        f'font-family="Liberation Sans, DejaVu Sans, Arial, sans-serif">'
        f"{bar(2, elapsed, '#6c757d', _('Time'))}{bar(22, spent, '#003b5c', _('Spent'))}</svg>"
    )
