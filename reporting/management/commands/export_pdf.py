"""python manage.py export_pdf PLAN DOCUMENT -o FILE

PLAN is the plan's slug; DOCUMENT is plan, agreement, delaftale:<area slug>,
milestones:<year>, budget or results:<year>.
"""

import dataclasses
import time

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from plans.models import Plan
from reporting.documents import DocumentSpec, build_document
from reporting.pdf import build, render_forked


class Command(BaseCommand):
    help = "Write one of a plan's LBF documents as PDF."
    # The system checks import every view of the project (and openpyxl with them): a fifth
    # of a fresh process's start, for a command that renders one document. `check` runs them.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's slug, e.g. vaerebro-park-2020-23")
        parser.add_argument(
            "document",
            help="plan, agreement, delaftale:<area slug>, "
            "milestones:<year>, budget or results:<year>",
        )
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--approved", metavar="STATUS", default="",
            help="print STATUS (an approval) in place of the draft mark",
        )

    def handle(self, *args, plan, document, output, approved="", **options):
        try:
            spec = DocumentSpec.parse(document)
        except ValueError:
            raise CommandError(f"Unknown document {document!r}; see --help.") from None
        plan_obj = Plan.objects.select_related("rule_set").filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"No plan with the slug {plan!r}.")
        start = time.perf_counter()
        try:
            built = build_document(plan_obj, spec)
        except Http404:
            raise CommandError(f"{document!r} does not exist in {plan!r}.") from None
        stamp = built.stamp
        if approved:
            stamp = dataclasses.replace(stamp, status=approved, draft=False)
        # The parts on processes forked from this one (they start at once), then the table
        # of contents, joining and stamping here.
        render_forked(built.parts)
        rendered = build(built.parts, stamp, built.toc)
        with open(output, "wb") as handle:
            handle.write(rendered.pdf)
        self.stdout.write(
            f"{output}: {rendered.pages} pages in {time.perf_counter() - start:.2f} s"
        )
