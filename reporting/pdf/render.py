"""Rendering one part with WeasyPrint, and the part cache.

A part is rendered to PDF on its own and cached by its content (its HTML and the stylesheet),
so a change to one activity renders one part again.

Resources are read from the project's static files on disk through `StaticOnlyFetcher`; every
other URL (file://, http://, data: …) is refused, so nothing a user types can make the
renderer read or fetch anything.

WeasyPrint is imported by the functions that lay out, so a process that imports this module
for its parts and hashes does not load it (tests/reporting/test_queue.py).
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
from pypdf import PdfReader

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


# The first characters of a part laid out as it is: without the print stylesheet and without
# tags (the stamp, whose pages are artifacts laid over the document's).
PLAIN = "<!-- plain -->"


def _render_plain(html: str) -> bytes:
    import weasyprint

    fonts, _stylesheets = _style()  # the fonts already loaded; not the print stylesheet
    return weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()
                           ).write_pdf(font_config=fonts)


def render_html(html: str) -> bytes:
    """The part's PDF (a `PLAIN` part: see there). A part that would end with a page of a few
    lines is laid out again tighter, kept when that saves the page; failing that, the section
    before those lines goes onto the last page with them (a page break before its heading)."""
    if html.startswith(PLAIN):
        return _render_plain(html)
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


def cached_pdf(part: Part) -> bytes | None:
    path = cache_dir() / f"{part.digest}.pdf"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    os.utime(path)  # keep recently used parts when the cache is trimmed
    return data


def store_pdf(part: Part, data: bytes) -> None:
    write_atomically(cache_dir() / f"{part.digest}.pdf", data)


def write_atomically(path: Path, data: bytes) -> None:
    """Write through a temporary file, so that no other process reads half a file."""
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(data)
    temporary.replace(path)


CACHE_MAX_FILES = 2000
TRIM_EVERY_SECONDS = 600


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
    _remove_leftovers()
    files.sort(reverse=True)  # newest first
    removed, kept_bytes = 0, 0
    for number, (_mtime, size, path) in enumerate(files):
        kept_bytes += size
        if number >= max_files or kept_bytes > max_bytes:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


LEFTOVER_SECONDS = 3600


def _remove_leftovers() -> None:
    """Shared HTML, claims and unfinished files of renders that stopped (a killed worker)."""
    limit = time.time() - LEFTOVER_SECONDS
    for pattern in ("*.html", "*.claim", "*.tmp", "*.parts"):
        for path in cache_dir().glob(pattern):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
            except FileNotFoundError:
                continue


def _trim_now_and_then() -> None:
    """Trim after new parts were stored, at most every ten minutes (for all the workers that
    share the cache: the time is that of a marker file in it)."""
    marker = cache_dir() / "trimmed"
    try:
        if time.time() - marker.stat().st_mtime < TRIM_EVERY_SECONDS:
            return
    except FileNotFoundError:
        pass
    marker.touch()
    trim_cache()


def uncached(parts: list[Part]) -> list[Part]:
    return [part for part in parts if not (cache_dir() / f"{part.digest}.pdf").exists()]


def render_parts(parts: list[Part], progress=None, sharing=None) -> list[bytes]:
    """PDF bytes for each part, from the cache or rendered (in this process: a worker of the
    task queue).

    `progress(done, total)` is called as parts finish, for the user's progress bar.

    With a `sharing` (a worker's render, see share.Sharing), the missing parts are offered to
    the workers that help, and each is rendered by whoever claims it first.
    """
    results: list[bytes | None] = [cached_pdf(part) for part in parts]
    missing = [i for i, data in enumerate(results) if data is None]
    try:
        if len(missing) > 1 and sharing is not None:
            return sharing.render_missing(parts, results, missing, progress)
        return _render_missing(parts, results, missing, progress)
    finally:
        if missing:
            _trim_now_and_then()


def _render_missing(parts, results, missing, progress) -> list[bytes]:
    done = len(parts) - len(missing)
    # Longest first: the progress bar moves evenly afterwards.
    for i in sorted(missing, key=lambda i: -len(parts[i].html)):
        results[i] = render_html(parts[i].html)
        store_pdf(parts[i], results[i])
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
    render_html(_FORK_WARM_UP_HTML)


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
            store_pdf(part, render_html(part.html))
        return
    # The children only lay out HTML: they never use the database connection they inherit,
    # and leave with os._exit, so they never close it either.
    order = sorted(missing, key=lambda part: -len(part.html))  # longest first
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        rendered = pool.imap(render_html, [part.html for part in order])
        for part, data in zip(order, rendered, strict=True):
            store_pdf(part, data)


def render_naive(parts: list[Part]) -> tuple[float, int]:
    """For the benchmark only: the document as one HTML page sequence in one WeasyPrint call
    in this process (the route the parts, the cache and the second core are measured
    against). Returns the seconds and the pages."""
    bodies = "".join(
        f'<div class="new-page">{part.html.split("<body>", 1)[1].rsplit("</body>", 1)[0]}</div>'
        for part in parts
    )
    start = time.perf_counter()
    data = render_html(f"<html lang='da'><body>{bodies}</body></html>")
    return time.perf_counter() - start, len(PdfReader(io.BytesIO(data)).pages)


def stylesheet_digest() -> str:
    """The SHA-256 of the print stylesheet the parts are laid out with."""
    return _stylesheet()[1]
