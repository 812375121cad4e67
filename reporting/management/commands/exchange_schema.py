"""Write reporting/exchange/schema.json from the models (run after a model change)."""

from django.core.management.base import BaseCommand

from reporting.exchange.schema import SCHEMA_PATH, schema_text


class Command(BaseCommand):
    help = "Regenerate the exchange format's JSON Schema from the models."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail when the file is stale")

    def handle(self, *args, check=False, **options):
        text = schema_text()
        if check:
            if SCHEMA_PATH.read_text(encoding="utf-8") != text:
                self.stderr.write("schema.json is stale: run manage.py exchange_schema")
                raise SystemExit(1)
            return
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {SCHEMA_PATH}")
