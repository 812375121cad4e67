"""Charts as server-side SVG, so the screen and the PDF show the same picture.

Every text that comes from a user goes through `escape`; the SVG is built from numbers and
escaped strings only.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from activities.status import status_label

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
