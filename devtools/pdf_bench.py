"""Benchmark of the whole-plan PDF against LibreOffice (issue #16, point 4).

`pdf_plan_vs_libreoffice`: a fresh `manage.py export_pdf PLAN plan` process with nothing
cached, against `soffice --headless --convert-to pdf` of the same plan's Word file
(`manage.py export_docx`), alternated `runs` times; the ratio of the medians. Both run
against a database of their own (SQLite in a temporary directory, migrated and loaded with
`load_demo`), so the bench's database is left as it was and the plan is the demo's
Værebro Park.

`pdf_plan_cpu_vs_libreoffice`: the CPU seconds of the fresh process (and the processes it
forks) against LibreOffice's, which do not depend on the load of the machine.

`pdf_plan_warm_vs_libreoffice`: the same plan rendered in this process once its renderer
processes are warm (as a running server or worker), nothing cached, against the same
LibreOffice conversion, alternated; the plan is imported from the demo's exchange file inside
the bench's transaction (which is rolled back).

LibreOffice runs with a profile of its own in the temporary directory, made by one untimed
conversion first; each side also has one untimed run, so that neither pays for a cold disk.
"""

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from plans.models import Plan
from reporting import pdf
from reporting.documents import DocumentSpec, build_document
from reporting.management.commands.load_demo import (
    DEMO_FILES,
    DEMO_SLUGS,
    demo_plan_import,
    demo_users,
)

SLUG = DEMO_SLUGS[0]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _manage(*args, env, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env, check=True, capture_output=True, text=True, timeout=timeout,
    )


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes so far: unlike the
    wall-clock time, what a run costs does not depend on what else the machine is doing."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class LibreOffice:
    """`soffice --headless --convert-to pdf` of one .docx, with its own profile."""

    def __init__(self, directory: Path, docx: Path):
        self.directory, self.docx = directory, docx
        self.profile = (directory / "lo-profile").as_uri()
        self.out = directory / "lo-out"

    def convert(self) -> float:
        start = time.perf_counter()
        subprocess.run(
            [soffice(), f"-env:UserInstallation={self.profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(self.out), str(self.docx)],
            check=True, capture_output=True, timeout=300,
        )
        seconds = time.perf_counter() - start
        if not (self.out / (self.docx.stem + ".pdf")).exists():
            raise RuntimeError("LibreOffice wrote no PDF")
        return seconds


def _fresh_export(directory: Path, env: dict, run: int) -> float:
    """One `export_pdf` process of the whole plan with an empty part cache."""
    cache = directory / f"cache-{run}"
    start = time.perf_counter()
    _manage("export_pdf", SLUG, "plan", "-o", str(directory / f"plan-{run}.pdf"),
            env={**env, "PDF_CACHE_DIR": str(cache)})
    seconds = time.perf_counter() - start
    shutil.rmtree(cache, ignore_errors=True)
    return seconds


def _warm_render(plan: Plan) -> float:
    with tempfile.TemporaryDirectory() as cache, override_settings(PDF_CACHE_DIR=cache):
        start = time.perf_counter()
        document = build_document(plan, DocumentSpec.parse("plan"))
        pdf.build(document.parts, document.stamp, document.toc)
        return time.perf_counter() - start


def _demo_plan() -> Plan:
    """The demo's Værebro Park: the one in the database, or imported from its exchange file
    (call inside a transaction that is rolled back)."""
    plan = Plan.objects.select_related("rule_set").filter(slug=SLUG).first()
    if plan is None:
        plan = demo_plan_import(DEMO_FILES[0], demo_users())
    return plan


def measure_against_libreoffice(runs: int = 3) -> dict:
    """Both ratios; empty when LibreOffice is not installed."""
    if soffice() is None:
        return {}
    with tempfile.TemporaryDirectory(prefix="hp-bench-lo-") as name:
        directory = Path(name)
        # A database, stored files and part cache of their own, all in the directory.
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}",
               "MEDIA_ROOT": str(directory / "media"),
               "PDF_CACHE_DIR": str(directory / "cache-setup")}
        _manage("migrate", "--noinput", env=env)
        _manage("load_demo", env=env)
        docx = directory / "plan.docx"
        _manage("export_docx", SLUG, "plan", "-o", str(docx), env=env)
        office = LibreOffice(directory, docx)
        office.convert()  # untimed: LibreOffice makes its profile
        _fresh_export(directory, env, -1)  # untimed: the disk cache, as for LibreOffice
        fresh, office_fresh, cpu, office_cpu = [], [], [], []
        for run in range(runs):
            before = _children_cpu()
            fresh.append(_fresh_export(directory, env, run))
            cpu.append(_children_cpu() - before)
            before = _children_cpu()
            office_fresh.append(office.convert())
            office_cpu.append(_children_cpu() - before)
        # WeasyPrint, the stylesheet and the fonts loaded here, as in a task worker that has
        # rendered before (the worker renders in its own process).
        pdf.render_html_warm_up()
        warm, office_warm = [], []
        with override_settings(MEDIA_ROOT=directory / "media-here"):
            plan = _demo_plan()
            _warm_render(plan)  # untimed: templates and queries of this plan once
            for _run in range(runs):
                warm.append(_warm_render(plan))
                office_warm.append(office.convert())
    libreoffice = statistics.median(office_fresh + office_warm)
    return {
        "pdf_plan_vs_libreoffice": round(statistics.median(fresh)
                                         / statistics.median(office_fresh), 2),
        "pdf_plan_warm_vs_libreoffice": round(statistics.median(warm)
                                              / statistics.median(office_warm), 2),
        "pdf_plan_fresh_process_seconds": round(statistics.median(fresh), 2),
        # CPU seconds of the fresh process with its children, against LibreOffice's.
        "pdf_plan_cpu_vs_libreoffice": round(statistics.median(cpu)
                                             / statistics.median(office_cpu), 2),
        "pdf_plan_fresh_process_cpu_seconds": round(statistics.median(cpu), 2),
        "libreoffice_cpu_seconds": round(statistics.median(office_cpu), 2),
        "pdf_plan_warm_seconds": round(statistics.median(warm), 2),
        "libreoffice_seconds": round(libreoffice, 2),
        "libreoffice_runs": runs,
    }
