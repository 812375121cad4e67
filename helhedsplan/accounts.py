"""User accounts: deactivation ends every session of the user at once.

Django already treats a deactivated user's session as signed out (ModelBackend.get_user skips
inactive users); deleting the sessions as well means that reactivating the account later does
not bring an old session back.
"""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.sessions.models import Session
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone


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
