"""PDF rendering: the only package that imports WeasyPrint (and the one that writes PDFs).

A document is a list of parts (cover, agreement, one delaftale, one activity schema …), each a
complete HTML page sequence, rendered and cached on its own (`render`). The parts are then
joined, with the table of contents once their page numbers are known, one structure tree and
the running header and footer on every page (`join`, `stamp`: WeasyPrint's margin boxes and
page counters, laid over the pages with pikepdf).

Rendering happens only in the task queue's worker processes (reporting/tasks.py) and in
management commands, never in a web process; nothing here keeps state between documents
besides the part cache on disk.
"""

from .join import Rendered, TocBuilder, build, entries, join
from .render import (
    BASE_URL,
    CACHE_VERSION,
    Part,
    RefusedURL,
    StaticOnlyFetcher,
    cache_dir,
    render_forked,
    render_html,
    render_html_warm_up,
    render_naive,
    render_parts,
    stylesheet_digest,
    trim_cache,
    uncached,
)
from .share import Sharing, help_render
from .stamp import Stamp

__all__ = [
    "BASE_URL", "CACHE_VERSION", "Part", "RefusedURL", "Rendered", "Sharing", "Stamp",
    "StaticOnlyFetcher",
    "TocBuilder", "build", "cache_dir", "entries", "help_render", "join", "render_forked",
    "render_html", "render_html_warm_up", "render_naive", "render_parts", "stylesheet_digest",
    "trim_cache", "uncached",
]
