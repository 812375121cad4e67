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


def _lines(text: str, width: int) -> list[str]:
    """Wrap a label into lines of about `width` characters (at most three)."""
    words, lines, current = text.split(), [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > 3:
        lines = lines[:3]
        lines[-1] = lines[-1][: width - 1] + "…"
    return lines


def _box(x, y, w, h, title, subtitle="", fill="#e8eef2", stroke="#003b5c"):
    parts = [
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="6" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="1.2"/>'
    ]
    lines = _lines(title, max(8, w // 7))
    top = y + h / 2 - (len(lines) - 1) * 7 - (6 if subtitle else 0)
    for i, line in enumerate(lines):
        parts.append(
            f'<text x="{x + w / 2}" y="{top + i * 14 + 4}" text-anchor="middle" '
            f'font-size="11" font-weight="bold" fill="#1d1d1b">{escape(line)}</text>'
        )
    if subtitle:
        parts.append(
            f'<text x="{x + w / 2}" y="{top + len(lines) * 14 + 6}" text-anchor="middle" '
            f'font-size="9" fill="#4a4a4a">{escape(subtitle)}</text>'
        )
    return "".join(parts)


def organisation_diagram(*, plan, fora, staff) -> str:
    """The plan's organisation: board on top, the other fora below, the secretariat under it."""
    boards = [f for f in fora if f.kind in BOARD_KINDS] or []
    others = [f for f in fora if f.kind not in BOARD_KINDS]
    width, box_h = 640, 54
    svg = []
    top_title = " / ".join(f.name for f in boards) or _("Board")
    svg.append(_box(width / 2 - 130, 10, 260, box_h, top_title, _("Decides and follows up")))
    row_y = 110
    if others:
        n = len(others)
        gap = 10
        w = min(180, (width - gap * (n + 1)) / n)
        total = n * w + (n - 1) * gap
        start = (width - total) / 2
        svg.append(
            f'<line x1="{width / 2}" y1="{10 + box_h}" x2="{width / 2}" y2="{row_y - 14}" '
            f'stroke="#003b5c"/>'
        )
        svg.append(
            f'<line x1="{start + w / 2}" y1="{row_y - 14}" x2="{start + total - w / 2}" '
            f'y2="{row_y - 14}" stroke="#003b5c"/>'
        )
        for i, forum in enumerate(others):
            x = start + i * (w + gap)
            svg.append(
                f'<line x1="{x + w / 2}" y1="{row_y - 14}" x2="{x + w / 2}" y2="{row_y}" '
                f'stroke="#003b5c"/>'
            )
            subtitle = forum.focus_area.name if forum.focus_area_id else forum.get_kind_display()
            svg.append(_box(x, row_y, w, box_h + 10, forum.name, subtitle[:40]))
        secretariat_y = row_y + box_h + 40
    else:
        secretariat_y = row_y
    names = ", ".join(f"{s.title}" for s in staff[:4]) + (" …" if len(staff) > 4 else "")
    svg.append(
        f'<line x1="{width / 2}" y1="{10 + box_h}" x2="{width / 2}" y2="{secretariat_y}" '
        f'stroke="#003b5c" stroke-dasharray="4 3"/>'
        if not others
        else ""
    )
    svg.append(
        _box(
            width / 2 - 160,
            secretariat_y,
            320,
            box_h,
            _("Secretariat"),
            names or _("No staff yet"),
            fill="#fff8e1",
            stroke="#a07800",
        )
    )
    height = secretariat_y + box_h + 10
    return mark_safe(  # noqa: S308 - built from numbers and escaped strings only
        f'<svg class="org-diagram" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} '
        f'{height}" role="img" aria-label="{escape(_("Organisation diagram"))}" '
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
