"""Background tasks shared by the apps: sending e-mail (on the task queue, see settings.TASKS)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(subject: str, message: str, recipients: list[str], from_email: str | None = None,
               fail_silently: bool = False) -> None:
    """Send one e-mail from a worker, so a slow or unreachable mail server never holds up a
    page."""
    send_mail(subject, message, from_email, recipients, fail_silently=fail_silently)
