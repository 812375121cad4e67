"""PDF rendering: the only module that imports WeasyPrint (and the one that writes PDFs).

A document is a list of parts (cover, agreement, one delaftale, one activity schema …), each a
complete HTML page sequence. Parts are rendered to PDF separately, on both cores, and cached by
their content, so a change to one activity renders one part again. The parts are then joined,
and the running header, "Side X af Y", the print date and the KLADDE mark are written onto
every page as a few PDF text operators (no second layout pass), so the parts carry no page
numbers and can be reused between documents.

Resources are read from the project's static files on disk through `StaticOnlyFetcher`; every
other URL (file://, http://, data: …) is refused, so nothing a user types can make the
renderer read or fetch anything.
"""

import concurrent.futures
import hashlib
import io
import logging
import mimetypes
import multiprocessing
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# The renderer sees pages under this made-up origin; only its /static/ URLs are served.
BASE_URL = "https://helhedsplan.invalid/"
CACHE_VERSION = "1"


class RefusedURL(ValueError):
    """Raised for every URL that is not one of the project's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serve `<BASE_URL>/static/…` from the static files on disk; refuse everything else."""

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


@dataclass(frozen=True)
class Part:
    """One piece of a document: a title for the table of contents and its HTML."""

    key: str
    title: str
    html: str
    level: int = 1
    in_toc: bool = True

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{CACHE_VERSION}\n{self.html}".encode()).hexdigest()


# --- Rendering one part -----------------------------------------------------------------------


def _render_html(html: str) -> bytes:
    return weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()
    ).write_pdf()


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


def trim_cache(max_files: int = 2000) -> None:
    files = sorted(cache_dir().glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    for stale in files[: max(0, len(files) - max_files)]:
        stale.unlink(missing_ok=True)


# --- Both cores -------------------------------------------------------------------------------

_pool: concurrent.futures.ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> int:
    return max(1, min(os.cpu_count() or 1, getattr(settings, "PDF_WORKERS", 2)))


def _warm_up() -> None:
    """Set Django up in the fresh worker (the fetcher reads the static files finders) and
    load WeasyPrint's fonts once, not on the first real document."""
    import django

    django.setup()
    _render_html("<html><body><p>Æ</p><p><b>ø</b></p></body></html>")


def _pool_get() -> concurrent.futures.ProcessPoolExecutor | None:
    """A process pool kept for the life of the process (WeasyPrint's layout holds the GIL)."""
    global _pool
    if _workers() < 2:
        return None
    with _pool_lock:
        if _pool is None:
            # Workers start fresh ("spawn"): forking a web process that runs threads (the
            # server's, the background jobs') can copy a held lock into the child.
            context = multiprocessing.get_context("spawn")
            _pool = concurrent.futures.ProcessPoolExecutor(
                _workers(), mp_context=context, initializer=_warm_up
            )
        return _pool


def uncached(parts: list[Part]) -> list[Part]:
    return [part for part in parts if not (cache_dir() / f"{part.digest}.pdf").exists()]


def render_parts(parts: list[Part], progress=None) -> list[bytes]:
    """PDF bytes for each part, from the cache or rendered (in parallel when there are several).

    `progress(done, total)` is called as parts finish, for the user's progress bar.
    """
    results: list[bytes | None] = [_cached(part) for part in parts]
    missing = [i for i, data in enumerate(results) if data is None]
    done = len(parts) - len(missing)
    pool = _pool_get() if len(missing) > 1 else None
    if pool is not None:
        # Longest first, so both workers finish at about the same time.
        order = sorted(missing, key=lambda i: -len(parts[i].html))
        futures = {pool.submit(_render_html, parts[i].html): i for i in order}
        for future in concurrent.futures.as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            _store(parts[i], results[i])
            done += 1
            if progress:
                progress(done, len(parts))
    else:
        for i in missing:
            results[i] = _render_html(parts[i].html)
            _store(parts[i], results[i])
            done += 1
            if progress:
                progress(done, len(parts))
    return results  # type: ignore[return-value]


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
    over = [b"q 0.29 0.29 0.29 rg 0.4 w 0.6 0.65 0.68 RG"]
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
    over.append(b"Q")
    return b"\n".join(over)


def _stamp_pages(writer: PdfWriter, stamp: Stamp) -> None:
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
                NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
            }
        )
    )
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
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


def join(parts: list[Part], rendered: list[bytes], stamp: Stamp) -> "Rendered":
    writer = PdfWriter()
    starts = []
    for data in rendered:
        reader = PdfReader(io.BytesIO(data))
        starts.append(len(writer.pages) + 1)
        for page in reader.pages:
            writer.add_page(page)
    total = len(writer.pages)
    _stamp_pages(writer, stamp)
    for part, start in zip(parts, starts, strict=True):
        if part.in_toc:
            writer.add_outline_item(title=part.title, page_number=start - 1)
    writer.add_metadata({"/Title": f"{stamp.document} · {stamp.plan}", "/Creator": "Helhedsplan"})
    output = io.BytesIO()
    writer.write(output)
    return Rendered(pdf=output.getvalue(), pages=total, starts=starts)


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    starts: list[int]


def build(
    parts: list[Part], stamp: Stamp, toc: "TocBuilder | None" = None, progress=None
) -> Rendered:
    """Render, join and stamp. With a `toc`, the table of contents is made once the page
    numbers of the other parts are known, and placed where the builder says."""
    rendered = render_parts(parts, progress)
    if toc is not None:
        pages = [len(PdfReader(io.BytesIO(data)).pages) for data in rendered]
        toc_part = toc(parts, pages)
        toc_pdf = render_parts([toc_part])[0]
        position = toc.position
        parts = parts[:position] + [toc_part] + parts[position:]
        rendered = rendered[:position] + [toc_pdf] + rendered[position:]
    return join(parts, rendered, stamp)


class TocBuilder:
    """Makes the table-of-contents part from the other parts' page counts.

    It assumes the table of contents fits on `toc_pages` page(s), which holds for plans with
    up to about 40 entries; it is checked after rendering.
    """

    position = 1  # after the cover
    toc_pages = 1

    def __init__(self, template: str, context: dict):
        self.template, self.context = template, context

    def __call__(self, parts: list[Part], pages: list[int]) -> Part:
        entries, page = [], 1
        for index, (part, count) in enumerate(zip(parts, pages, strict=True)):
            if index == self.position:
                page += self.toc_pages
            if part.in_toc:
                entries.append({"title": part.title, "page": page, "level": part.level})
            page += count
        html = render_to_string(self.template, {**self.context, "entries": entries})
        return Part(key="toc", title=self.context.get("title", ""), html=html, in_toc=False)
