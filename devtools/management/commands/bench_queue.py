"""python manage.py bench_queue – the task queue's bench keys (devtools/queue_bench.py).

Run by `manage.py bench` on a scratch database it makes and drops; it writes plans,
starts gunicorn and a worker. Never run it on a database you want to keep.
"""

import json

from django.core.management.base import BaseCommand

from devtools.queue_bench import bench_queue


class Command(BaseCommand):
    help = "Measure the queue against a running server and worker (scratch database only)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(bench_queue(self.stdout)))
