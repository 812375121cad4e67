"""Session lifetime, caching of signed-in pages, and the login throttle's client address and
lockout page (settings: SESSION_IDLE_TIMEOUT, SESSION_LIFETIME, TRUSTED_PROXY_COUNT, AXES_*)."""

import re
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .audit import audit_event

SESSION_STARTED = "_session_started"
SESSION_SEEN = "_session_seen"
# The last request is recorded to the minute, so a signed-in page view does not write the
# session every time.
SEEN_RESOLUTION = 60


@receiver(user_logged_in, dispatch_uid="session_clock_start")
def _session_clock_start(sender, request, user, **kwargs):
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now


class SessionLifetimeMiddleware:
    """Signs the user out after SESSION_IDLE_TIMEOUT seconds without a request, and
    SESSION_LIFETIME seconds after signing in, whichever comes first. The request then goes on
    as anonymous, so a page that needs a user sends them to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        now = int(time.time())
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        if now - seen > settings.SESSION_IDLE_TIMEOUT:
            reason = "idle"
        elif now - started > settings.SESSION_LIFETIME:
            reason = "lifetime"
        else:
            if now - seen >= SEEN_RESOLUTION or SESSION_SEEN not in session:
                session[SESSION_SEEN] = now
            return
        user_id = request.user.pk
        logout(request)
        audit_event("session_expired", user_id=user_id, reason=reason)
        messages.info(request, _("You have been signed out for your security. Sign in again."))


class NoStoreWhenSignedInMiddleware:
    """Pages for a signed-in user hold plan data: no browser or proxy may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


def client_ip(request) -> str | None:
    """The client's address for the login throttle. Behind TRUSTED_PROXY_COUNT reverse proxies
    it is the address the outermost one saw (each appends to X-Forwarded-For); entries further
    left come from the client and are not trusted."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page for a user name and address locked out after too many failed sign-ins."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": seconds // 60},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    response["Retry-After"] = str(seconds)
    return response


# C0 control characters and DEL: no address or query parameter of the app has a use for them,
# and PostgreSQL refuses NUL in any string (a lookup with one gave a 500).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# In typed text only tab, line feed and carriage return are kept.
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(text: str) -> str:
    """Remove control characters other than tab and line breaks: they are invisible, break
    exports and PDFs, and PostgreSQL refuses NUL. Used for every form (the middleware below)
    and every imported spreadsheet cell."""
    return _CONTROL_IN_TEXT.sub("", text)


class ControlCharactersMiddleware:
    """The one place bad characters are handled for every page and form:

    - a path or query parameter with a control character is answered 400 before any view
      reads it, so no view has to remember NUL;
    - posted form fields lose their control characters (except tab and line breaks) before
      any form sees them, so nothing stores them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        texts = [request.path, *request.GET.keys()]
        texts += [value for values in request.GET.lists() for value in values[1]]
        if any(_CONTROL.search(text) for text in texts):
            return render(
                request,
                "400.html",
                {"reason": _("The address contains characters that are not allowed.")},
                status=400,
            )
        if request.method == "POST" and any(
            _CONTROL_IN_TEXT.search(key) or any(_CONTROL_IN_TEXT.search(v) for v in values)
            for key, values in request.POST.lists()
        ):
            cleaned = request.POST.copy()
            cleaned.clear()
            for key, values in request.POST.lists():
                cleaned.setlist(
                    strip_control_characters(key), [strip_control_characters(v) for v in values]
                )
            cleaned._mutable = False
            request.POST = cleaned
        return self.get_response(request)
