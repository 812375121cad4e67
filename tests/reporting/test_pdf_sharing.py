"""A worker's render shared with the workers that help (reporting.pdf.Sharing, help_render),
and the stamp laid out as one frame and page labels."""

import io
import os
import socket
import subprocess
import threading
import time

import pytest
from pypdf import PdfReader

from reporting import pdf, services
from reporting.pdf import render, share
from reporting.pdf import stamp as stamp_module

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def pdf_cache(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"


def _parts(count: int, prefix: str = "Del") -> list[pdf.Part]:
    return [pdf.Part(f"p{n}", f"{prefix} {n}",
                     f"<html lang='da'><body><h1>{prefix} {n}</h1>{'<p>Tekst.</p>' * n}"
                     "</body></html>")
            for n in range(count)]


def _counting(monkeypatch) -> list[str]:
    """The HTML of every part this process lays out."""
    laid_out: list[str] = []
    original = render.render_html

    def counting(html):
        laid_out.append(html)
        return original(html)

    monkeypatch.setattr(render, "render_html", counting)
    return laid_out


def _session_files() -> list[str]:
    return sorted(path.suffix for path in pdf.cache_dir().iterdir()
                  if path.suffix in (".parts", ".html", ".claim", ".tmp"))


def test_a_helper_renders_what_the_session_offers_and_the_render_uses_it(monkeypatch):
    monkeypatch.setattr(share, "HELP_IDLE_SECONDS", 0.3)
    asked: list[str] = []
    parts = _parts(4)
    sharing = pdf.Sharing.start(asked.append)
    sharing.offer(parts)

    helped = pdf.help_render(asked[0])  # a worker that took the help task
    laid_out = _counting(monkeypatch)
    results = pdf.render_parts(parts, sharing=sharing)
    sharing.close()

    assert helped == 4 and laid_out == []  # each part laid out once, by the helper
    assert [len(PdfReader(io.BytesIO(data)).pages) for data in results] == [1, 1, 1, 1]
    assert _session_files() == []  # nothing left behind


def test_the_render_and_a_helper_in_another_process_share_the_parts(monkeypatch):
    parts = _parts(6)
    laid_out = _counting(monkeypatch)
    helpers: list[subprocess.Popen] = []

    def ask_help(session):  # a second worker: another process with its own WeasyPrint
        helpers.append(subprocess.Popen(
            [os.sys.executable, "-c", _HELPER, str(pdf.cache_dir()), session],
            stdout=subprocess.PIPE, text=True,
        ))

    sharing = pdf.Sharing.start(ask_help)
    try:
        results = pdf.render_parts(parts, sharing=sharing)
    finally:
        sharing.close()
    helped = int(helpers[0].communicate(timeout=120)[0].split()[-1])

    assert len(laid_out) + helped == len(parts)  # no part laid out twice
    assert all(PdfReader(io.BytesIO(data)).pages for data in results)
    assert pdf.uncached(parts) == []


# A helper in its own process: Django set up, then help_render on the given cache directory.
_HELPER = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helhedsplan.settings")
import django
django.setup()
from django.test import override_settings
from reporting import pdf
with override_settings(PDF_CACHE_DIR=sys.argv[1]):
    print(pdf.help_render(sys.argv[2]))
"""


def test_a_part_claimed_by_a_process_that_stopped_is_rendered_by_the_render(monkeypatch):
    parts = _parts(3)
    dead = subprocess.Popen(["true"])
    dead.wait()  # a process id that no longer runs
    for part in parts[:2]:
        claim = pdf.cache_dir() / f"{part.digest}.claim"
        claim.write_text(f"{socket.gethostname()} {dead.pid}")
    laid_out = _counting(monkeypatch)

    sharing = pdf.Sharing.start(lambda session: None)
    try:
        pdf.render_parts(parts, sharing=sharing)
    finally:
        sharing.close()

    assert len(laid_out) == 3 and pdf.uncached(parts) == []
    assert _session_files() == []


def test_the_render_waits_for_a_part_a_living_helper_renders(monkeypatch):
    parts = _parts(2)
    claim = pdf.cache_dir() / f"{parts[1].digest}.claim"
    claim.write_text(f"{socket.gethostname()} {os.getpid()}")  # a helper that is at work
    stored = {}

    def helper_finishes():
        time.sleep(0.3)
        stored["data"] = render.render_html(parts[1].html)
        (pdf.cache_dir() / f"{parts[1].digest}.pdf").write_bytes(stored["data"])
        claim.unlink()

    thread = threading.Thread(target=helper_finishes)
    thread.start()
    sharing = pdf.Sharing.start(lambda session: None)
    try:
        results = pdf.render_parts(parts, sharing=sharing)
    finally:
        sharing.close()
        thread.join()

    assert results[1] == stored["data"]  # the helper's PDF, not one laid out again


def test_a_claim_on_another_machine_is_taken_over_only_when_old(monkeypatch):
    part = _parts(1)[0]
    claim = pdf.cache_dir() / f"{part.digest}.claim"
    claim.write_text("another-machine.example 12345")
    assert not share._claim_gone_or_stale(part.digest)
    old = time.time() - share.CLAIM_STALE_SECONDS - 1
    os.utime(claim, (old, old))
    assert share._claim_gone_or_stale(part.digest)


@pytest.mark.parametrize("session", ["../../etc/passwd", "", "a" * 31, "A" * 32])
def test_a_help_task_with_a_strange_session_does_nothing(session):
    assert pdf.help_render(session) == 0


def test_a_helper_stops_when_the_render_is_over_or_its_process_has_stopped():
    # No session here (over, or in another machine's cache): at once.
    assert pdf.help_render("0" * 32) == 0
    dead = subprocess.Popen(["true"])
    dead.wait()
    manifest = pdf.cache_dir() / f"{'1' * 32}.parts"
    manifest.write_text(f"{socket.gethostname()} {dead.pid}\n")
    start = time.monotonic()
    assert pdf.help_render("1" * 32) == 0
    assert time.monotonic() - start < 5


def test_the_worker_asks_as_many_helpers_as_configured(settings):
    from django_tasks import default_task_backend

    settings.TASKS = DUMMY
    settings.PDF_HELPERS = 2
    services.parts_help_ask("f" * 32)

    queued = default_task_backend.results
    assert [result.args for result in queued] == [["f" * 32], ["f" * 32]]
    assert {result.task.name for result in queued} == {"render_parts_help"}
    assert {result.task.priority for result in queued} == {10}


def test_with_tasks_run_at_once_no_helper_is_asked(settings, monkeypatch):
    # The tests' queue runs a task as it is queued: a help task would run before the render
    # it helps has offered anything.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    helped = []
    monkeypatch.setattr(pdf, "help_render", helped.append)

    services.parts_help_ask("f" * 32)

    assert helped == []


def test_leftovers_of_a_killed_render_go_with_the_cache_trim():
    for name in ("x.html", "y.claim", "z.parts", "w.123.tmp"):
        path = pdf.cache_dir() / name
        path.write_text("")
        os.utime(path, (1000, 1000))
    fresh = pdf.cache_dir() / "fresh.claim"
    fresh.write_text("")

    pdf.trim_cache()

    assert sorted(path.name for path in pdf.cache_dir().iterdir()) == ["fresh.claim"]


# --- The stamp --------------------------------------------------------------------------------


def _page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


@pytest.mark.parametrize("cover", [False, True])
def test_every_page_has_its_own_label_across_label_parts(monkeypatch, cover):
    monkeypatch.setattr(stamp_module, "LABELS_PER_PART", 2)
    parts = _parts(5)
    stamp = pdf.Stamp(plan="Plan", document="Doc", status="KLADDE", printed="1. maj 2024",
                      cover=cover)

    rendered = pdf.join(parts, pdf.render_parts(parts), stamp)

    texts = _page_texts(rendered.pdf)
    for number, text in enumerate(texts, start=1):
        stamped = not (cover and number == 1)
        assert (f"Side {number} af 5" in text) is stamped
        assert ("Plan · Doc" in text) is stamped and ("Udskrevet 1. maj 2024" in text) is stamped
        assert f"Side {number + 1} af" not in text  # one label a page, not its neighbours'


def test_the_table_of_contents_and_the_stamp_are_shared_too(monkeypatch):
    # With a sharing, the stamp's parts are put in the cache alongside the table of contents,
    # and join finds them there.
    parts = _parts(3)
    stamp = pdf.Stamp(plan="Plan", document="Doc", status="KLADDE", printed="1. maj 2024")
    toc = pdf.TocBuilder("reporting/pdf/toc.html", {"title": "Indhold", "plan": None})
    sharing = pdf.Sharing.start(lambda session: None)
    try:
        rendered = pdf.build(parts, stamp, toc, sharing=sharing)
    finally:
        sharing.close()
    laid_out = _counting(monkeypatch)

    again = pdf.build(parts, stamp, toc)

    assert laid_out == [] and again.pages == rendered.pages == 4
    assert "Side 4 af 4" in _page_texts(rendered.pdf)[-1]
