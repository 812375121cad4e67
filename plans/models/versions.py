"""Frozen approved versions of the delaftaler and the strategic agreement."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .agreement import (
    ApprovalState,
)
from .plan import (
    Plan,
)

# --- Frozen approved versions -------------------------------------------------------------------


class VersionFrozen(Exception):
    """An approved version was about to be changed or deleted."""


class FrozenQuerySet(models.QuerySet):
    """Approved versions are evidence: no bulk update or delete, ever."""

    def update(self, **kwargs):
        raise VersionFrozen("An approved version cannot be changed.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise VersionFrozen("An approved version cannot be changed.")

    def delete(self):
        raise VersionFrozen("An approved version cannot be deleted.")


def version_path(instance, filename):
    return f"versions/{instance.plan_id}/{filename}"


class DocumentVersion(models.Model):
    """Godkendt version: a frozen copy of a delaftale or the strategic agreement as approved,
    with its PDF and the PDF's SHA-256. Written once by `activities.approval`, never changed."""

    class Kind(models.TextChoices):
        DELAFTALE = "delaftale", _("Sub-agreement")
        AGREEMENT = "agreement", _("Strategic agreement")

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    # The area by its short name, and the document by its id, not a key: deleting the
    # delaftale leaves its versions, and a new delaftale for the same area starts afresh.
    area_slug = models.SlugField(max_length=80, blank=True)
    document_pk = models.PositiveBigIntegerField(null=True)
    title = models.CharField(_("title"), max_length=300)
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(_("approval"), max_length=20, choices=ApprovalState.choices)
    approved_at = models.DateTimeField(_("approved"))
    approvers = models.JSONField(_("approved by"), default=list)
    data = models.JSONField(_("content"))
    pdf = models.FileField(upload_to=version_path)
    sha256 = models.CharField("SHA-256", max_length=64)

    objects = FrozenQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "area_slug", "-number"]
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "document_pk", "number"], name="document_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VersionFrozen("An approved version cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VersionFrozen("An approved version cannot be deleted.")

    @property
    def approver_names(self) -> str:
        return ", ".join(person["name"] for person in self.approvers)
