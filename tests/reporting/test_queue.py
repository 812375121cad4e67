"""PDFs on the task queue: one render per document state, bounded, recovered, no orphans."""

import datetime
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from devtools.sample import sample_plan
from plans.models import Membership
from reporting import services
from reporting.documents import DocumentSpec
from reporting.models import PlanRenderSchedule, RenderedDocument
from tests.factories import MembershipFactory

ROOT = Path(__file__).resolve().parents[2]
DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def big_plan(leader):
    return sample_plan(user=leader, slug="stor-plan")


@pytest.fixture
def queue_only(settings, monkeypatch):
    """Tasks are queued and not run (no worker), and every document counts as slow."""
    settings.TASKS = DUMMY
    monkeypatch.setattr(services, "GUESSED_SECONDS", {})
    monkeypatch.setattr(services, "DEFAULT_GUESS_SECONDS", 3600.0)


def _member_client(plan, role=Membership.Role.READER):
    membership = MembershipFactory(plan=plan, role=role)
    client = Client()
    client.force_login(membership.user)
    return client


def test_a_second_request_for_a_document_being_rendered_joins_it(leader_client, big_plan,
                                                                  queue_only):
    url = reverse("reporting:pdf", args=[big_plan.slug, "plan"])
    first = leader_client.get(url)
    second = _member_client(big_plan).get(url)  # a læser asks for the same document

    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert big_plan.rendered_documents.count() == 1
    job = big_plan.rendered_documents.get()
    assert job.status == RenderedDocument.Status.QUEUED and job.task_id


def test_the_per_user_bound_refuses_politely_in_danish(leader_client, big_plan, queue_only,
                                                       settings):
    settings.PDF_QUEUE_PER_USER = 1
    area = big_plan.focus_areas.first()
    assert leader_client.get(reverse("reporting:pdf", args=[big_plan.slug, "plan"])
                             ).status_code == 302

    refused = leader_client.get(
        reverse("reporting:pdf", args=[big_plan.slug, f"delaftale:{area.slug}"]), follow=True
    )

    assert refused.status_code == 200
    assert refused.redirect_chain[-1][0] == reverse("reporting:documents", args=[big_plan.slug])
    assert "Du har allerede 1 dokumenter under udarbejdelse" in refused.content.decode()
    assert big_plan.rendered_documents.count() == 1


def test_the_per_plan_bound_counts_every_member(leader_client, big_plan, queue_only, settings):
    settings.PDF_QUEUE_PER_PLAN = 1
    area = big_plan.focus_areas.first()
    leader_client.get(reverse("reporting:pdf", args=[big_plan.slug, "plan"]))

    refused = _member_client(big_plan).get(
        reverse("reporting:pdf", args=[big_plan.slug, f"delaftale:{area.slug}"]), follow=True
    )

    assert "dokumenter fra denne plan under udarbejdelse" in refused.content.decode()
    assert big_plan.rendered_documents.count() == 1


def test_a_get_starts_a_render_only_when_the_document_is_missing(leader_client, big_plan):
    pdf_url = reverse("reporting:pdf", args=[big_plan.slug, "plan"])
    leader_client.get(pdf_url)  # missing: rendered (at once under the tests)
    job = big_plan.rendered_documents.get()
    assert job.status == RenderedDocument.Status.DONE

    for url in (
        pdf_url,  # the same state again: the stored PDF
        reverse("reporting:documents", args=[big_plan.slug]),
        reverse("reporting:preview", args=[big_plan.slug, "plan"]),
        reverse("reporting:job", args=[big_plan.slug, job.pk]),
        reverse("reporting:job_download", args=[big_plan.slug, job.pk]),
        reverse("reporting:dashboard", args=[big_plan.slug]),
    ):
        assert leader_client.get(url).status_code in (200, 302)
    assert big_plan.rendered_documents.count() == 1

    big_plan.name = "Et nyt navn"
    big_plan.save()
    leader_client.get(pdf_url)  # another state: missing again
    assert big_plan.rendered_documents.count() == 2


def test_a_stored_document_comes_at_once_without_a_new_job(leader_client, big_plan):
    url = reverse("reporting:pdf", args=[big_plan.slug, "plan"])
    leader_client.get(url)

    again = leader_client.get(url)

    assert again.status_code == 200
    assert again.content.startswith(b"%PDF")
    assert big_plan.rendered_documents.count() == 1


def test_ten_quick_edits_make_one_render(leader_client, big_plan, settings):
    settings.TASKS = DUMMY
    from django_tasks import default_task_backend

    for _ in range(10):
        services.prerender_soon(big_plan.pk)

    assert PlanRenderSchedule.objects.filter(plan=big_plan).count() == 1
    queued = [r for r in default_task_backend.results
              if r.task.name == "prerender_plan"]
    assert len(queued) == 1 and queued[0].args == [big_plan.pk]


def test_a_save_on_a_plan_page_schedules_its_pdf(leader_client, big_plan, settings):
    settings.TASKS = DUMMY
    url = reverse("reporting:agreement_transition", args=[big_plan.slug])

    assert leader_client.post(url, {"action": "submit"}).status_code == 302

    assert PlanRenderSchedule.objects.filter(plan=big_plan).exists()


def test_the_scheduled_render_makes_the_next_click_quick(leader_client, big_plan):
    PlanRenderSchedule.objects.create(
        plan=big_plan, due_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    services.prerender_run(big_plan.pk)  # what the worker does when the saves stopped

    job = big_plan.rendered_documents.get()
    assert job.requested_by is None and job.status == RenderedDocument.Status.DONE
    response = leader_client.get(reverse("reporting:pdf", args=[big_plan.slug, "plan"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert big_plan.rendered_documents.count() == 1
    assert not PlanRenderSchedule.objects.exists()


def test_a_scheduled_render_waits_while_edits_keep_coming(big_plan, settings):
    settings.TASKS = DUMMY
    from django_tasks import default_task_backend

    later = timezone.now() + datetime.timedelta(seconds=30)
    PlanRenderSchedule.objects.create(plan=big_plan, due_at=later)

    services.prerender_run(big_plan.pk)

    assert not big_plan.rendered_documents.exists()
    assert [r.task.name for r in default_task_backend.results] == ["prerender_plan"]


def test_cleanup_deletes_old_and_superseded_pdfs_and_keeps_the_newest(big_plan, settings,
                                                                      tmp_path):
    from django.core.files.base import ContentFile

    now = timezone.now()
    rows = []
    for hours in (30, 2):
        job = RenderedDocument.objects.create(
            plan=big_plan, spec="budget", title="Budget", status="done",
            finished_at=now - datetime.timedelta(hours=hours),
        )
        job.file.save("budget.pdf", ContentFile(b"%PDF-1.7\n"))
        RenderedDocument.objects.filter(pk=job.pk).update(
            created_at=now - datetime.timedelta(hours=hours)
        )
        rows.append(job)
    orphan = Path(settings.MEDIA_ROOT) / "documents" / "x" / "y" / "old.pdf"
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF")
    os.utime(orphan, (1000, 1000))

    removed = services.documents_cleanup()

    assert removed["documents"] == 1 and removed["orphan_files"] == 1
    assert list(RenderedDocument.objects.values_list("pk", flat=True)) == [rows[1].pk]
    assert not Path(rows[0].file.path).exists() and Path(rows[1].file.path).exists()
    assert not orphan.exists()


def test_the_part_cache_has_a_size_bound(settings):
    from reporting import pdf

    for number in range(4):
        path = pdf.cache_dir() / f"{number:064d}.pdf"
        path.write_bytes(b"x" * 1000)
        os.utime(path, (1000 + number, 1000 + number))

    assert pdf.trim_cache(max_bytes=2500) == 2
    assert sorted(p.name[-5:] for p in pdf.cache_dir().glob("*.pdf")) == ["2.pdf", "3.pdf"]


# --- Processes --------------------------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def _env(**extra) -> dict:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DEBUG": "1",
           "PDF_CACHE_DIR": str(django_settings.PDF_CACHE_DIR),
           "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
           "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    env.update(extra)
    return env


def _worker(**env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2",
         "--no-startup-delay", "-v0"],
        cwd=ROOT, env=_env(**env), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"waited {seconds} s for {what}")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_workers_job_is_picked_up_by_the_next_worker(leader, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    plan = sample_plan(user=leader, slug="stor-plan")
    job = services.document_request(plan=plan, spec=DocumentSpec.parse("plan"), user=leader)
    assert job.status == RenderedDocument.Status.QUEUED

    first = _worker()
    try:
        _wait_for(lambda: RenderedDocument.objects.get(pk=job.pk).status == "running", 120,
                  "the first worker to start rendering")
    finally:
        first.kill()  # SIGKILL mid-render: no chance to clean up
        first.wait()
    assert RenderedDocument.objects.get(pk=job.pk).status == "running"

    second = _worker(PDF_JOB_STALE_SECONDS="2")
    try:
        _wait_for(lambda: RenderedDocument.objects.get(pk=job.pk).status == "done", 300,
                  "the next worker to finish the render")
    finally:
        second.terminate()
        second.wait(timeout=60)
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.file and Path(job.file.path).read_bytes().startswith(b"%PDF")
    assert RenderedDocument.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_idle_worker_helps_render_a_whole_plan(leader, settings):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    plan = sample_plan(user=leader, slug="stor-plan")
    workers = [_worker(), _worker()]
    try:
        time.sleep(10)  # both have started and wait for work
        job = services.document_request(plan=plan, spec=DocumentSpec.parse("plan"), user=leader)
        _wait_for(lambda: RenderedDocument.objects.get(pk=job.pk).status == "done", 300,
                  "the workers to finish the render")
        helps = DBTaskResult.objects.filter(task_path="reporting.tasks.render_parts_help")
        _wait_for(lambda: helps.filter(status="SUCCESSFUL").exists(), 120,
                  "the help task to end")
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
    job.refresh_from_db()
    help_task = helps.get()
    # The other worker laid out some of the parts, and the joined document has them all.
    assert help_task.return_value > 0
    assert job.pages >= 50 and Path(job.file.path).read_bytes().startswith(b"%PDF")
    cache = Path(settings.PDF_CACHE_DIR)
    assert not [path.name for path in cache.iterdir()
                if path.suffix in (".parts", ".html", ".claim", ".tmp")]


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stopping_the_server_leaves_no_child_processes():
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", f"127.0.0.1:{port}"],  # with the autoreloaders
        cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        def answers():
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                return False

        _wait_for(answers, 120, "the server to answer")
        # server and worker, each with the autoreloader's child
        processes = _wait_for(lambda: (found := _descendants(server.pid)) and len(found) >= 4
                              and found, 60, "the worker and the reloaders")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
    assert not [pid for pid in processes if _alive(pid)]


def test_the_web_path_does_not_load_weasyprint():
    """A web process (settings, URLs, every view and middleware, a request) never imports
    WeasyPrint: renders happen in the queue's workers."""
    code = (
        "import sys, django; django.setup();"
        "from django.core.handlers.wsgi import WSGIHandler; handler = WSGIHandler();"
        "import helhedsplan.urls, reporting.views, reporting.services, reporting.tasks,"
        " reporting.pdf, reporting.versions;"
        "from django.test import Client; Client().get('/');"
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(),
                            capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False"


def _count_builds(monkeypatch) -> list:
    """Every build of a document (the worker's, in services) is noted in the list."""
    built = []
    real_build = services.build_document
    monkeypatch.setattr(services, "build_document",
                        lambda *args, **kwargs: built.append(1) or real_build(*args, **kwargs))
    return built


def test_an_unchanged_plan_gets_its_stored_pdf_without_building_it(leader_client, big_plan,
                                                                   monkeypatch):
    from activities.models import Activity

    url = reverse("reporting:pdf", args=[big_plan.slug, "plan"])
    leader_client.get(url)  # rendered (at once under the tests) and stored with its state
    built = _count_builds(monkeypatch)

    again = leader_client.get(url)
    assert again.status_code == 200 and again.content.startswith(b"%PDF")
    assert built == []  # the plan's state token matched: nothing was built

    activity = Activity.objects.filter(delaftale__focus_area__plan=big_plan).first()
    activity.purpose += " Ændret."
    activity.save()
    leader_client.get(url)
    assert built == [1]  # changed: one build, the worker's, for the new render
    assert big_plan.rendered_documents.count() == 2


def test_the_web_request_queues_a_render_without_building_the_document(
        leader_client, big_plan, queue_only, monkeypatch):
    from reporting import documents

    monkeypatch.setattr(services, "build_document", lambda *args: pytest.fail("built"))
    monkeypatch.setattr(documents, "build_document", lambda *args: pytest.fail("built"))

    response = leader_client.get(reverse("reporting:pdf", args=[big_plan.slug, "plan"]))

    assert response.status_code == 302
    job = big_plan.rendered_documents.get()
    assert job.status == RenderedDocument.Status.QUEUED and job.title == "Boligsocial helhedsplan"
    assert job.content_hash == ""  # the worker computes it when it builds the document


def test_a_render_of_content_already_stored_copies_it(leader_client, big_plan, monkeypatch):
    from reporting import pdf

    url = reverse("reporting:pdf", args=[big_plan.slug, "budget"])
    leader_client.get(url)
    name = big_plan.name
    big_plan.name = "Et andet navn"
    big_plan.save()
    big_plan.name = name
    big_plan.save()  # changed and changed back: a new state token, the same content
    monkeypatch.setattr(pdf, "build", lambda *args, **kwargs: pytest.fail("rendered again"))

    leader_client.get(url)  # rendered at once under the tests: a render would fail

    first, second = big_plan.rendered_documents.order_by("created_at")
    assert second.status == RenderedDocument.Status.DONE, second.error
    assert first.content_hash == second.content_hash and first.file.name != second.file.name
    assert Path(first.file.path).read_bytes() == Path(second.file.path).read_bytes()


def test_a_request_in_the_same_state_joins_without_building(leader_client, big_plan,
                                                            queue_only, monkeypatch):
    url = reverse("reporting:pdf", args=[big_plan.slug, "plan"])
    first = leader_client.get(url)
    built = _count_builds(monkeypatch)

    second = _member_client(big_plan).get(url)

    assert second.status_code == 302 and second.url == first.url
    assert big_plan.rendered_documents.count() == 1
    assert built == []
