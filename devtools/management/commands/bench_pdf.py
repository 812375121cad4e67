"""python manage.py bench_pdf – the bench's PDF keys (devtools/pdf_bench.py: bench_pdf).

Run by `manage.py bench` on a scratch database it makes and drops; it writes a plan and starts
a worker. Never run it on a database you want to keep.
"""

import json

from django.core.management.base import BaseCommand

from devtools.pdf_bench import bench_pdf


class Command(BaseCommand):
    help = "Measure the PDFs as workers of the queue render them (scratch database only)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=3)

    def handle(self, *args, rounds, **options):
        self.stdout.write(json.dumps(bench_pdf(rounds)))
