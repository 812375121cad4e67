"""Send the day's reminder e-mails about deadlines and measurements due (run once a day)."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reporting.reminders import reminders_send


class Command(BaseCommand):
    help = (
        "E-mail the people responsible for the plans' deadlines and measurements, the plan's "
        "number of reminder days before and on the day. Safe to run more than once a day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="send as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, date=None, **options):
        today = timezone.localdate()
        if date:
            try:
                today = datetime.date.fromisoformat(date)
            except ValueError:
                raise CommandError(f"Not a date (YYYY-MM-DD): {date}") from None
        sent = reminders_send(today=today)
        self.stdout.write(f"{sent} reminder(s) sent for {today:%d.%m.%Y}")
