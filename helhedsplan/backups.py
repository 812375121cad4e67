"""Backups: the database and the stored files (evidence, stored PDFs) in one directory.

    <dir>/manifest.json   what is in the backup: migrations, row counts, SHA-256 of each file
    <dir>/database.xml    every row (Django's dumpdata, natural keys for content types and
                          permissions), read in one transaction: REPEATABLE READ on PostgreSQL,
                          one read transaction on SQLite, so the rows agree with each other.
                          XML, because Django's JSON cuts times to milliseconds
    <dir>/media/...       a copy of MEDIA_ROOT

The database is read before the files are copied, so every file a row points at is there
(stored files are only ever added). Content types, permissions, sessions and login throttle
records are left out: migrate recreates the first two and the others are short-lived.

A backup is restored into an empty database (migrated, with no users and no plans) of the same
migrations, and an empty MEDIA_ROOT; checksums are verified before anything is written.
"""

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from plans.models import Plan

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.xml"
MEDIA = "media"
# Recreated by migrate, or short-lived: not part of a backup.
EXCLUDED = {"contenttypes", "auth.permission", "sessions", "axes"}


class BackupError(Exception):
    """A backup cannot be written or restored; the message says why."""


@dataclass(frozen=True)
class BackupResult:
    directory: Path
    rows: int
    files: int


def _excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED or model._meta.label_lower in EXCLUDED


def backed_up_models() -> list:
    """Every table a backup holds, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not _excluded(model)
    ]


def _row_counts(using: str) -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.using(using).count() for model in backed_up_models()
    }


def _applied_migrations(using: str) -> list[list[str]]:
    return sorted(
        [app, name] for app, name in MigrationRecorder(connections[using]).applied_migrations()
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files_under(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def backup_create(*, directory: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Write a consistent backup of the database and MEDIA_ROOT to `directory` (new or empty)."""
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty; a backup goes into a new directory.")
    directory.mkdir(parents=True, exist_ok=True)
    os.chmod(directory, 0o700)  # the rows hold personal data and password hashes
    connection = connections[using]
    outermost = not connection.in_atomic_block

    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for every query below (it must be the transaction's first statement).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = _row_counts(using)
        migrations = _applied_migrations(using)
        call_command(
            "dumpdata",
            exclude=sorted(EXCLUDED),
            format="xml",
            natural_foreign=True,
            use_base_manager=True,
            database=using,
            output=str(directory / DATABASE),
            verbosity=0,
        )

    media_root = Path(settings.MEDIA_ROOT)
    for source in _files_under(media_root):
        target = directory / MEDIA / source.relative_to(media_root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)

    files = [directory / DATABASE, *_files_under(directory / MEDIA)]
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database_vendor": connection.vendor,
        "migrations": migrations,
        "row_counts": counts,
        "files": {
            path.relative_to(directory).as_posix(): {
                "sha256": _sha256(path),
                "size": path.stat().st_size,
            }
            for path in files
        },
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    for path in [directory / MANIFEST, *files]:
        os.chmod(path, 0o600)
    return BackupResult(directory=directory, rows=sum(counts.values()), files=len(files) - 1)


def _read_manifest(directory: Path) -> dict:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
    except FileNotFoundError as error:
        raise BackupError(f"{directory} holds no {MANIFEST}; is it a backup?") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def backup_verify(*, directory: Path) -> dict:
    """Check every file of the backup against its SHA-256 in the manifest; returns the manifest."""
    directory = Path(directory)
    manifest = _read_manifest(directory)
    problems = []
    for name, expected in sorted(manifest["files"].items()):
        path = directory / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif _sha256(path) != expected["sha256"]:
            problems.append(f"{name}: checksum differs")
    if problems:
        raise BackupError("The backup is damaged:\n" + "\n".join(problems))
    return manifest


def _database_is_empty(using: str) -> bool:
    return not (
        get_user_model()._base_manager.using(using).exists()
        or Plan._base_manager.using(using).exists()
    )


def _load(*, directory: Path, using: str) -> None:
    connection = connections[using]
    # A freshly migrated database already holds the reference data the migrations load (rule
    # sets, kommuner); the backup's rows replace it, so the restored data is exactly the backup.
    tables = [model._meta.db_table for model in backed_up_models()]
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=False)
    )
    call_command("loaddata", str(directory / DATABASE), database=using, verbosity=0)


def backup_restore(*, directory: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    """Restore a backup into an empty database and an empty MEDIA_ROOT."""
    directory = Path(directory)
    manifest = backup_verify(directory=directory)
    if manifest["migrations"] != _applied_migrations(using):
        raise BackupError(
            "The database's migrations differ from the backup's. Restore with the version of "
            "Helhedsplan that wrote the backup (migrated), then upgrade."
        )
    if not _database_is_empty(using):
        raise BackupError("The database holds users or plans; restore only into an empty one.")
    media_root = Path(settings.MEDIA_ROOT)
    if _files_under(media_root):
        raise BackupError(f"MEDIA_ROOT ({media_root}) holds files; restore only into an empty one.")

    copied = []
    try:
        for name in sorted(manifest["files"]):
            if not name.startswith(f"{MEDIA}/"):
                continue
            target = media_root / Path(name).relative_to(MEDIA)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(directory / name, target)
            copied.append(target)
        with transaction.atomic(using=using):
            _load(directory=directory, using=using)
            counts = _row_counts(using)
            if counts != manifest["row_counts"]:
                differing = sorted(
                    label
                    for label in set(counts) | set(manifest["row_counts"])
                    if counts.get(label) != manifest["row_counts"].get(label)
                )
                raise BackupError(f"Row counts differ after loading: {', '.join(differing)}")
    except Exception:
        for path in copied:
            path.unlink(missing_ok=True)
        raise
    return BackupResult(directory=directory, rows=sum(counts.values()), files=len(copied))
