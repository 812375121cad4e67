"""python manage.py export_docx PLAN DOCUMENT -o FILE.docx

PLAN is the plan's slug; DOCUMENT is plan, agreement or delaftale:<area slug> (as for
export_pdf).
"""

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from plans.models import Plan
from reporting.documents import DocumentSpec
from reporting.word.export import docx_build
from reporting.word.layout import WORD_KINDS


class Command(BaseCommand):
    help = "Write the whole plan, the strategic agreement or a delaftale as a Word file."

    def add_arguments(self, parser):
        parser.add_argument("plan", help="the plan's slug, e.g. vaerebro-park-2020-23")
        parser.add_argument("document", help="plan, agreement or delaftale:<area slug>")
        parser.add_argument("-o", "--output", required=True, help="the .docx file to write")

    def handle(self, *args, plan, document, output, **options):
        try:
            spec = DocumentSpec.parse(document)
        except ValueError:
            spec = None
        if spec is None or spec.kind not in WORD_KINDS:
            raise CommandError(f"Unknown document {document!r}; see --help.")
        plan_obj = Plan.objects.select_related("rule_set").filter(slug=plan).first()
        if plan_obj is None:
            raise CommandError(f"No plan with the slug {plan!r}.")
        try:
            _name, content = docx_build(plan_obj, spec)
        except Http404:
            raise CommandError(f"{document!r} does not exist in {plan!r}.") from None
        with open(output, "wb") as handle:
            handle.write(content)
        self.stdout.write(f"{output}: {len(content)} bytes")
