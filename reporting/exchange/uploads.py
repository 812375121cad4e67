"""An uploaded workbook, kept on the server between the preview and the confirm.

The browser only ever holds the preview page: the file itself stays in
MEDIA_ROOT/imports/<random>.xlsx (.docx for a Word import), named in the user's session, and
the confirm reads it from there and parses it again. Files are removed after the confirm or
cancel, and any left over are removed a day after they were uploaded.
"""

import re
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase

MAX_AGE_SECONDS = 24 * 60 * 60
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _key(plan_id: int, kind: str) -> str:
    return f"spreadsheet_import:{plan_id}:{kind}"


SUFFIXES = (".xlsx", ".docx")


def _path(token: object, suffix: object = ".xlsx") -> Path | None:
    if not isinstance(token, str) or not _TOKEN.match(token) or suffix not in SUFFIXES:
        return None
    return _folder() / f"{token}{suffix}"


def stale_uploads_remove(now: float | None = None) -> int:
    """Remove stored uploads older than a day; returns how many were removed."""
    now = now or time.time()
    removed = 0
    folder = _folder()
    if not folder.is_dir():
        return 0
    for path in (p for suffix in SUFFIXES for p in folder.glob(f"*{suffix}")):
        try:
            if now - path.stat().st_mtime > MAX_AGE_SECONDS:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed


def upload_store(
    *,
    session: SessionBase,
    plan_id: int,
    kind: str,
    name: str,
    content: bytes,
    suffix: str = ".xlsx",
) -> str:
    stale_uploads_remove()
    upload_discard(session=session, plan_id=plan_id, kind=kind)
    token = secrets.token_hex(16)
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = _path(token, suffix)
    assert path is not None, f"unknown upload suffix {suffix!r}"
    path.write_bytes(content)
    path.chmod(0o600)
    session[_key(plan_id, kind)] = {
        "token": token, "name": name[:200], "stored": time.time(), "suffix": suffix,
    }
    return token


def upload_get(*, session: SessionBase, plan_id: int, kind: str) -> tuple[str, bytes] | None:
    """(file name, content) of the upload waiting for confirmation, or None."""
    entry = session.get(_key(plan_id, kind))
    if not isinstance(entry, dict):
        return None
    path = _path(entry.get("token"), entry.get("suffix", ".xlsx"))
    if path is None or time.time() - float(entry.get("stored", 0)) > MAX_AGE_SECONDS:
        upload_discard(session=session, plan_id=plan_id, kind=kind)
        return None
    try:
        return str(entry.get("name", "")), path.read_bytes()
    except FileNotFoundError:
        session.pop(_key(plan_id, kind), None)
        return None


def upload_discard(*, session: SessionBase, plan_id: int, kind: str) -> None:
    entry = session.pop(_key(plan_id, kind), None)
    if isinstance(entry, dict):
        path = _path(entry.get("token"), entry.get("suffix", ".xlsx"))
        if path is not None:
            path.unlink(missing_ok=True)
