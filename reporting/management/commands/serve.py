"""python manage.py serve [ADDRPORT] – the development server and one queue worker together.

`make run` uses it. Each child runs in its own process group; Ctrl-C (or SIGTERM to this
process) stops both groups – the server's autoreloader child and the worker with it – and
waits for them, so nothing is left behind. If either child ends, the other is stopped too.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Run the development server and one task-queue worker; stop both together."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_true",
                            help="no autoreloader in the server or the worker")

    def handle(self, *args, addrport, noreload, **options):
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        reload = ["--noreload"] if noreload else []
        commands = [
            [sys.executable, manage, "runserver", addrport, *reload],
            [sys.executable, manage, "db_worker", "--interval", "0.2",
             "--no-reload" if noreload else "--reload"],
        ]
        children = [subprocess.Popen(command, start_new_session=True)  # noqa: S603
                    for command in commands]
        stopping = {"now": False}

        def stop(signum, frame):
            stopping["now"] = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping["now"] and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            _stop_all(children)
        self.stdout.write("Server and worker stopped.")


def _signal_group(child: subprocess.Popen, signum: int) -> None:
    try:
        os.killpg(child.pid, signum)
    except ProcessLookupError:
        pass


def _stop_all(children: list[subprocess.Popen]) -> None:
    for child in children:
        _signal_group(child, signal.SIGTERM)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
    for child in children:
        # The whole group: the autoreloader's child and anything else it started.
        _signal_group(child, signal.SIGKILL)
        child.wait()
