"""User accounts: deactivation ends every session of the user at once.

Django already treats a deactivated user's session as signed out (ModelBackend.get_user skips
inactive users); deleting the sessions as well means that reactivating the account later does
not bring an old session back.
"""

import hashlib
from datetime import timedelta

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.sessions.models import Session
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone

from .audit import audit_event
from .models import ThrottleHit


def user_sessions_end(*, user) -> int:
    """Delete every live session of `user`; returns how many. Sessions have no user column, so
    each live session is decoded (fine for the few thousand a deployment holds)."""
    user_key = str(user.pk)
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == user_key
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


@transaction.atomic
def user_deactivate(*, user) -> int:
    """Deactivate `user` and end their sessions; returns how many sessions ended."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user_sessions_end(user=user)


# --- Sign-in input --------------------------------------------------------------------------

# A password longer than this is refused before it is hashed (Argon2 on a megabyte is slow).
PASSWORD_MAX_LENGTH = 4096


class _BoundedSignIn:
    """Django's sign-in forms only set the user name's `maxlength` attribute; they do not check
    it, so a 256-character name reached the login throttle's table (255 characters) and
    PostgreSQL refused the insert (500). Here an over-long name or password is a form error
    and nothing is authenticated or recorded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))
        self.fields["password"].validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))


class SignInForm(_BoundedSignIn, AuthenticationForm):
    pass


class AdminSignInForm(_BoundedSignIn, AdminAuthenticationForm):
    pass


# --- Password reset throttle ------------------------------------------------------------------

RESET_LIMIT = 3  # e-mails per address, and per account, …
RESET_WINDOW = timedelta(hours=1)  # … within this long


def throttle_allow(scope: str, value: str, *, limit: int, window: timedelta) -> bool:
    """Count one request under (scope, value); False when `limit` were counted within `window`
    already (the refused request is not counted)."""
    key = hashlib.sha256(f"{scope}:{value}".encode()).hexdigest()
    now = timezone.now()
    with transaction.atomic():
        ThrottleHit.objects.filter(at__lt=now - timedelta(days=1)).delete()
        if ThrottleHit.objects.filter(key=key, at__gte=now - window).count() >= limit:
            return False
        ThrottleHit.objects.create(key=key, at=now)
    return True


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most RESET_LIMIT e-mails an hour to an address and to an
    account. The page says the same either way, so it tells nothing about accounts."""

    def get_users(self, email):
        users = list(super().get_users(email))
        if not users:
            return []
        if not throttle_allow(
            "reset-address", email.strip().lower(), limit=RESET_LIMIT, window=RESET_WINDOW
        ):
            audit_event("password_reset_throttled", user_id=None, reason="address")
            return []
        allowed = []
        for user in users:
            if throttle_allow(
                "reset-account", str(user.pk), limit=RESET_LIMIT, window=RESET_WINDOW
            ):
                allowed.append(user)
            else:
                audit_event("password_reset_throttled", user_id=user.pk, reason="account")
        return allowed
