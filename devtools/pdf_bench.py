"""Benchmarks of the PDFs: as a worker of the queue renders them (`measure_pdf`), and the
whole plan against LibreOffice (issue #16, point 4).

`measure_pdf()` runs `manage.py bench_pdf` on a scratch database: a plan the size of seed 001,
rendered in that process as a worker of the queue renders a job (`pdf.build` with
`services.parts_help_ask`), while one more `db_worker` (started there, warm, polling every
0.2 s as `make run`'s and the systemd unit's do) takes the help tasks: a deployment of two
workers on this 2-core machine. The same plan is also rendered with no help
(`pdf_plan_one_worker_seconds`: one worker, or all the others busy).

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
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from activities.models import Activity
from plans.models import Plan
from reporting import pdf, services
from reporting.documents import DocumentSpec, build_document
from reporting.management.commands.load_demo import (
    DEMO_FILES,
    DEMO_SLUGS,
    demo_plan_import,
    demo_users,
)

SLUG = DEMO_SLUGS[0]
ROOT = Path(__file__).resolve().parents[1]


def measure_pdf(rounds: int = 3) -> dict:
    """The bench's PDF keys, measured on a scratch database with a helper worker."""
    from devtools.queue_bench import run_on_scratch_database

    return run_on_scratch_database("bench_pdf", "_benchpdf", "--rounds", str(rounds))


def _empty(directory: Path) -> None:
    for path in directory.iterdir():
        path.unlink()


def _render(plan, spec, helped: bool) -> pdf.Rendered:
    """As a worker renders a job (services.job_run): helpers asked for before the build."""
    sharing = pdf.Sharing.start(services.parts_help_ask) if helped else None
    try:
        document = build_document(plan, spec, offer=sharing.offer if sharing else None)
        return pdf.build(document.parts, document.stamp, document.toc, sharing=sharing)
    finally:
        if sharing is not None:
            sharing.close()


def _cold(plan, spec, cache: Path, helped: bool) -> tuple[float, int]:
    _empty(cache)
    start = time.perf_counter()
    rendered = _render(plan, spec, helped)

    return time.perf_counter() - start, rendered.pages


def bench_pdf(rounds: int = 3) -> dict:
    """Inside `manage.py bench_pdf` (its database is a scratch one): the whole plan with
    nothing cached (the median of `rounds`, with the helper, and with no help), the same as one
    WeasyPrint call, the whole plan again after one activity changed, one delaftale with
    nothing cached."""
    from devtools.sample import sample_plan

    call_command("migrate", verbosity=0)
    user = get_user_model().objects.create_user("bench-pdf", password=None)
    plan = sample_plan(user=user, slug="bench-pdf")
    spec = DocumentSpec.parse("plan")
    cache = Path(tempfile.mkdtemp(prefix="bench-pdf-"))
    env = {**os.environ, "PDF_CACHE_DIR": str(cache), "LOG_LEVEL": "WARNING",
           "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    helper = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2",
         "--no-startup-delay", "-v0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        with override_settings(PDF_CACHE_DIR=cache):
            # This process and the helper with WeasyPrint, the stylesheet and the fonts
            # loaded, as workers that have rendered before.
            pdf.render_html_warm_up()
            _helper_warm_up(cache)
            helped, alone = [], []
            for _ in range(rounds):  # alternated, each with an empty cache
                seconds, pages = _cold(plan, spec, cache, helped=True)
                helped.append(seconds)
                alone.append(_cold(plan, spec, cache, helped=False)[0])
            document = build_document(plan, spec)
            naive_seconds, naive_pages = pdf.render_naive(document.parts)
            activity = Activity.objects.filter(delaftale__focus_area__plan=plan).first()
            activity.purpose += " Ændret."
            activity.save()
            start = time.perf_counter()
            _render(plan, spec, helped=True)
            after_edit = time.perf_counter() - start
            area = plan.focus_areas.first()
            delaftale, _pages = _cold(plan, DocumentSpec.parse(f"delaftale:{area.slug}"), cache,
                                      helped=True)
    finally:
        helper.terminate()
        helper.wait(timeout=30)
        shutil.rmtree(cache, ignore_errors=True)
    cold = statistics.median(helped)
    return {
        "pdf_plan_pages": pages,
        "pdf_plan_seconds": round(cold, 2),
        "pdf_plan_pages_per_second": round(pages / cold, 1),
        "pdf_plan_one_worker_seconds": round(statistics.median(alone), 2),
        "pdf_plan_naive_seconds": round(naive_seconds, 2),
        "pdf_plan_naive_pages": naive_pages,
        "pdf_plan_after_edit_seconds": round(after_edit, 2),
        "pdf_delaftale_seconds": round(delaftale, 2),
    }


def _helper_warm_up(cache: Path, seconds: float = 300) -> None:
    """One tiny part rendered by the helper through the queue (it loads WeasyPrint)."""
    part = pdf.Part("warm-up", "", pdf.render._FORK_WARM_UP_HTML)
    sharing = pdf.Sharing.start(services.parts_help_ask)
    try:
        sharing.offer([part])
        deadline = time.monotonic() + seconds
        while not (cache / f"{part.digest}.pdf").exists():
            if time.monotonic() > deadline:
                raise RuntimeError("the helper worker rendered nothing")
            time.sleep(0.05)
    finally:
        sharing.close()


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
