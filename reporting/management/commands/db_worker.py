"""python manage.py db_worker – a worker of the task queue (PDF renders, e-mails).

django_tasks_db's worker, plus housekeeping in a thread: every PDF_JOB_STALE_SECONDS / 2 it
hands renders whose worker stopped (killed, machine gone) to the queue again
(services.jobs_recover), and every hour it deletes stored PDFs no one needs
(services.documents_cleanup) and sends the reminders that are due (reminders.reminders_send:
each is recorded once, so several workers never send one twice; `manage.py send_reminders`
from a timer does the same where no worker runs). Run as many as the machines have cores, on
any machine that reaches the database and the stored files (MEDIA_ROOT, PDF_CACHE_DIR).
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

logger = logging.getLogger("reporting.worker")
CLEANUP_EVERY_SECONDS = 3600


def housekeeping(stop: threading.Event) -> None:
    from reporting import reminders, services

    last_cleanup: float | None = None  # the first round cleans up and sends reminders
    interval = max(1.0, settings.PDF_JOB_STALE_SECONDS / 2)
    while True:
        try:
            services.jobs_recover()
            if last_cleanup is None or time.monotonic() - last_cleanup > CLEANUP_EVERY_SECONDS:
                last_cleanup = time.monotonic()
                services.documents_cleanup()
                if settings.REMINDERS_FROM_WORKERS:
                    reminders.reminders_send(today=timezone.localdate())
        except Exception:  # noqa: BLE001 - the worker goes on; the next round tries again
            logger.exception("Housekeeping failed")
        finally:
            connection.close()
        if stop.wait(interval):
            return


class Command(DbWorkerCommand):
    help = "Run a worker of the task queue (PDF renders, e-mails), with job recovery."

    def handle(self, *args, **options):
        reloading = options.get("reload") and not options.get("batch")
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # Not in the reloader's watching parent: only where tasks run.
            stop = threading.Event()
            threading.Thread(target=housekeeping, args=(stop,), name="housekeeping",
                             daemon=True).start()
        return super().handle(*args, **options)
