"""The whole plan from a fresh `export_pdf` process (issue #16, point 4): the parts are
rendered on processes forked from the command's own, and the result is the same document."""

import gc
import io
import subprocess

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from devtools.sample import sample_plan
from reporting import pdf
from reporting.documents import DocumentSpec, build_document


@pytest.fixture
def big_plan(leader):
    return sample_plan(user=leader, slug="stor-plan")


def _text(data: bytes) -> str:
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data,
                            capture_output=True, check=True)
    return " ".join(result.stdout.decode().split())


def test_render_forked_puts_every_missing_part_in_the_cache_as_laid_out_here(big_plan):
    parts = build_document(big_plan, DocumentSpec.parse("plan")).parts
    assert len(pdf.uncached(parts)) == len(parts) > 10

    pdf.render_forked(parts)

    assert pdf.uncached(parts) == []
    for part in (parts[1], parts[-1]):
        cached = (pdf.cache_dir() / f"{part.digest}.pdf").read_bytes()
        here = pdf._render_html(part.html)
        assert len(PdfReader(io.BytesIO(cached)).pages) == len(PdfReader(io.BytesIO(here)).pages)
        assert _text(cached) == _text(here)


def test_render_forked_renders_here_while_threads_run(big_plan, monkeypatch):
    parts = build_document(big_plan, DocumentSpec.parse("agreement")).parts
    monkeypatch.setattr(pdf.threading, "active_count", lambda: 2)
    monkeypatch.setattr(pdf.multiprocessing, "get_context", None)  # forking would fail

    pdf.render_forked(parts)

    assert pdf.uncached(parts) == []


def test_export_pdf_writes_the_same_whole_plan_as_the_renderers(big_plan, tmp_path, settings):
    target = tmp_path / "plan.pdf"
    call_command("export_pdf", big_plan.slug, "plan", "-o", str(target))
    exported = target.read_bytes()

    settings.PDF_CACHE_DIR = tmp_path / "other-cache"
    settings.PDF_WORKERS = 1
    document = build_document(big_plan, DocumentSpec.parse("plan"))
    built = pdf.build(document.parts, document.stamp, document.toc)

    assert len(PdfReader(io.BytesIO(exported)).pages) == built.pages >= 50
    assert _text(exported) == _text(built.pdf)


def test_the_long_lived_heap_is_frozen_once_the_stylesheet_is_loaded():
    pdf._style()

    assert gc.get_freeze_count() > 0
