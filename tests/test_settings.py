"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_settings(**env):
    clean = {k: v for k, v in os.environ.items()
             if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "PYTEST_VERSION"}}
    return subprocess.run(
        [sys.executable, "-c",
         "import helhedsplan.settings as s; print(s.DEBUG, s.LANGUAGE_CODE, s.TIME_ZONE, "
         "s.DATABASES['default']['ENGINE'])"],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _load_settings()

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_defaults_are_danish_sqlite_and_debug_off():
    result = _load_settings(SECRET_KEY="x" * 50)

    assert result.stdout.split() == [
        "False", "da", "Europe/Copenhagen", "django.db.backends.sqlite3"
    ]


def test_database_url_selects_postgresql():
    result = _load_settings(SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@db:5432/hp")

    assert result.stdout.split()[-1] == "django.db.backends.postgresql"
