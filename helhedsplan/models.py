"""What the project package itself stores: hits against a throttle (password reset)."""

from django.db import models
from django.utils import timezone


class ThrottleHit(models.Model):
    """One counted request under a key (a hash: the table holds no e-mail addresses). Counted
    in the database, so every web process sees the same count."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="throttle_key_at")]

    def __str__(self):
        return f"{self.key[:8]} {self.at:%Y-%m-%d %H:%M}"
