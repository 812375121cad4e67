"""PDF rendering: the only module that imports WeasyPrint (and the one that writes PDFs).

A document is a list of parts (cover, agreement, one delaftale, one activity schema …), each a
complete HTML page sequence. Parts are rendered to PDF separately and cached by their content,
so a change to one activity renders one part again. The parts are then joined,
and the running header, "Side X af Y", the print date and the KLADDE mark are written onto
every page as a few PDF text operators (no second layout pass), so the parts carry no page
numbers and can be reused between documents.

Resources are read from the project's static files on disk through `StaticOnlyFetcher`; every
other URL (file://, http://, data: …) is refused, so nothing a user types can make the
renderer read or fetch anything.

Rendering happens only in the task queue's worker processes (reporting/tasks.py), never in a
web process: WeasyPrint is imported by the functions that lay out, so a web process that
imports this module for its parts and hashes does not load it (tests/reporting/test_queue.py).
"""

import functools
import gc
import hashlib
import io
import logging
import mimetypes
import multiprocessing
import os
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

logger = logging.getLogger(__name__)

# The renderer sees pages under this made-up origin; only its /static/ URLs are served.
BASE_URL = "https://helhedsplan.invalid/"
CACHE_VERSION = "4"  # 4: parts are tagged PDFs (issue 19)


class RefusedURL(ValueError):
    """Raised for every URL that is not one of the project's static files."""


def StaticOnlyFetcher():  # noqa: N802 - used as the class it makes
    """A WeasyPrint URL fetcher that serves `<BASE_URL>/static/…` from the static files on
    disk and refuses everything else. The class is made on first use: subclassing WeasyPrint's
    fetcher at import would load WeasyPrint into every process that imports this module."""
    return _static_only_fetcher_class()()


@functools.cache
def _static_only_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class _StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = BASE_URL + settings.STATIC_URL.lstrip("/")
            if not url.startswith(prefix):
                raise RefusedURL(f"Refused to fetch {url!r}: only the project's static files")
            relative = url[len(prefix) :].split("?")[0].split("#")[0]
            if ".." in Path(relative).parts:
                raise RefusedURL(f"Refused to fetch {url!r}")
            path = finders.find(relative)
            if not path:
                raise RefusedURL(f"No static file {relative!r}")
            content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            return URLFetcherResponse(
                url, body=Path(path).read_bytes(), headers={"Content-Type": content_type}
            )

    return _StaticOnlyFetcher


@dataclass(frozen=True)
class Part:
    """One piece of a document: a title for the table of contents and its HTML.

    `entries` are further table-of-contents entries inside the part, (anchor, title, level),
    for parts that hold several activities or years: their pages are read from the part's
    PDF (WeasyPrint writes every id as a named destination)."""

    key: str
    title: str
    html: str
    level: int = 1
    in_toc: bool = True
    # The part's own second-level headings (a document's sections) are listed below it.
    toc_headings: bool = False
    entries: tuple = ()

    @property
    def digest(self) -> str:
        """The cache key: the part's HTML and the stylesheet it is laid out with."""
        key = f"{CACHE_VERSION}\n{_stylesheet()[1]}\n{self.html}"
        return hashlib.sha256(key.encode()).hexdigest()


# --- Rendering one part -----------------------------------------------------------------------

STYLESHEET = "css/print.css"


@functools.cache
def _stylesheet() -> tuple[str, str]:
    """The print stylesheet's text and its SHA-256 (read once per process)."""
    text = Path(finders.find(STYLESHEET)).read_text(encoding="utf-8")
    return text, hashlib.sha256(text.encode()).hexdigest()


_local = threading.local()


def _style():
    """The parsed print stylesheet and the font configuration, made once per process and
    thread rather than once per part: parsing them is a fifth of a small part's time."""
    style = getattr(_local, "style", None)
    if style is None:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()
        css = weasyprint.CSS(
            string=_stylesheet()[0],
            base_url=BASE_URL + settings.STATIC_URL.lstrip("/") + STYLESHEET,
            url_fetcher=StaticOnlyFetcher(),
            font_config=fonts,
        )
        style = _local.style = (fonts, [css])
        # What is loaded by now (Django, WeasyPrint, the stylesheet, the fonts) lives as long
        # as the process: out of the garbage collector's way, which otherwise walks it again
        # and again while a part is laid out (a tenth of the render time, measured).
        gc.collect()
        gc.freeze()
    return style


def _layout(html: str):
    import weasyprint

    fonts, stylesheets = _style()
    return weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()
    ).render(stylesheets=stylesheets, font_config=fonts)


# A last page with less text than this (the "nearly empty page") is pulled back onto
# the page before, if laid out a little tighter (print.css `.tight`: less space around
# headings and lines) it fits there.
SHORT_TAIL_CHARS = 200


def _page_chars(page) -> int:
    from weasyprint.formatting_structure.boxes import TextBox

    return sum(
        len("".join(box.text.split()))
        for box in page._page_box.descendants()
        if isinstance(box, TextBox)
    )


_HEADING = re.compile(r"<h[23](?=[ >])")


def _headings_before_last_page(document) -> int:
    from weasyprint.formatting_structure.boxes import BlockBox

    return sum(
        1
        for page in document.pages[:-1]
        for box in page._page_box.descendants()
        if isinstance(box, BlockBox) and box.element_tag in ("h2", "h3")
    )


def _break_before_heading(html: str, index: int) -> str:
    """`html` with a page break before its `index`th h2 or h3 heading."""
    match = list(_HEADING.finditer(html))[index]
    return f'{html[:match.end()]} class="new-page"{html[match.end():]}'


def _render_html(html: str) -> bytes:
    """The part's PDF. A part that would end with a page of a few lines is laid out again
    tighter, kept when that saves the page; failing that, the section before those lines
    goes onto the last page with them (a page break before its heading)."""
    document = _layout(html)
    pages = len(document.pages)
    if pages > 1 and _page_chars(document.pages[-1]) < SHORT_TAIL_CHARS and "<body>" in html:
        tight = _layout(html.replace("<body>", '<body class="tight">', 1))
        if len(tight.pages) < pages:
            return tight.write_pdf(pdf_tags=True)
        before = _headings_before_last_page(document)
        for index in (before - 1, before - 2):
            if index < 1:  # never before the part's first section
                break
            moved = _layout(_break_before_heading(html, index))
            if len(moved.pages) == pages and _page_chars(moved.pages[-1]) >= SHORT_TAIL_CHARS:
                return moved.write_pdf(pdf_tags=True)
    return document.write_pdf(pdf_tags=True)


def cache_dir() -> Path:
    path = Path(getattr(settings, "PDF_CACHE_DIR", settings.BASE_DIR / "var" / "pdf-cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _cached(part: Part) -> bytes | None:
    path = cache_dir() / f"{part.digest}.pdf"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    os.utime(path)  # keep recently used parts when the cache is trimmed
    return data


def _store(part: Part, data: bytes) -> None:
    path = cache_dir() / f"{part.digest}.pdf"
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


CACHE_MAX_FILES = 2000
_trimmed = {"at": 0.0}


def trim_cache(max_files: int | None = None, max_bytes: int | None = None) -> int:
    """Keep the `max_files` most recently used parts (reading a part touches it), and no more
    than `max_bytes` (setting PDF_CACHE_MAX_MB) of them. Returns the number removed."""
    max_files = CACHE_MAX_FILES if max_files is None else max_files
    if max_bytes is None:
        max_bytes = int(getattr(settings, "PDF_CACHE_MAX_MB", 500)) * 1024 * 1024
    files = []
    for path in cache_dir().glob("*.pdf"):
        try:
            stat = path.stat()
        except FileNotFoundError:  # removed by another worker meanwhile
            continue
        files.append((stat.st_mtime, stat.st_size, path))
    files.sort(reverse=True)  # newest first
    removed, kept_bytes = 0, 0
    for number, (_mtime, size, path) in enumerate(files):
        kept_bytes += size
        if number >= max_files or kept_bytes > max_bytes:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def _trim_now_and_then() -> None:
    """Trim after new parts were stored, at most every ten minutes per process."""
    if time.monotonic() - _trimmed["at"] > 600:
        _trimmed["at"] = time.monotonic()
        trim_cache()


def uncached(parts: list[Part]) -> list[Part]:
    return [part for part in parts if not (cache_dir() / f"{part.digest}.pdf").exists()]


# How fast this process has been rendering (bytes of part HTML per second, all cores), so
# that the decision to render in the background follows the machine it runs on.
_speed = {"bytes_per_second": None}
_SAMPLE_BYTES = 20_000  # smaller batches say more about overhead than about speed


def observed_speed() -> float | None:
    return _speed["bytes_per_second"]


def _observe(html_bytes: int, seconds: float) -> None:
    if html_bytes < _SAMPLE_BYTES or seconds <= 0:
        return
    sample = html_bytes / seconds
    previous = _speed["bytes_per_second"]
    _speed["bytes_per_second"] = sample if previous is None else (previous + sample) / 2


def render_parts(parts: list[Part], progress=None) -> list[bytes]:
    """PDF bytes for each part, from the cache or rendered (in this process: a worker of the
    task queue; more workers render more documents at once).

    `progress(done, total)` is called as parts finish, for the user's progress bar.
    """
    results: list[bytes | None] = [_cached(part) for part in parts]
    missing = [i for i, data in enumerate(results) if data is None]
    started = time.perf_counter()
    try:
        return _render_missing(parts, results, missing, progress)
    finally:
        _observe(sum(len(parts[i].html) for i in missing), time.perf_counter() - started)
        if missing:
            _trim_now_and_then()


def _render_missing(parts, results, missing, progress) -> list[bytes]:
    done = len(parts) - len(missing)
    # Longest first: the progress bar moves evenly afterwards.
    for i in sorted(missing, key=lambda i: -len(parts[i].html)):
        results[i] = _render_html(parts[i].html)
        _store(parts[i], results[i])
        done += 1
        if progress:
            progress(done, len(parts))
    return results  # type: ignore[return-value]


_FORK_WARM_UP_HTML = (
    "<html lang='da'><body><h1>Æ</h1><p>ø <b>å</b> <i>é</i> <b><i>Ü</i></b></p>"
    "<table><thead><tr><th>A</th><th class='num'>1</th></tr></thead>"
    "<tbody><tr><td>ø</td><td class='num'>2</td></tr></tbody></table><ul><li>x</li></ul>"
    "<svg width='10' height='10'><text x='1' y='9'>Æ</text></svg></body></html>"
)


def render_html_warm_up() -> None:
    """Load WeasyPrint, the print stylesheet and every face the documents use in this process
    (one tiny render), as a task worker has them after its first document."""
    _render_html(_FORK_WARM_UP_HTML)


def render_forked(parts: list[Part]) -> None:
    """For a one-off process such as `manage.py export_pdf`: put the parts that are not cached
    into the cache, rendered on `PDF_WORKERS` processes forked from this one once it has
    WeasyPrint, the stylesheet and the fonts loaded. A forked process starts at once; a
    renderer process of the pool (spawned: a web process runs threads) sets Django and
    WeasyPrint up again first, which is most of a fresh process's time for a whole plan.
    With threads running (where forking could copy a held lock) or one worker, the parts are
    rendered here."""
    missing = uncached(parts)
    if not missing:
        return
    # The stylesheet and every face the documents use, once, before forking.
    render_html_warm_up()
    cores = max(1, min(os.cpu_count() or 1, getattr(settings, "PDF_WORKERS", 2)))
    workers = min(cores, len(missing))
    if workers < 2 or threading.active_count() > 1:
        for part in missing:
            _store(part, _render_html(part.html))
        return
    # The children only lay out HTML: they never use the database connection they inherit,
    # and leave with os._exit, so they never close it either.
    order = sorted(missing, key=lambda part: -len(part.html))  # longest first
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rendered = pool.imap(_render_html, [part.html for part in order])
        for part, data in zip(order, rendered, strict=True):
            _store(part, data)


def render_naive(parts: list[Part]) -> tuple[float, int]:
    """For the benchmark only: the document as one HTML page sequence in one WeasyPrint call
    in this process (the route the parts, the cache and the second core are measured
    against). Returns the seconds and the pages."""
    bodies = "".join(
        f'<div class="new-page">{part.html.split("<body>", 1)[1].rsplit("</body>", 1)[0]}</div>'
        for part in parts
    )
    start = time.perf_counter()
    data = _render_html(f"<html lang='da'><body>{bodies}</body></html>")
    return time.perf_counter() - start, len(PdfReader(io.BytesIO(data)).pages)


# --- Joining and stamping ---------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """What every page carries: the running header and footer, and the draft mark."""

    plan: str
    document: str
    status: str
    printed: str
    draft: bool = True
    cover: bool = False  # the first page is a cover: no header or footer on it


# Helvetica widths (per 1000 units of the font size) for the characters the stamp uses, to
# right-align text; other characters count as a digit. The stamp uses the PDF standard font
# with WinAnsi encoding, so Danish letters print without embedding a font.
_WIDTHS = {
    " ": 278,
    ".": 278,
    ",": 278,
    ":": 278,
    "-": 333,
    "–": 556,
    "·": 278,
    "(": 333,
    ")": 333,
    "i": 222,
    "l": 222,
    "j": 222,
    "f": 278,
    "t": 278,
    "r": 333,
    "I": 278,
    "m": 833,
    "w": 722,
    "M": 833,
    "W": 944,
    "K": 667,
    "L": 556,
    "A": 667,
    "D": 722,
    "E": 667,
    "S": 667,
    "G": 778,
    "O": 778,
    "Æ": 1000,
    "Ø": 778,
    "æ": 889,
}
MM = 72 / 25.4


def _text_width(text: str, size: float) -> float:
    return sum(_WIDTHS.get(char, 556) for char in text) * size / 1000


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _stamp_stream(stamp: Stamp, number: int, total: int, width: float, height: float) -> bytes:
    """The content stream drawn over one page: header with the status (KLADDE in red until
    approved) and footer with the print date and "Side X af Y". No diagonal watermark: it
    would end up in the middle of the text when the PDF is searched or copied."""
    size, left, right = 7.5, 22 * MM, width - 20 * MM
    # Marked as a pagination artifact: assistive technology skips it (PDF/UA), the page's own
    # tagged content is what is read.
    over = [b"/Artifact <</Type /Pagination>> BDC", b"q 0.29 0.29 0.29 rg 0.4 w 0.6 0.65 0.68 RG"]
    decorate = not (stamp.cover and number == 1)
    if decorate:
        head_y, foot_y = height - 14 * MM, 10 * MM
        head = f"{stamp.plan} · {stamp.document}"
        if len(head) > 110:
            head = head[:109] + "…"
        page_text = _("Page %(n)s of %(total)s") % {"n": number, "total": total}
        printed = _("Printed %(date)s") % {"date": stamp.printed}
        over += [
            f"{left:.2f} {head_y - 2:.2f} m {right:.2f} {head_y - 2:.2f} l S".encode(),
            f"{left:.2f} {foot_y + 9:.2f} m {right:.2f} {foot_y + 9:.2f} l S".encode(),
            b"BT /HPStamp " + f"{size}".encode() + b" Tf",
            f"1 0 0 1 {left:.2f} {head_y:.2f} Tm ".encode() + _pdf_string(head) + b" Tj",
            f"1 0 0 1 {left:.2f} {foot_y:.2f} Tm ".encode() + _pdf_string(printed) + b" Tj",
            f"1 0 0 1 {right - _text_width(page_text, size):.2f} {foot_y:.2f} Tm ".encode()
            + _pdf_string(page_text)
            + b" Tj",
        ]
        status_colour = b"0.74 0.13 0.19 rg" if stamp.draft else b"0.29 0.29 0.29 rg"
        over += [
            status_colour,
            f"1 0 0 1 {right - _text_width(stamp.status, size):.2f} {head_y:.2f} Tm ".encode()
            + _pdf_string(stamp.status)
            + b" Tj",
            b"ET",
        ]
    over += [b"Q", b"EMC"]
    return b"\n".join(over)


def _stamp_pages(writer: PdfWriter, stamp: Stamp) -> None:
    font = _stamp_fonts(writer)
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        _stamp_page(writer, page, stamp, number, total, font)


def _stamp_page(writer: PdfWriter, page, stamp: Stamp, number: int, total: int, font) -> None:
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    over = _stamp_stream(stamp, number, total, width, height)
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject())
    resources = resources.get_object()
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    fonts[NameObject("/HPStamp")] = font
    contents = page.get(NameObject("/Contents"))
    existing = (
        list(contents.get_object())
        if isinstance(contents.get_object(), ArrayObject)
        else [contents]
    )
    stamp_stream, begin, end = StreamObject(), StreamObject(), StreamObject()
    stamp_stream.set_data(over)
    # Wrap the page's own content in q … Q so its graphics state cannot leak into ours.
    begin.set_data(b"q")
    end.set_data(b"Q")
    page[NameObject("/Contents")] = ArrayObject(
        [
            writer._add_object(begin),
            *existing,
            writer._add_object(end),
            writer._add_object(stamp_stream),
        ]
    )


def _stamp_fonts(writer: PdfWriter):
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )


def join(parts: list[Part], rendered: list, stamp: Stamp) -> "Rendered":
    """Join the parts' PDFs (bytes or PdfReaders) in order, stamp every page, add the outline."""
    readers = [_reader(data) for data in rendered]
    writer = PdfWriter()
    starts = []
    for reader in readers:
        starts.append(len(writer.pages) + 1)
        for page in reader.pages:
            writer.add_page(page)
    _stamp_pages(writer, stamp)
    return _finish(writer, parts, readers, starts, stamp)


def _reader(data) -> PdfReader:
    return data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))


def entries(part: Part, reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, page offset in the part) of the part's table-of-contents entries."""
    found = [(part.title, part.level, 0)] if part.in_toc else []
    if part.in_toc and part.toc_headings:
        found += [(title, part.level + 1, page) for title, page in _headings(reader)]
    if part.entries:
        destinations = reader.named_destinations
        for anchor, title, level in part.entries:
            destination = destinations.get(anchor)
            page = reader.get_destination_page_number(destination) if destination else 0
            found.append((title, level, max(page, 0)))
    return found


def _finish(writer: PdfWriter, parts: list[Part], readers: list, starts: list[int],
            stamp: Stamp) -> "Rendered":
    for part, reader, start in zip(parts, readers, starts, strict=True):
        for title, _level, offset in entries(part, reader):
            writer.add_outline_item(title=title, page_number=start - 1 + offset)
    writer.add_metadata({"/Title": f"{stamp.document} · {stamp.plan}", "/Creator": "Helhedsplan"})
    _tag(writer, readers, starts)
    output = io.BytesIO()
    writer.write(output)
    return Rendered(pdf=output.getvalue(), pages=len(writer.pages), starts=starts)


def _tag(writer: PdfWriter, readers: list, starts: list[int]) -> None:
    """Make the joined PDF a tagged one (PDF/UA's structure, language and title): the parts'
    structure trees (WeasyPrint's `pdf_tags`) become parts of one Document element, their
    parent-tree keys moved past the previous part's, and the viewer shows the title."""
    root = writer.root_object
    tree = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
    tree_ref = writer._add_object(tree)
    kids = ArrayObject()
    document = DictionaryObject({
        NameObject("/Type"): NameObject("/StructElem"),
        NameObject("/S"): NameObject("/Document"),
        NameObject("/P"): tree_ref,
        NameObject("/K"): kids,
    })
    document_ref = writer._add_object(document)
    nums = ArrayObject()
    offset, lang = 0, None
    for reader, start in zip(readers, starts, strict=True):
        part_root = reader.trailer["/Root"]
        lang = lang or part_root.get("/Lang")
        if "/StructTreeRoot" not in part_root:
            continue
        part_tree = part_root["/StructTreeRoot"].get_object()
        # The pages were copied into the writer first, so cloning the structure maps every
        # /Pg to the copied page rather than copying the page again.
        for index, page in enumerate(reader.pages):
            copied = writer.pages[start - 1 + index]
            if "/StructParents" in page:
                copied[NameObject("/StructParents")] = NumberObject(
                    page["/StructParents"] + offset
                )
            for annot in copied.get("/Annots", []):
                annot = annot.get_object()
                if "/StructParent" in annot:
                    annot[NameObject("/StructParent")] = NumberObject(
                        annot["/StructParent"] + offset
                    )
        top = part_tree["/K"]
        for element in top if isinstance(top, list) else [top]:
            copy = element.clone(writer)
            cloned = copy.get_object()
            cloned[NameObject("/P")] = document_ref
            if cloned.get("/S") == "/Document":
                cloned[NameObject("/S")] = NameObject("/Part")
            kids.append(copy if isinstance(copy, IndirectObject) else cloned.indirect_reference)
        highest = -1
        for key, value in _number_tree(part_tree["/ParentTree"].get_object()):
            nums += [NumberObject(key + offset), value.clone(writer)]
            highest = max(highest, key)
        offset += highest + 1
    tree[NameObject("/K")] = document_ref
    parent_tree = DictionaryObject({NameObject("/Nums"): nums})
    tree[NameObject("/ParentTree")] = writer._add_object(parent_tree)
    tree[NameObject("/ParentTreeNextKey")] = NumberObject(offset)
    root[NameObject("/StructTreeRoot")] = tree_ref
    root[NameObject("/MarkInfo")] = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
    root[NameObject("/Lang")] = TextStringObject(str(lang or settings.LANGUAGE_CODE))
    root[NameObject("/ViewerPreferences")] = DictionaryObject(
        {NameObject("/DisplayDocTitle"): BooleanObject(True)}
    )


def _number_tree(node) -> list:
    """The (key, value) pairs of a PDF number tree."""
    found = []
    nums = node.get("/Nums", [])
    found += [(int(nums[i]), nums[i + 1]) for i in range(0, len(nums) - 1, 2)]
    for kid in node.get("/Kids", []):
        found += _number_tree(kid.get_object())
    return found


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    starts: list[int]


def build(
    parts: list[Part], stamp: Stamp, toc: "TocBuilder | None" = None, progress=None
) -> Rendered:
    """Render, join and stamp. With a `toc`, the table of contents is made once the page
    numbers of the other parts are known, and placed where the builder says.

    The table of contents is the one step that must wait for all the others; the other pages
    are joined and stamped around the room it leaves (`toc.toc_pages`); should it need more
    pages, the pages are stamped again.
    """
    rendered = render_parts(parts, progress)
    if toc is None:
        return join(parts, rendered, stamp)
    readers = [_reader(data) for data in rendered]
    toc_part = toc(parts, readers)
    pending = _render_soon(toc_part)
    position = min(toc.position, len(readers))
    all_parts = parts[:position] + [toc_part] + parts[position:]
    writer = PdfWriter()
    for reader in readers:
        for page in reader.pages:
            writer.add_page(page)
    sizes = [len(reader.pages) for reader in readers]
    first = sum(sizes[:position]) + 1  # the table of contents' first page number
    starts, page = [], 1
    for size in sizes[:position] + [toc.toc_pages] + sizes[position:]:
        starts.append(page)
        page += size
    total = len(writer.pages) + toc.toc_pages
    font = _stamp_fonts(writer)
    for index, page in enumerate(writer.pages, start=1):
        number = index if index < first else index + toc.toc_pages
        _stamp_page(writer, page, stamp, number, total, font)
    toc_reader = _reader(pending())
    if len(toc_reader.pages) != toc.toc_pages:
        # Another length than assumed (a plan with very many activities): number the entries
        # again for the real length, and join everything the plain way.
        toc_part = toc(parts, readers, toc_pages=len(toc_reader.pages))
        toc_reader = _reader(render_parts([toc_part])[0])
        all_parts = parts[:position] + [toc_part] + parts[position:]
        return join(all_parts, readers[:position] + [toc_reader] + readers[position:], stamp)
    for offset, toc_page in enumerate(toc_reader.pages):
        writer.insert_page(toc_page, first - 1 + offset)
        _stamp_page(writer, writer.pages[first - 1 + offset], stamp, first + offset, total, font)
    all_readers = readers[:position] + [toc_reader] + readers[position:]
    return _finish(writer, all_parts, all_readers, starts, stamp)


def _headings(reader: PdfReader) -> list[tuple[str, int]]:
    """The second-level headings of a part as WeasyPrint wrote them into its outline (h2
    under the part's h1), each with its page within the part (0-based)."""
    found = []
    for item in reader.outline:
        if isinstance(item, list):
            found += [
                (child.title, reader.get_destination_page_number(child))
                for child in item
                if not isinstance(child, list)
            ]
    return found


def _render_soon(part: Part):
    """The part's PDF (cached or rendered now); returns a function that hands it back."""
    data = render_parts([part])[0]
    return lambda: data


class TocBuilder:
    """Makes the table-of-contents part from the other parts' page counts.

    It assumes the table of contents fits on `toc_pages` page(s), which holds for plans with
    up to about 40 entries; when it does not, `build` numbers it again for its real length.
    """

    position = 1  # after the cover
    toc_pages = 1

    def __init__(self, template: str, context: dict):
        self.template, self.context = template, context

    def __call__(self, parts: list[Part], readers: list[PdfReader],
                 toc_pages: int | None = None) -> Part:
        lines, page = [], 1
        for index, (part, reader) in enumerate(zip(parts, readers, strict=True)):
            if index == self.position:
                page += toc_pages or self.toc_pages
            lines += [{"title": title, "page": page + offset, "level": level}
                      for title, level, offset in entries(part, reader)]
            page += len(reader.pages)
        html = render_to_string(self.template, {**self.context, "entries": lines})
        return Part(key="toc", title=self.context.get("title", ""), html=html, in_toc=False)
