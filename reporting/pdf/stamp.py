"""The running header and footer on every page of a joined document.

The parts are rendered and cached without page numbers, so that they can be reused between
documents; "Side X af Y" needs the joined document's length. So the header (plan · document,
and the approval status, red while a draft), the footer (the print date and "Side X af Y")
and their rules are laid out by WeasyPrint as one small document of empty pages with CSS
margin boxes and the `page` and `pages` counters, one page per page of the document, and
each of its pages is laid over the document's page as a form XObject drawn after the page's
own content (`_lay_over`). The stamp is cached like a part (by its HTML), so a document
rendered again with as many pages reuses it.
"""

import io
import re
from dataclasses import dataclass

import pikepdf
from django.utils.translation import gettext as _
from pikepdf import Array, Dictionary

from .render import Part, StaticOnlyFetcher, cached_pdf, store_pdf


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


def _page_label() -> str:
    """ "Side X af Y" as CSS content: the translated text around the page counters."""
    pieces = re.split(r"(%\(n\)s|%\(total\)s)", _("Page %(n)s of %(total)s"))
    counters = {"%(n)s": "counter(page)", "%(total)s": "counter(pages)"}
    return " ".join(counters.get(piece) or _css_string(piece) for piece in pieces if piece)


def stamp_html(stamp: Stamp, pages: int, width: float, height: float) -> str:
    """The stamp as a document of `pages` empty pages of `width` × `height` pt."""
    head = f"{stamp.plan} · {stamp.document}"
    if len(head) > HEADER_MAX_CHARS:
        head = head[: HEADER_MAX_CHARS - 1] + "…"
    printed = _("Printed %(date)s") % {"date": stamp.printed}
    # The rules are the page area's borders; the header's baseline is 2 pt over the header
    # rule, the footer's 9 pt under the footer rule.
    top, bottom = HEADER_MM * MM + 1.8, FOOTER_MM * MM + 8.8
    box = (f"font: {FONT_PT}pt/{FONT_PT}pt 'Liberation Sans', Helvetica, Arial, sans-serif; "
           f"color: {TEXT}; white-space: nowrap;")
    head_box = f"{box} vertical-align: bottom; padding-bottom: .65pt;"
    foot_box = f"{box} vertical-align: top; padding-top: 2.45pt;"
    cover = (
        "@page :first { border: none; @top-left { content: none } @top-right { content: none }"
        " @bottom-left { content: none } @bottom-right { content: none } }"
        if stamp.cover else ""
    )
    css = (
        f"@page {{ size: {width:.2f}pt {height:.2f}pt; "
        f"margin: {top:.2f}pt {RIGHT_MM}mm {bottom:.2f}pt {LEFT_MM}mm;"
        f" border-top: .4pt solid {RULE}; border-bottom: .4pt solid {RULE};"
        f" @top-left {{ {head_box} content: {_css_string(head)}; }}"
        f" @top-right {{ {head_box} text-align: right; content: {_css_string(stamp.status)};"
        f" color: {DRAFT if stamp.draft else TEXT}; }}"
        f" @bottom-left {{ {foot_box} content: {_css_string(printed)}; }}"
        f" @bottom-right {{ {foot_box} text-align: right; content: {_page_label()}; }} }}"
        f" {cover} div + div {{ break-before: page; }}"
    )
    return f"<html><head><style>{css}</style></head><body>{'<div></div>' * pages}</body></html>"


def _render_stamp(html: str) -> bytes:
    import weasyprint

    from .render import BASE_URL, _style

    fonts, _stylesheets = _style()  # the fonts already loaded; not the print stylesheet
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()
                           ).write_pdf(font_config=fonts)


def stamp_pages(pdf: pikepdf.Pdf, stamp: Stamp) -> None:
    """Lay the stamp over every page of `pdf` (numbered 1 … N in their order)."""
    if not pdf.pages:
        return
    box = [float(number) for number in pdf.pages[0].mediabox]
    html = stamp_html(stamp, len(pdf.pages), box[2] - box[0], box[3] - box[1])
    part = Part(key="stamp", title="", html=html, in_toc=False)
    data = cached_pdf(part)
    if data is None:
        data = _render_stamp(html)
        store_pdf(part, data)
    overlay = pikepdf.Pdf.open(io.BytesIO(data))
    # The stamp is drawn as a pagination artifact: assistive technology skips it (PDF/UA),
    # the page's own tagged content is what is read.
    before = pdf.make_stream(b"q\n")
    after = pdf.make_stream(b"\nQ /Artifact <</Type /Pagination>> BDC q /%s Do Q EMC\n"
                            % _FORM[1:].encode())
    for page, over in zip(pdf.pages, overlay.pages, strict=True):
        _lay_over(pdf, page, over, before, after)


# The stamp's name among a page's XObjects (WeasyPrint names its own x0, x1, …).
_FORM = "/HelhedsplanStamp"


def _lay_over(pdf: pikepdf.Pdf, page: pikepdf.Page, over: pikepdf.Page, before: pikepdf.Stream,
              after: pikepdf.Stream) -> None:
    """Draw `over` (a page of the stamp) over `page`: as a form XObject, after the page's own
    content, which is wrapped in q … Q so the stamp starts from the page's initial graphics
    state. The page's content is kept as it is: not parsed, renamed and written again."""
    if "/Contents" not in over.obj:
        return
    form = pdf.copy_foreign(over.as_form_xobject())
    # The page's resources may be shared with other pages: a new dictionary for this page.
    resources = page.obj.get("/Resources", Dictionary())
    xobjects = Dictionary({key: value for key, value in
                           resources.get("/XObject", Dictionary()).items()})
    xobjects[_FORM] = form
    resources = Dictionary({key: value for key, value in resources.items()})
    resources.XObject = xobjects
    page.obj.Resources = resources
    own = page.obj.get("/Contents")
    own = [] if own is None else list(own) if isinstance(own, Array) else [own]
    page.obj.Contents = Array([before, *own, after])
