"""The audit log: who did what, by user id only, as JSON lines (helhedsplan.logs).

Events: `sign_in`, `sign_out`, `sign_in_failed`, `sign_in_locked_out`, `session_expired`,
`password_reset_throttled`,
`permission_denied`, `password_reset`; the writes that keep no history rows (members,
invitations, reference data: see `plans.services`). Approvals (a later issue) write theirs with

    audit_event("approval", user_id=user.pk, plan_id=plan.pk,
                object_type="delaftale", object_id=delaftale.pk)

No names, e-mail addresses, user names or IP addresses: a failed sign-in names the account it
tried by id, and no account when the user name is unknown.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from .logs import FIELDS

logger = logging.getLogger("helhedsplan.audit")


def audit_event(event: str, *, user_id: int | None, **fields) -> None:
    """Write one audit event. `fields` are limited to helhedsplan.logs.FIELDS."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"Not an audit log field: {sorted(unknown)}")
    logger.info(event, extra={"event": event, "user_id": user_id, **fields})


def _user_id_for(username: str | None) -> int | None:
    if not username:
        return None
    User = get_user_model()
    return (
        User._default_manager.filter(**{User.USERNAME_FIELD: username})
        .values_list("pk", flat=True)
        .first()
    )


@receiver(user_logged_in, dispatch_uid="audit_sign_in")
def _sign_in(sender, request, user, **kwargs):
    audit_event("sign_in", user_id=user.pk)


@receiver(user_logged_out, dispatch_uid="audit_sign_out")
def _sign_out(sender, request, user, **kwargs):
    audit_event("sign_out", user_id=user.pk if user else None)


@receiver(user_login_failed, dispatch_uid="audit_sign_in_failed")
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD)
    audit_event("sign_in_failed", user_id=_user_id_for(username))


@receiver(user_locked_out, dispatch_uid="audit_sign_in_locked_out")
def _locked_out(sender, request, username, ip_address, **kwargs):
    audit_event("sign_in_locked_out", user_id=_user_id_for(username))


class PermissionDeniedAuditMiddleware:
    """Logs every PermissionDenied a view raises (the plan_view decorator's role check among
    them); Django then answers 403 as usual."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            user = getattr(request, "user", None)
            audit_event(
                "permission_denied",
                user_id=user.pk if user is not None and user.is_authenticated else None,
                method=request.method,
                path=request.path,
            )
        return None


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page for a new password by e-mailed link; the new password is a write to the
    account, so it is told in the audit log (Django sends no signal for it)."""

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_event("password_reset", user_id=self.user.pk)
        return response
