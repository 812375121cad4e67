"""python manage.py annual_report PLAN YEAR -o DIR

Writes the plan's årsrapport for YEAR into DIR as a PDF and a workbook:
<plan>-aarsrapport-<year>.pdf and .xlsx (målopfyldelse, regnskab, this year's and next
year's milepælsplan). The same document as the Documents page's "Annual report".
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from plans.models import Plan
from reporting.annual import annual_filename, annual_report_get, annual_workbook
from reporting.documents import DocumentSpec, build_document
from reporting.pdf import build


class Command(BaseCommand):
    help = "Write a plan's annual report for a year as a PDF and a workbook."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's slug, e.g. vaerebro-park-2020-23")
        parser.add_argument("year", type=int, help="the year reported on, e.g. 2022")
        parser.add_argument("-o", "--output", required=True, help="the folder to write into")

    def handle(self, *args, plan, year, output, **options):
        plan_obj = Plan.objects.select_related("rule_set").filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"No plan with the slug {plan!r}.")
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        try:
            document = build_document(plan_obj, DocumentSpec("annual", str(year)))
            workbook = annual_workbook(annual_report_get(plan=plan_obj, year=year))
        except Http404:
            raise CommandError(f"{year} is not a year of {plan!r}.") from None
        rendered = build(document.parts, document.stamp, document.toc)
        pdf_path = folder / annual_filename(plan_obj, year, "pdf")
        xlsx_path = folder / annual_filename(plan_obj, year, "xlsx")
        pdf_path.write_bytes(rendered.pdf)
        xlsx_path.write_bytes(workbook)
        self.stdout.write(
            f"{pdf_path}: {rendered.pages} pages; {xlsx_path}; "
            f"{time.perf_counter() - start:.2f} s"
        )
