"""Import an exchange file (JSON or workbook) as a new plan: all or nothing."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from reporting.exchange.imports import plan_import
from reporting.exchange.reader import ExchangeRejected, upload_read


class Command(BaseCommand):
    help = "Import FILE.json or FILE.xlsx as a new plan; the owner becomes its leder."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--slug", help="the new plan's short name (default: the file's)")
        parser.add_argument("--owner", required=True, help="username of the plan's leder")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")

    def handle(self, *args, file, slug=None, owner, dry_run=False, **options):
        user = get_user_model().objects.filter(username=owner).first()
        if user is None:
            raise CommandError(_("No user with the username “%(name)s”.") % {"name": owner})
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("The file cannot be read: %(error)s") % {"error": error.strerror}
            ) from None
        try:
            upload = upload_read(name=path.name, content=content)
        except ExchangeRejected as error:
            raise CommandError(error.messages[0]) from None
        result = plan_import(upload=upload, user=user, name=path.name, slug=slug,
                             commit=not dry_run)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("%(n)s problems; nothing was imported.") % {"n": len(result.problems)}
            )
        for sheet, count in result.counts:
            self.stdout.write(f"  {sheet}: {count}")
        if dry_run:
            self.stdout.write("Filen kan importeres (intet er skrevet).")
        else:
            self.stdout.write(self.style.SUCCESS(f"Importeret: {result.plan.slug}"))
