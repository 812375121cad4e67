"""The running header and footer on every page of a joined document.

The parts are rendered and cached without page numbers, so that they can be reused between
documents; "Side X af Y" needs the joined document's length. So the header (plan · document,
and the approval status, red while a draft), the footer (the print date and "Side X af Y")
and their rules are laid out by WeasyPrint: what is the same on every page as one page with
CSS margin boxes (`frame_html`), and the page labels as a document of one line a page
(`labels_html`). Both are laid over each page of the document as form XObjects drawn after
the page's own content (`_lay_over`). They are cached like parts (by their HTML), so a
document rendered again with as many pages reuses them, and the labels are shared by every
document of that length.
"""

import io
from dataclasses import dataclass
from html import escape

import pikepdf
from django.utils.translation import gettext as _
from pikepdf import Array, Dictionary

from .render import PLAIN, Part, cached_pdf, render_html, store_pdf


@dataclass(frozen=True)
class Stamp:
    """What every page carries: the running header and footer, and the draft mark."""

    plan: str
    document: str
    status: str
    printed: str
    draft: bool = True
    cover: bool = False  # the first page is a cover: no header or footer on it


# Where the stamp sits, as it did when it was drawn by hand (mm from the page's edges, pt).
LEFT_MM, RIGHT_MM, HEADER_MM, FOOTER_MM = 22, 20, 14, 10
FONT_PT = 7.5
HEADER_MAX_CHARS = 110
TEXT, DRAFT, RULE = "#4a4a4a", "#bd2130", "#99a6ad"
MM = 72 / 25.4


def _css_string(text: str) -> str:
    """`text` as a CSS string: letters, digits and spaces as they are, every other character
    as a hex escape (so no quote, backslash or `</style>` in a plan's name can end it)."""
    return '"' + "".join(
        char if char.isalnum() or char == " " else f"\\{ord(char):x} " for char in text
    ) + '"'


def _page_label(number: int, total: int) -> str:
    """ "Side X af Y", translated."""
    return _("Page %(n)s of %(total)s") % {"n": number, "total": total}


def _box(width: float, height: float) -> tuple[str, float, float]:
    """The text's font, and the top and bottom page margins (the rules are the page area's
    borders; the header's baseline is 2 pt over the header rule, the footer's 9 pt under the
    footer rule)."""
    box = (f"font: {FONT_PT}pt/{FONT_PT}pt 'Liberation Sans', Helvetica, Arial, sans-serif; "
           f"color: {TEXT}; white-space: nowrap;")
    return box, HEADER_MM * MM + 1.8, FOOTER_MM * MM + 8.8


def frame_html(stamp: Stamp, width: float, height: float) -> str:
    """What is the same on every page, as one page of `width` × `height` pt: the rules, the
    header (plan · document, the status) and the print date, in CSS margin boxes."""
    head = f"{stamp.plan} · {stamp.document}"
    if len(head) > HEADER_MAX_CHARS:
        head = head[: HEADER_MAX_CHARS - 1] + "…"
    printed = _("Printed %(date)s") % {"date": stamp.printed}
    box, top, bottom = _box(width, height)
    head_box = f"{box} vertical-align: bottom; padding-bottom: .65pt;"
    foot_box = f"{box} vertical-align: top; padding-top: 2.45pt;"
    css = (
        f"@page {{ size: {width:.2f}pt {height:.2f}pt; "
        f"margin: {top:.2f}pt {RIGHT_MM}mm {bottom:.2f}pt {LEFT_MM}mm;"
        f" border-top: .4pt solid {RULE}; border-bottom: .4pt solid {RULE};"
        f" @top-left {{ {head_box} content: {_css_string(head)}; }}"
        f" @top-right {{ {head_box} text-align: right; content: {_css_string(stamp.status)};"
        f" color: {DRAFT if stamp.draft else TEXT}; }}"
        f" @bottom-left {{ {foot_box} content: {_css_string(printed)}; }} }}"
    )
    return f"{PLAIN}<html><head><style>{css}</style></head><body></body></html>"


# The page labels of a long document are laid out in parts of this many pages, which workers
# that help render side by side.
LABELS_PER_PART = 30


def labels_html(numbers: range, total: int, width: float, height: float) -> str:
    """ "Side X af Y" for each page number in `numbers`, one page each, where the frame's
    bottom-right margin box would put it. Laid out as one line of text a page: a tenth of the
    time margin boxes on every page take."""
    box, _top, bottom = _box(width, height)
    css = (
        f"@page {{ size: {width:.2f}pt {height:.2f}pt; margin: 0 }}"
        f" body {{ margin: 0 }}"
        f" p {{ {box} margin: 0; text-align: right;"
        f" padding: {height - bottom + 2.45:.2f}pt {RIGHT_MM}mm 0 0; }}"
        " p + p { break-before: page; }"
    )
    labels = "".join(f"<p>{escape(_page_label(number, total))}</p>" for number in numbers)
    return f"{PLAIN}<html><head><style>{css}</style></head><body>{labels}</body></html>"


def stamp_parts(stamp: Stamp, total: int, width: float, height: float) -> list[Part]:
    """The stamp of a document of `total` pages of `width` × `height` pt, as parts: the frame,
    and the labels of the pages that carry one (none on a cover). Empty when no page does."""
    first = 2 if stamp.cover else 1
    if first > total:
        return []
    numbers = range(first, total + 1)
    return [Part(key="stamp-frame", title="", html=frame_html(stamp, width, height),
                 in_toc=False),
            *(Part(key="stamp-labels", title="", in_toc=False,
                   html=labels_html(numbers[start:start + LABELS_PER_PART], total, width,
                                    height))
              for start in range(0, len(numbers), LABELS_PER_PART))]


def page_size(pdf: pikepdf.Pdf) -> tuple[float, float]:
    box = [float(number) for number in pdf.pages[0].mediabox]
    return box[2] - box[0], box[3] - box[1]


def _stamp_pdf(part: Part) -> pikepdf.Pdf:
    """The stamp part's PDF, from the part cache or rendered into it."""
    data = cached_pdf(part)
    if data is None:
        data = render_html(part.html)
        store_pdf(part, data)
    return pikepdf.Pdf.open(io.BytesIO(data))


def stamp_pages(pdf: pikepdf.Pdf, stamp: Stamp) -> None:
    """Lay the stamp over every page of `pdf` (numbered 1 … N in their order; a cover page
    gets none): the frame, the same on every page, and the page's label."""
    if not pdf.pages:
        return
    parts = stamp_parts(stamp, len(pdf.pages), *page_size(pdf))
    if not parts:
        return
    frame, *labels = (_stamp_pdf(part) for part in parts)
    label_pages = [page for chunk in labels for page in chunk.pages]
    frame_form = pdf.copy_foreign(frame.pages[0].as_form_xobject())
    # The stamp is drawn as a pagination artifact: assistive technology skips it (PDF/UA),
    # the page's own tagged content is what is read.
    before = pdf.make_stream(b"q\n")
    after = pdf.make_stream(
        b"\nQ /Artifact <</Type /Pagination>> BDC q %s Do Q q %s Do Q EMC\n"
        % (_FRAME.encode(), _LABEL.encode()))
    stamped = pdf.pages[len(pdf.pages) - len(label_pages):]
    for page, label in zip(stamped, label_pages, strict=True):
        _lay_over(pdf, page, {_FRAME: frame_form,
                              _LABEL: pdf.copy_foreign(label.as_form_xobject())},
                  before, after)


# The stamp's names among a page's XObjects (WeasyPrint names its own x0, x1, …).
_FRAME, _LABEL = "/HelhedsplanFrame", "/HelhedsplanPage"


def _lay_over(pdf: pikepdf.Pdf, page: pikepdf.Page, forms: dict, before: pikepdf.Stream,
              after: pikepdf.Stream) -> None:
    """Draw `forms` (form XObjects by name, drawn by `after`) over `page`, after the page's own
    content, which is wrapped in q … Q so the stamp starts from the page's initial graphics
    state. The page's content is kept as it is: not parsed, renamed and written again."""
    # The page's resources may be shared with other pages: a new dictionary for this page.
    resources = page.obj.get("/Resources", Dictionary())
    xobjects = Dictionary({key: value for key, value in
                           resources.get("/XObject", Dictionary()).items()})
    for name, form in forms.items():
        xobjects[name] = form
    resources = Dictionary({key: value for key, value in resources.items()})
    resources.XObject = xobjects
    page.obj.Resources = resources
    own = page.obj.get("/Contents")
    own = [] if own is None else list(own) if isinstance(own, Array) else [own]
    page.obj.Contents = Array([before, *own, after])
