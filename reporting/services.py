"""Rendering documents on the task queue: one render per document state, bounded, kept current.

A web process never renders and never builds a document (it does not even load WeasyPrint).
Asking for a PDF looks the plan's data state up by a cheap token (`plan_state_token`, one
query): a stored PDF of that state is served, a render of it already waiting or running is
joined, and only a missing document queues a render (`document_request`), a task run by
`manage.py db_worker` (reporting/tasks.py). The worker builds the document once, computes its
content hash (`document_key`) and, when a stored PDF already has that content (the data
changed and changed back), copies it rather than rendering again. Each user and each plan has
a bounded number of renders waiting. Whether a request waits for its PDF or is shown the
progress page follows how long the document's last renders took (stored on the job rows).

After a save, `prerender_soon` schedules the plan's whole PDF to be rendered again once the
saves have stopped for PDF_PRERENDER_DELAY seconds, so the next click finds it ready.

Workers report on the job row while they render (`heartbeat_at`); `jobs_recover` (run by
every worker) hands a job whose worker went silent to the next worker, and
`documents_cleanup` deletes stored PDFs no one needs any more.
"""

import datetime
import functools
import hashlib
import logging
import threading
import time
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from activities.history import plan_data_state
from plans.models import Plan

from .documents import Document, DocumentSpec, build_document, document_title
from .models import PlanRenderSchedule, RenderedDocument

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

# Until a document has been rendered on this installation, a guess of how long it takes: the
# whole plan and the årsrapport are long, the other documents a few pages.
GUESSED_SECONDS = {"plan": 60.0, "annual": 30.0}
DEFAULT_GUESS_SECONDS = 1.0
# A document estimated to take longer is shown with a progress page; a quicker one is waited
# for and sent at once.
BACKGROUND_AFTER_SECONDS = 2.0
WAIT_POLL_SECONDS = 0.1
MAX_ATTEMPTS = 3
OPEN = (RenderedDocument.Status.QUEUED, RenderedDocument.Status.RUNNING)


class QueueFull(ValidationError):
    """Too many renders waiting for this user or plan: the polite refusal."""


def render_estimate(plan: Plan, spec: DocumentSpec) -> float:
    """Seconds the document is expected to take, from the job rows: how long this plan's
    last finished render of it took, else the last render of the same kind of document of any
    plan, else the guess by kind. (A render after an edit finds most parts in the part cache,
    as the last one did.)"""
    done = RenderedDocument.objects.filter(
        status=RenderedDocument.Status.DONE, started_at__isnull=False, finished_at__isnull=False
    ).order_by("-finished_at").values_list("started_at", "finished_at")
    times = (done.filter(plan=plan, spec=str(spec)).first()
             or done.filter(Q(spec=spec.kind) | Q(spec__startswith=f"{spec.kind}:")).first())
    if times is None:
        return GUESSED_SECONDS.get(spec.kind, DEFAULT_GUESS_SECONDS)
    started, finished = times
    assert started is not None and finished is not None  # the query asks for both
    return (finished - started).total_seconds()


def document_key(document: Document) -> str:
    """The document's state: what each part shows (its content hash, as the part cache keys
    it), how it is listed in the table of contents, and the stamp on every page."""
    digest = hashlib.sha256()
    digest.update(repr((document.filename, document.stamp)).encode())
    if document.toc is not None:
        digest.update(repr((document.toc.template, str(document.toc.context.get("title"))))
                      .encode())
    for part in document.parts:
        digest.update(part.digest.encode())
        digest.update(repr((part.key, part.title, part.level, part.in_toc, part.toc_headings,
                            part.entries)).encode())
    return digest.hexdigest()


@functools.cache
def _code_stamp() -> str:
    """What of the code shapes a document: the print templates, the document builder and the
    part cache's version and stylesheet (read once per process; a deploy restarts it)."""
    from . import documents, pdf

    digest = hashlib.sha256(f"{pdf.CACHE_VERSION}\n{pdf.stylesheet_digest()}".encode())
    digest.update(Path(documents.__file__).read_bytes())
    digest.update(Path(pdf.stamp.__file__).read_bytes())  # the header and footer
    for template in sorted((Path(settings.BASE_DIR) / "templates" / "reporting" / "pdf")
                           .glob("*.html")):
        digest.update(template.read_bytes())
    return digest.hexdigest()


def plan_state_token(plan: Plan, spec: DocumentSpec) -> str:
    """A cheap stand-in for the document's content hash: the plan's data state (the newest
    history row of each kind, activities.history.plan_data_state), the day (the print date),
    the language and the code. One query; it changes whenever the document may have."""
    key = repr((str(spec), timezone.localdate().isoformat(), translation.get_language(),
                _code_stamp(), plan_data_state(plan.pk)))
    return hashlib.sha256(key.encode()).hexdigest()


def document_stored(plan: Plan, spec: DocumentSpec, token: str) -> RenderedDocument | None:
    """The stored PDF known to show the plan's data state `token`, if any."""
    job = (
        plan.rendered_documents.filter(spec=str(spec), state_token=token,
                                       status=RenderedDocument.Status.DONE)
        .order_by("-created_at").first()
    )
    return job if job is not None and _stored(job) else None


def document_in_progress(plan: Plan, spec: DocumentSpec, token: str) -> RenderedDocument | None:
    """A render waiting or running that was asked for in the plan's data state `token`."""
    return (
        plan.rendered_documents.filter(spec=str(spec), state_token=token, status__in=OPEN)
        .order_by("-created_at").first()
    )


def _stored(job: RenderedDocument) -> bool:
    return bool(job.file) and default_storage.exists(job.file.name or "")


def document_request(*, plan: Plan, spec: DocumentSpec, user: "User | None",
                     token: str = "") -> RenderedDocument:
    """The job for the plan's current data state (`token`, plan_state_token): the stored PDF,
    the render already waiting or running (joined), or, when it is missing, a new render on
    the queue. Nothing is built here: the worker builds the document.

    Raises Http404 for an unknown area or year, QueueFull (a Danish message) when the user or
    the plan has too many renders waiting. `user` None is the plan's own render after a save
    (not bounded per user)."""
    token = token or plan_state_token(plan, spec)
    title = document_title(plan, spec)  # fails early on an unknown area/year
    with transaction.atomic():
        # One request at a time per plan decides: a second request for the same document
        # finds the first one's row.
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        found = (
            plan.rendered_documents.filter(spec=str(spec), state_token=token)
            .exclude(status=RenderedDocument.Status.FAILED)
            .order_by("-created_at")
            .first()
        )
        if found is not None and (found.status in OPEN or _stored(found)):
            return found
        if user is not None:
            _check_bounds(plan, user)
        job = RenderedDocument.objects.create(
            plan=plan, spec=str(spec), title=title, requested_by=user, state_token=token,
        )
    _enqueue(job)
    job.refresh_from_db()
    return job


def _check_bounds(plan: Plan, user: "User | None") -> None:
    waiting = RenderedDocument.objects.filter(status__in=OPEN)
    if waiting.filter(requested_by=user).count() >= settings.PDF_QUEUE_PER_USER:
        raise QueueFull(
            _("You already have %(count)s documents being made. Please wait until one of them "
              "is ready, then ask again.") % {"count": settings.PDF_QUEUE_PER_USER},
            code="queue_full",
        )
    if (waiting.filter(plan=plan, requested_by__isnull=False).count()
            >= settings.PDF_QUEUE_PER_PLAN):
        raise QueueFull(
            _("%(count)s documents of this plan are being made right now. Please wait a "
              "moment, then ask again.") % {"count": settings.PDF_QUEUE_PER_PLAN},
            code="queue_full",
        )


def _enqueue(job: RenderedDocument) -> None:
    from .tasks import render_document

    result = render_document.enqueue(str(job.pk))
    RenderedDocument.objects.filter(pk=job.pk).update(task_id=str(result.id))


def job_wait(job: RenderedDocument, seconds: float) -> RenderedDocument:
    """Wait up to `seconds` for a worker to finish the job (for documents that render
    quickly, sent at once rather than through the progress page)."""
    deadline = time.monotonic() + seconds
    while job.status in OPEN and time.monotonic() < deadline:
        time.sleep(WAIT_POLL_SECONDS)
        job.refresh_from_db()
    return job


# --- In the worker --------------------------------------------------------------------------


def job_run(job_id: uuid.UUID | str) -> None:
    """Render the job's document (in a worker of the queue), reporting progress and a
    heartbeat on its row; a job finished meanwhile (by another worker) is left alone."""
    from . import pdf

    job = RenderedDocument.objects.select_related("plan", "plan__rule_set").filter(
        pk=job_id).first()
    if job is None or job.status not in OPEN:
        return
    job.status, job.attempts = RenderedDocument.Status.RUNNING, job.attempts + 1
    job.heartbeat_at = job.started_at = timezone.now()
    job.save(update_fields=["status", "attempts", "heartbeat_at", "started_at"])
    stop = threading.Event()
    beat = threading.Thread(target=_heartbeat, args=(job_id, stop), daemon=True)
    if not connection.in_atomic_block:  # a worker; not a task run at once inside a test
        beat.start()

    def progress(done: int, total: int) -> None:
        # The table of contents and joining come after the parts: keep 10 % for them.
        value = int(90 * done / max(total, 1))
        RenderedDocument.objects.filter(pk=job_id).update(
            progress=value, heartbeat_at=timezone.now()
        )

    sharing = pdf.Sharing.start(parts_help_ask)  # helpers wake while the document is built
    try:
        spec = DocumentSpec.parse(job.spec)
        # The one build of this render; its parts are offered to the helpers as they come.
        document = build_document(job.plan, spec, offer=sharing.offer)
        job.content_hash, job.title = document_key(document), document.title
        same = _stored_with_content(job)
        if same is not None:  # the data changed and changed back, or the token's day turned
            with same.file.open("rb") as stored:
                data, job.pages = stored.read(), same.pages
        else:
            rendered = pdf.build(document.parts, document.stamp, document.toc,
                                 progress=progress, sharing=sharing)
            data, job.pages = rendered.pdf, rendered.pages
        job.file.save(document.filename, ContentFile(data), save=False)
        job.status, job.progress = RenderedDocument.Status.DONE, 100
    except Exception as error:  # noqa: BLE001 - the user must see that it failed
        logger.exception("Rendering %s failed", job_id)
        job.status, job.error = RenderedDocument.Status.FAILED, str(error)[:2000]
    finally:
        sharing.close()
        stop.set()
        if beat.is_alive():
            beat.join()
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "pages", "status", "progress", "error", "finished_at",
                            "content_hash", "title"])


def parts_help_ask(session: str) -> None:
    """Ask idle workers to help render the document of a sharing `session` (pdf.Sharing):
    PDF_HELPERS tasks, one fewer than the workers that render PDFs. Nothing with a queue
    that runs tasks at once (the tests), where no one is idle."""
    from django_tasks import default_task_backend

    from .tasks import render_parts_help

    if not default_task_backend.supports_defer:
        return
    for _number in range(settings.PDF_HELPERS):
        render_parts_help.enqueue(session)


def _stored_with_content(job: RenderedDocument) -> RenderedDocument | None:
    """Another stored PDF of the same document with the same content. Its file is copied,
    not shared: the cleanup deletes each row's file with the row."""
    for other in (job.plan.rendered_documents.filter(
            spec=job.spec, content_hash=job.content_hash, status=RenderedDocument.Status.DONE)
            .exclude(pk=job.pk).order_by("-created_at")[:3]):
        if _stored(other):
            return other
    return None


def _heartbeat(job_id: uuid.UUID | str, stop: threading.Event) -> None:
    interval = max(1.0, settings.PDF_JOB_STALE_SECONDS / 4)
    try:
        while not stop.wait(interval):
            RenderedDocument.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
    finally:
        connection.close()


def jobs_recover(now: datetime.datetime | None = None) -> int:
    """Hand jobs whose worker stopped (killed, machine gone) to the next worker: a running
    job without a heartbeat for PDF_JOB_STALE_SECONDS, or a waiting job whose task is gone.
    Returns the number re-queued."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.PDF_JOB_STALE_SECONDS)
    requeued = 0
    for job in RenderedDocument.objects.filter(status__in=OPEN, created_at__lt=stale):
        task = DBTaskResult.objects.filter(pk=job.task_id).first() if job.task_id else None
        task_status = getattr(task, "status", None)
        if task_status == "READY":
            continue  # still waiting for a worker
        last_sign = job.heartbeat_at or getattr(task, "started_at", None) or job.created_at
        if task_status == "RUNNING" and last_sign >= stale:
            continue  # its worker is alive
        if task is not None and task_status == "RUNNING":
            DBTaskResult.objects.filter(pk=task.pk).update(status="FAILED", finished_at=now)
        if job.attempts >= MAX_ATTEMPTS:
            RenderedDocument.objects.filter(pk=job.pk).update(
                status=RenderedDocument.Status.FAILED, error="worker stopped", finished_at=now
            )
            continue
        RenderedDocument.objects.filter(pk=job.pk).update(status=RenderedDocument.Status.QUEUED)
        logger.warning("Render %s lost its worker: queued again", job.pk)
        _enqueue(job)
        requeued += 1
    return requeued


# --- Keeping the plan's PDF current -----------------------------------------------------------


def prerender_soon(plan_id: int) -> None:
    """After a save: render the plan's whole PDF once no save has come for
    PDF_PRERENDER_DELAY seconds (one waiting task per plan; each save moves the time on)."""
    from django_tasks import default_task_backend

    from .tasks import prerender_plan

    if not default_task_backend.supports_defer:
        return  # the immediate backend (tests): no work after every save
    due = timezone.now() + datetime.timedelta(seconds=settings.PDF_PRERENDER_DELAY)
    if PlanRenderSchedule.objects.filter(plan_id=plan_id).update(due_at=due):
        return  # a task is already waiting; it will see the later time
    try:
        with transaction.atomic():
            PlanRenderSchedule.objects.create(plan_id=plan_id, due_at=due)
    except IntegrityError:  # another save made it at the same moment
        PlanRenderSchedule.objects.filter(plan_id=plan_id).update(due_at=due)
        return
    prerender_plan.using(run_after=due).enqueue(plan_id)


def prerender_run(plan_id: int) -> None:
    """The debounced task: wait on while saves keep coming, then render the plan's PDF."""
    from .tasks import prerender_plan

    schedule = PlanRenderSchedule.objects.filter(plan_id=plan_id).first()
    if schedule is None:
        return
    if schedule.due_at > timezone.now():
        prerender_plan.using(run_after=schedule.due_at).enqueue(plan_id)
        return
    if not PlanRenderSchedule.objects.filter(pk=schedule.pk, due_at=schedule.due_at).delete()[0]:
        prerender_plan.using(run_after=timezone.now()).enqueue(plan_id)  # a save came meanwhile
        return
    plan = Plan.objects.select_related("rule_set").filter(pk=plan_id).first()
    if plan is None:
        return
    job = document_request(plan=plan, spec=DocumentSpec.parse("plan"), user=None)
    if job.status in OPEN and job.task_id:
        return  # queued: a worker renders it next


# --- Cleaning up ------------------------------------------------------------------------------


def documents_cleanup(now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete stored PDFs no one needs: finished renders older than PDF_KEEP_HOURS (the
    newest PDF of each document is kept), renders superseded by a newer one for an hour,
    files without a row, finished queue entries; trim the part cache to its bound."""
    from django_tasks_db.models import DBTaskResult

    from . import pdf

    now = now or timezone.now()
    old = now - datetime.timedelta(hours=settings.PDF_KEEP_HOURS)
    newest = {
        (row["plan_id"], row["spec"]): row["latest"]
        for row in RenderedDocument.objects.filter(status=RenderedDocument.Status.DONE)
        .values("plan_id", "spec").annotate(latest=Max("created_at"))
    }
    finished = RenderedDocument.objects.exclude(status__in=OPEN)
    candidates = finished.filter(
        Q(finished_at__lt=old) | Q(finished_at__lt=now - datetime.timedelta(hours=1))
    )
    deleted = 0
    for job in candidates.iterator():
        is_newest = newest.get((job.plan_id, job.spec)) == job.created_at
        if is_newest and job.status == RenderedDocument.Status.DONE:
            continue
        assert job.finished_at is not None  # a finished job (the filter above)
        if job.finished_at >= old and not _superseded(job, newest):
            continue
        if job.file:
            job.file.delete(save=False)
        job.delete()
        deleted += 1
    orphans = _orphan_files(now)
    tasks = DBTaskResult.objects.filter(finished_at__lt=old).delete()[0]
    return {"documents": deleted, "orphan_files": orphans, "tasks": tasks,
            "cached_parts": pdf.trim_cache()}


def _superseded(
    job: RenderedDocument, newest: dict[tuple[int, str], datetime.datetime]
) -> bool:
    latest = newest.get((job.plan_id, job.spec))
    return latest is not None and latest > job.created_at


def _orphan_files(now: datetime.datetime) -> int:
    root = Path(settings.MEDIA_ROOT) / "documents"
    if not root.exists():
        return 0
    known = set(RenderedDocument.objects.exclude(file="").values_list("file", flat=True))
    cutoff = (now - datetime.timedelta(hours=1)).timestamp()
    removed = 0
    for path in root.rglob("*.pdf"):
        name = path.relative_to(settings.MEDIA_ROOT).as_posix()
        if name not in known and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def queue_counts() -> dict[str, int]:
    """Renders waiting and running (for the bench and the admin)."""
    return dict(RenderedDocument.objects.filter(status__in=OPEN).values_list("status")
                .annotate(n=Count("pk")))
