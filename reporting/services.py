"""Rendering documents: at once when it is quick, in the background when it is not.

A background job is a RenderedDocument row and a thread in the web process: no extra server
or worker to run. If the process stops mid-render the job is left unfinished; opening it
again after `STALE_AFTER` marks it failed, and the user asks for a new one (parts already
rendered stay cached, so the retry is quick).
"""

import datetime
import logging
import threading

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection
from django.utils import timezone

from plans.models import Plan

from .documents import DocumentSpec, build_document
from .models import RenderedDocument
from .pdf import Rendered, build, observed_speed, uncached

logger = logging.getLogger(__name__)

# Until this process has rendered something of size, a cautious guess: ≈ 10 kB of part HTML
# per second and core (a slow 2-core machine). Afterwards the speed it has seen.
HTML_BYTES_PER_SECOND = 2 * 10_000
BACKGROUND_AFTER_SECONDS = 2.0
STALE_AFTER = datetime.timedelta(minutes=10)


def estimated_seconds(plan: Plan, spec: DocumentSpec) -> float:
    document = build_document(plan, spec)
    todo = sum(len(part.html) for part in uncached(document.parts))
    return todo / (observed_speed() or HTML_BYTES_PER_SECOND)


def document_render_now(*, plan: Plan, spec: DocumentSpec) -> tuple[str, Rendered]:
    document = build_document(plan, spec)
    return document.filename, build(document.parts, document.stamp, document.toc)


def document_render_start(*, plan: Plan, spec: DocumentSpec, user) -> RenderedDocument:
    """Queue a document and render it in a background thread (inline when configured)."""
    document = build_document(plan, spec)  # fails early on an unknown area or year
    job = RenderedDocument.objects.create(
        plan=plan, spec=str(spec), title=document.title, requested_by=user
    )
    if getattr(settings, "PDF_JOBS_INLINE", False) or connection.in_atomic_block:
        # Tests (and anything inside a transaction) cannot hand rows to another thread.
        _run(job.pk)
        job.refresh_from_db()
    else:
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    return job


def _run_in_thread(job_id) -> None:
    try:
        _run(job_id)
    finally:
        close_old_connections()
        connection.close()


def _run(job_id) -> None:
    job = RenderedDocument.objects.select_related("plan", "plan__rule_set").get(pk=job_id)
    job.status = RenderedDocument.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        # The table of contents and joining come after the parts: keep 10 % for them.
        value = int(90 * done / max(total, 1))
        RenderedDocument.objects.filter(pk=job_id).update(progress=value)

    try:
        spec = DocumentSpec.parse(job.spec)
        document = build_document(job.plan, spec)
        rendered = build(document.parts, document.stamp, document.toc, progress=progress)
        job.file.save(document.filename, ContentFile(rendered.pdf), save=False)
        job.pages, job.status, job.progress = rendered.pages, RenderedDocument.Status.DONE, 100
    except Exception as error:  # noqa: BLE001 - the user must see that it failed
        logger.exception("Rendering %s failed", job_id)
        job.status, job.error = RenderedDocument.Status.FAILED, str(error)[:2000]
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "pages", "status", "progress", "error", "finished_at"])


def job_refresh(job: RenderedDocument) -> RenderedDocument:
    """Mark a job that has not moved for too long as failed, so the user can retry."""
    unfinished = job.status in (RenderedDocument.Status.QUEUED, RenderedDocument.Status.RUNNING)
    if unfinished and timezone.now() - job.created_at > STALE_AFTER:
        job.status, job.error = RenderedDocument.Status.FAILED, "timeout"
        job.save(update_fields=["status", "error"])
    return job
