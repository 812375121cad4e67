"""Bench keys of the task queue, measured against a running deployment on this machine.

`measure_queue()` (called by `manage.py bench`) makes a scratch database (PostgreSQL: a new
database on the same server; SQLite: a temporary file), and runs `manage.py bench_queue` on
it, which starts gunicorn with two web workers and one `db_worker`, like production, and
measures over HTTP:

- pdf_download_after_edit_seconds: a section of the agreement is saved; once the save's
  background render is done (pdf_ready_after_edit_seconds after the save), the whole plan's
  PDF is asked for: the time until its bytes have arrived (median of three).
- reader_p95_ms_during_pdf_storm: 20 users ask for the whole PDF of 20 different plans at
  the same moment while one more user reads plan overviews for STORM_SECONDS.
- rss_mb_web (the largest web worker) and rss_mb_total (gunicorn's master and two workers
  plus the worker), the most seen while the whole plan renders.
The scratch database is dropped afterwards.
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

STORM_PLANS = 20
STORM_SECONDS = 60
ROOT = Path(__file__).resolve().parents[1]


def measure_queue() -> dict:
    return run_on_scratch_database("bench_queue", "_benchq")


def run_on_scratch_database(command: str, suffix: str, *args: str) -> dict:
    """Run `manage.py <command> <args>` on a scratch database (PostgreSQL: a new database on
    the same server, made and dropped on a connection of its own, outside any transaction the
    caller is in; SQLite: a temporary file) and return the JSON object on the last line it
    prints."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        with tempfile.TemporaryDirectory() as directory:
            return _run_command([command, *args],
                                f"sqlite:///{directory}/bench{suffix}.sqlite3")
    name = f"{db['NAME']}{suffix}"[:63]
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        return _run_command([command, *args], f"postgres://{auth}@{host}:{port}/{name}")
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run_command(command: list[str], database_url: str) -> dict:
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "HTTPS": "0",
           "DEVTOOLS": "1", "SECRET_KEY": os.environ.get("SECRET_KEY") or "benchmark-only"}
    env.pop("PYTEST_VERSION", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *command],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600,
    )
    if result.returncode != 0:
        return {f"{command[0]}_error": result.stderr[-2000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Inside `manage.py bench_queue` (its database is the scratch one) ---------------------------


class Http:
    """A signed-in browser: cookies, CSRF, no automatic redirects."""

    def __init__(self, base: str, session: str):
        self.base = base
        self.cookies = {settings.SESSION_COOKIE_NAME: session}

    def request(self, path: str, data: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if data is not None:
            request.add_header("Referer", self.base + path)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=600)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            key, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[key.strip()] = value.strip()
        return response.status, response.headers, response.read()

    def pdf(self, path: str, limit: float = 900) -> bytes:
        """Ask for a PDF as a browser does: the file at once, or its progress page until the
        download link shows, then the download."""
        status, headers, body = self.request(path)
        if status == 200:
            return body
        job = urllib.parse.urlparse(headers.get("Location", "")).path
        if status != 302 or "/job/" not in job:
            raise RuntimeError(f"no PDF from {path}: {status} {job}")
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            status, headers, body = self.request(job)
            if (job + "hent/").encode() in body:
                status, headers, body = self.request(job + "hent/")
                return body
            time.sleep(0.2)
        raise RuntimeError(f"{path}: not ready after {limit} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


class RssSampler(threading.Thread):
    def __init__(self, gunicorn: int, worker: int):
        super().__init__(daemon=True)
        self.gunicorn, self.worker = gunicorn, worker
        self.web, self.total = 0.0, 0.0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.wait(0.2):
            webs = [_rss_mb(pid) for pid in _children(self.gunicorn)]
            workers = [self.worker, *_children(self.worker)]
            total = _rss_mb(self.gunicorn) + sum(webs) + sum(_rss_mb(p) for p in workers)
            self.web = max(self.web, *webs, 0.0)
            self.total = max(self.total, total)


def bench_queue(stdout) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from devtools.sample import sample_plan
    from reporting.models import RenderedDocument

    call_command("migrate", verbosity=0)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)
    users, plans = [], []
    for number in range(STORM_PLANS + 1):
        user = get_user_model().objects.create_user(f"bench-queue-{number}", password=None)
        users.append(user)
        plans.append(sample_plan(user=user, slug=f"bench-queue-{number}"))
    sessions = []
    for user in users:
        client = Client()
        client.force_login(user)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    reader_session = sessions[0]

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    scratch = tempfile.mkdtemp(prefix="bench-queue-")
    env = {**os.environ, "PDF_CACHE_DIR": f"{scratch}/pdf-cache", "MEDIA_ROOT": f"{scratch}/media",
           "PDF_PRERENDER_DELAY": "1", "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
           "LOG_LEVEL": "WARNING"}
    gunicorn = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "helhedsplan.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--timeout", "120"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2",
         "--no-startup-delay", "-v0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    sampler = RssSampler(gunicorn.pid, worker.pid)
    result = {}
    try:
        _wait_for_port(port)
        sampler.start()
        plan = plans[0]
        http = Http(base, sessions[0])
        pdf_path = reverse("reporting:pdf", args=[plan.slug, "plan"])
        started = time.perf_counter()
        http.pdf(pdf_path)  # the first render: nothing cached
        result["pdf_plan_cold_in_worker_seconds"] = round(time.perf_counter() - started, 2)
        result["rss_mb_web"] = round(sampler.web, 1)
        result["rss_mb_total"] = round(sampler.total, 1)

        section = plan.agreement.sections.order_by("pk").first()
        edit_path = reverse("plans:afsnit_edit", args=[plan.slug, section.pk])
        status, _headers, page = http.request(edit_path)
        form = _form_fields(page.decode())
        form["text"] = (section.text or "") + " Ændret til benchmarken."
        before = set(RenderedDocument.objects.filter(plan=plan).values_list("pk", flat=True))
        saved_at = time.perf_counter()
        status, _headers, _body = http.request(edit_path, form)
        if status != 302:
            raise RuntimeError(f"the edit was not saved: {status}")
        _wait(lambda: RenderedDocument.objects.filter(plan=plan, status="done")
              .exclude(pk__in=before).exists(), 600)
        result["pdf_ready_after_edit_seconds"] = round(time.perf_counter() - saved_at, 2)
        downloads = []
        for _ in range(3):
            started = time.perf_counter()
            http.pdf(pdf_path)
            downloads.append(time.perf_counter() - started)
        result["pdf_download_after_edit_seconds"] = round(statistics.median(downloads), 3)

        result.update(_storm(base, plans, sessions, reader_session))
        result["rss_mb_web"] = round(sampler.web, 1)
        result["rss_mb_total"] = round(sampler.total, 1)
    finally:
        sampler.stop.set()
        gunicorn.terminate()
        worker.terminate()
        for process in (gunicorn, worker):
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return result


def _storm(base, plans, sessions, reader_session) -> dict:
    from django.urls import reverse

    overviews = [reverse("activities:plan_detail", args=[plan.slug]) for plan in plans]
    reader = Http(base, reader_session)
    for path in overviews[:3]:
        reader.request(path)  # warm: the reader alone
    alone = []
    for path in overviews[:10]:
        started = time.perf_counter()
        reader.request(path)
        alone.append((time.perf_counter() - started) * 1000)
    barrier = threading.Barrier(STORM_PLANS + 1)
    answers = []

    def ask(number):
        http = Http(base, sessions[number])
        barrier.wait()
        started = time.perf_counter()
        status, _headers, _body = http.request(
            reverse("reporting:pdf", args=[plans[number].slug, "plan"]))
        answers.append((status, time.perf_counter() - started, time.monotonic()))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(1, STORM_PLANS + 1)]
    for thread in threads:
        thread.start()
    barrier.wait()
    # (finished at, milliseconds) of each overview read
    reads, deadline, index = [], time.monotonic() + STORM_SECONDS, 0
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status, _headers, _body = reader.request(overviews[index % len(overviews)])
        reads.append((time.monotonic(), (time.perf_counter() - started) * 1000))
        index += 1
    for thread in threads:
        thread.join()
    # The storm: until the last of the 20 requests was answered (the renders go on in the
    # worker); the reads after it count only in the *_during_renders figures.
    storm_end = max(at for _s, _seconds, at in answers)
    during = sorted(ms for at, ms in reads if at <= storm_end) or [0.0]
    every = sorted(ms for _at, ms in reads)
    return {
        "reader_p95_ms_during_pdf_storm": round(_p95(during), 1),
        "reader_median_ms_during_pdf_storm": round(statistics.median(during), 1),
        "reader_reads_during_pdf_storm": len(during),
        "reader_p95_ms_during_renders": round(_p95(every), 1),
        "reader_median_ms_alone": round(statistics.median(alone), 1),
        "pdf_storm_answer_median_seconds": round(
            statistics.median(seconds for _s, seconds, _at in answers), 2),
        "pdf_storm_answer_max_seconds": round(max(seconds for _s, seconds, _at in answers), 2),
        "pdf_storm_statuses": sorted({status for status, _s, _at in answers}),
    }


def _p95(times: list[float]) -> float:
    return times[max(0, int(len(times) * 0.95 + 0.5) - 1)]


def _form_fields(html: str) -> dict:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or 'type="checkbox"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = _unescape(value.group(1)) if value else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html,
                                  re.S):
        fields[name] = _unescape(value)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option[^>]*value="([^"]*)"[^>]*selected', body)
        fields[name] = chosen.group(1) if chosen else ""
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_port(port: int, seconds: float = 120) -> None:
    import socket

    def answers():
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            return False

    _wait(answers, seconds)


def _wait(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise RuntimeError(f"gave up after {seconds} s")
