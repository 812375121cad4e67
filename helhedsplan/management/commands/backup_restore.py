from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from helhedsplan.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by backup_create into an empty database (migrated to the "
        "backup's migrations, no users and no plans) and an empty MEDIA_ROOT. Checksums are "
        "verified first; the rows are loaded in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument("--database", default="default")

    def handle(self, *args, directory, database, **options):
        try:
            result = backup_restore(directory=directory, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {result.rows} rows and {result.files} files from {result.directory}."
            )
        )
