"""python manage.py pdf_cleanup – delete stored PDFs no one needs, trim the part cache.

Every worker (`manage.py db_worker`) does this each hour; the command is for cron or a
systemd timer where no worker runs, and prints what it removed.
"""

import json

from django.core.management.base import BaseCommand

from reporting import services


class Command(BaseCommand):
    help = "Delete stored PDFs that no version and no recent job needs; trim the part cache."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(services.documents_cleanup()))
