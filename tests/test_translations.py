"""The Danish catalogue is complete: every string in the code is translated, none is fuzzy,
and the compiled .mo that Django reads matches the .po."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "da" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
SOURCES = ["helhedsplan", "plans", "activities", "reporting", "templates", "locale", "manage.py"]


@pytest.fixture(scope="module")
def fresh_catalogue(tmp_path_factory):
    """Run makemessages on a copy of the source, so the test sees strings added since the
    catalogue was last refreshed without touching the working tree."""
    if shutil.which("xgettext") is None:
        pytest.fail("xgettext is missing: install Debian's gettext package (make test does).")
    copy = tmp_path_factory.mktemp("src")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "da", "--no-obsolete"],
        cwd=copy, check=True, capture_output=True, env={"DEBUG": "1", "PATH": "/usr/bin:/bin"},
    )
    return polib.pofile(str(copy / "locale" / "da" / "LC_MESSAGES" / "django.po"))


def test_every_string_in_the_code_has_a_danish_translation(fresh_catalogue):
    missing = [entry.msgid for entry in fresh_catalogue.untranslated_entries()]

    assert not missing, f"Untranslated (run `make messages` and translate): {missing[:20]}"


def test_no_translation_is_fuzzy(fresh_catalogue):
    fuzzy = [entry.msgid for entry in fresh_catalogue.fuzzy_entries()]

    assert not fuzzy, f"Fuzzy entries: {fuzzy[:20]}"


def test_compiled_catalogue_matches_the_po_file():
    po = {(e.msgid, e.msgstr) for e in polib.pofile(str(PO)).translated_entries() if e.msgstr}
    mo = {(e.msgid, e.msgstr) for e in polib.mofile(str(MO)) if e.msgid and e.msgstr}

    assert po == mo, "Run `make messages` to recompile django.mo"
