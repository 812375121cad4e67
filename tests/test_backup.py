"""Backups: backup_create → an empty database → backup_restore gives back every row and every
stored file, byte for byte; a damaged backup or a database in use is refused."""

import hashlib
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Measurement
from helhedsplan.backups import backed_up_models

from .factories import MembershipFactory, UserFactory

# Stands in for an approved document: a stored file the plan's rows point at.
DOCUMENT = b"%PDF-1.4\n% Godkendt delaftale\n" + bytes(range(256)) * 64


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def plan_with_document(filled_plan, leader, media_root):
    MembershipFactory(plan=filled_plan)
    measurement = Measurement.objects.filter(criterion__activity__delaftale__focus_area__plan=(
        filled_plan)).first()
    measurement.evidence.save("maaling.pdf", ContentFile(DOCUMENT))
    return filled_plan


def _rows() -> dict[str, list]:
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list()))
        for model in backed_up_models()
    }


def _files(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _as_migrate_left_it():
    """Empty the database and load what `migrate` put there (the suite serialised it when it
    created the test database): reference data, content types, no users, no plans."""
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_then_restore_into_an_empty_database_gives_back_every_row_and_file(
    plan_with_document, media_root, tmp_path
):
    rows, files = _rows(), _files(media_root)
    counts = {label: len(values) for label, values in rows.items()}
    backup = tmp_path / "backup"

    with CaptureQueriesContext(connection) as queries:
        call_command("backup_create", str(backup), verbosity=0)
    if connection.vendor == "postgresql":  # one snapshot for the whole dump
        statements = [query["sql"] for query in queries if query["sql"] != "BEGIN"]
        assert statements[0] == "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
    _as_migrate_left_it()
    for path in media_root.rglob("*"):
        if path.is_file():
            path.unlink()
    assert not get_user_model().objects.exists()

    call_command("backup_restore", str(backup), verbosity=0)

    assert {label: len(values) for label, values in _rows().items()} == counts
    assert _rows() == rows
    assert _files(media_root) == files
    document = Measurement.objects.exclude(evidence="").get()
    assert hashlib.sha256(document.evidence.read()).hexdigest() == hashlib.sha256(
        DOCUMENT).hexdigest()


def test_manifest_lists_every_file_with_its_checksum_and_the_row_counts(
    plan_with_document, tmp_path
):
    call_command("backup_create", str(tmp_path / "b"), verbosity=0)

    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert set(manifest["files"]) == {"database.xml", f"media/{_evidence_name()}"}
    assert manifest["files"][f"media/{_evidence_name()}"]["sha256"] == hashlib.sha256(
        DOCUMENT).hexdigest()
    assert manifest["row_counts"]["plans.Plan"] == 1
    assert manifest["row_counts"]["auth.User"] == get_user_model().objects.count()


def _evidence_name():
    return Measurement.objects.exclude(evidence="").get().evidence.name


def test_backup_leaves_out_sessions_and_login_throttle_records(plan_with_document, tmp_path):
    call_command("backup_create", str(tmp_path / "b"), verbosity=0)

    dump = ElementTree.parse(tmp_path / "b" / "database.xml")
    # Top-level objects only: a many-to-many field nests its rows as <object pk=".."/>.
    models = {row.get("model") for row in dump.getroot().findall("object")}
    assert "plans.plan" in models and "auth.user" in models
    assert not {m for m in models if m.split(".")[0] in {"sessions", "axes", "contenttypes"}}
    assert "auth.permission" not in models


def test_backup_refuses_a_directory_that_is_not_empty(plan_with_document, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "old.txt").write_text("x")

    with pytest.raises(CommandError, match="not empty"):
        call_command("backup_create", str(tmp_path / "b"), verbosity=0)


def test_restore_refuses_a_database_with_users_and_changes_nothing(plan_with_document, tmp_path):
    call_command("backup_create", str(tmp_path / "b"), verbosity=0)
    rows = _rows()

    with pytest.raises(CommandError, match="users or plans"):
        call_command("backup_restore", str(tmp_path / "b"), verbosity=0)

    assert _rows() == rows


def test_restore_refuses_a_damaged_backup(plan_with_document, tmp_path):
    call_command("backup_create", str(tmp_path / "b"), verbosity=0)
    stored = tmp_path / "b" / "media" / _evidence_name()
    stored.write_bytes(stored.read_bytes()[:-1] + b"!")

    with pytest.raises(CommandError, match="checksum differs"):
        call_command("backup_restore", str(tmp_path / "b"), verbosity=0)


def test_restore_refuses_a_backup_of_other_migrations(plan_with_document, tmp_path):
    call_command("backup_create", str(tmp_path / "b"), verbosity=0)
    manifest_path = tmp_path / "b" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append(["plans", "9999_from_the_future"])
    manifest_path.write_text(json.dumps(manifest))

    with pytest.raises(CommandError, match="migrations differ"):
        call_command("backup_restore", str(tmp_path / "b"), verbosity=0)


def test_restore_refuses_media_root_with_files(db, media_root, tmp_path):
    UserFactory()  # a backup of a database in use
    call_command("backup_create", str(tmp_path / "b"), verbosity=0)
    get_user_model().objects.all().delete()
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "andet.pdf").write_bytes(b"%PDF-1.4")

    with pytest.raises(CommandError, match="MEDIA_ROOT"):
        call_command("backup_restore", str(tmp_path / "b"), verbosity=0)
