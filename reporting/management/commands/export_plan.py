"""Export a whole plan as an exchange file: JSON or an Excel workbook, by the file's name."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from plans.models import Plan
from reporting.exchange.export import document_json, plan_document
from reporting.exchange.workbook import document_workbook


class Command(BaseCommand):
    help = "Write a plan as one exchange file (FILE.json or FILE.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("-o", "--output", required=True, help="FILE.json or FILE.xlsx")

    def handle(self, *args, slug, output, **options):
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            raise CommandError(_("No plan with the short name “%(slug)s”.") % {"slug": slug})
        document = plan_document(plan)
        if output.lower().endswith(".json"):
            content = document_json(document)
        elif output.lower().endswith(".xlsx"):
            content = document_workbook(document)
        else:
            raise CommandError(_("The file name must end in .json or .xlsx."))
        with open(output, "wb") as file:
            file.write(content)
        self.stdout.write(f"{plan.name} → {output} ({len(content)} bytes)")
