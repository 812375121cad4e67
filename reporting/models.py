"""Rendered documents: the only rows reporting keeps, because they hold generated files."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.models import Plan


def rendered_path(instance, filename):
    return f"documents/{instance.plan_id}/{instance.pk}/{filename}"


class RenderedDocument(models.Model):
    """A PDF being rendered by a worker of the task queue, or done, with its progress.

    `state_token` identifies the plan's data state the request saw: a request in the same
    state joins the row. `content_hash` (the parts' content hashes and the stamp, set by the
    worker when it builds the document) lets a render copy a stored PDF of the same content.
    A job without a requester was started by a save (the plan's PDF kept current)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Rendering")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rendered_documents")
    spec = models.CharField(_("document"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    pages = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to=rendered_path, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The queue's task (django_tasks_db) that renders it, and when its worker last reported:
    # a job whose worker has been silent for PDF_JOB_STALE_SECONDS goes to another worker.
    task_id = models.CharField(max_length=64, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # When a worker began the render: with finished_at, how long the document takes (the
    # estimate that decides whether the next request waits for it or shows progress).
    started_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The plan's data state (services.plan_state_token) the PDF is known to show: a request
    # with the same token is sent the stored PDF without building the document.
    state_token = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rendered document")
        verbose_name_plural = _("rendered documents")

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"

    @property
    def progress_step(self) -> int:
        """Progress rounded down to tens, for the bar's CSS class."""
        return min(100, self.progress // 10 * 10)


class PlanRenderSchedule(models.Model):
    """A plan whose PDF is to be rendered again once its saves have stopped for a moment.

    Every save moves `due_at` on; the one waiting task renders when it finds `due_at` passed,
    so ten quick edits make one render."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="+")
    due_at = models.DateTimeField()

    def __str__(self):
        return f"{self.plan_id} @ {self.due_at:%H:%M:%S}"
