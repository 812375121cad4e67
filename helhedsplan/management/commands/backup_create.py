from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from helhedsplan.backups import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database and the stored files (MEDIA_ROOT) to a new "
        "or empty directory, with a manifest of SHA-256 checksums."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        try:
            result = backup_create(directory=directory, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.directory}: {result.rows} rows, {result.files} files."
            )
        )
