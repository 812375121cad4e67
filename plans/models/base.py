"""Field helpers and the base class that the plan's models share."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PROSE_HELP = _(
    "Describe groups, never individual residents (no CPR numbers). "
    "A blank line starts a new paragraph; lines starting with '- ' become a bullet list."
)


def prose(verbose_name, help_text=PROSE_HELP):
    """A paragraph-sized text field with the data-protection hint that every free text carries."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=settings.TEXT_MAX_LENGTH,
        help_text=help_text,
    )


def require_someone(row, fields: tuple[str, ...]) -> None:
    """A person may be known by name, role or organisation alone ("N.N.", "Repræsentant for
    beboerne"), but not by nothing: one of `fields` must be filled in."""
    if not any((getattr(row, field) or "").strip() for field in fields):
        raise ValidationError(
            {
                fields[0]: _(
                    "Give a name, or a role or organisation when the person is not known "
                    "by name (e.g. N.N.)."
                )
            }
        )


class Ordered(models.Model):
    """Rows that the user orders (mål, parties, members); `order` is kept dense by services."""

    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]
