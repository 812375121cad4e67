"""Sharing a worker's render of a document with the workers that help (issue 14: a cold
document on as many cores as there are idle workers, through the task queue).

A worker that renders a document asks idle workers for help before it builds the document
(`Sharing.start`: tasks on the queue, reporting.services.parts_help_ask), so that they are
ready by the time its parts are. Everything goes through the part cache directory, next to
the parts' `<digest>.pdf`:
  <session>.parts   the render's process ("host pid"), then the digests of the parts offered
                    so far, one a line (a helper stops when it is gone: the render is over,
                    or when that process has stopped);
  <digest>.html     an offered part's HTML, while the render runs;
  <digest>.claim    made with O_EXCL by the one process that renders the part ("host pid"),
                    removed when its PDF is stored; another process takes it over when
                    that process has stopped.
A helper on a machine whose cache directory is not this one finds no session and stops.
"""

import os
import re
import socket
import time
import uuid
from pathlib import Path

from . import render
from .render import Part, cache_dir, cached_pdf, write_atomically

# A claim older than this whose part has no PDF yet belongs to a process that stopped.
CLAIM_STALE_SECONDS = 120
WAIT_POLL_SECONDS = 0.02
# A helper whose session offers nothing new for this long stops (its worker stopped).
HELP_IDLE_SECONDS = 60
_DIGEST = re.compile(r"[0-9a-f]{64}")
_SESSION = re.compile(r"[0-9a-f]{32}")


def _owner() -> str:
    return f"{socket.gethostname()} {os.getpid()}"


def _alive(owner: str) -> bool | None:
    """Whether the process `owner` names is running; None for one on another machine."""
    host, _space, pid = owner.rpartition(" ")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _claim(digest: str) -> bool:
    """Claim the part for this process: True when no one else has, and no one has rendered
    it in the meantime."""
    try:
        claim = os.open(cache_dir() / f"{digest}.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    try:
        os.write(claim, _owner().encode())
    finally:
        os.close(claim)
    if (cache_dir() / f"{digest}.pdf").exists():  # finished just before the claim
        _release(digest)
        return False
    return True


def _release(digest: str) -> None:
    (cache_dir() / f"{digest}.claim").unlink(missing_ok=True)


def _claim_gone_or_stale(digest: str) -> bool:
    """The part's claim is gone (its PDF stored, or its render failed), or its process has
    stopped (on another machine: the claim is older than CLAIM_STALE_SECONDS)."""
    path = cache_dir() / f"{digest}.claim"
    try:
        owner, age = path.read_text(), time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return True
    alive = _alive(owner)
    return not alive if alive is not None else age > CLAIM_STALE_SECONDS


def _render_claimed(digest: str, html: str) -> bytes:
    """Render a part this process has claimed, store it and release the claim."""
    try:
        data = render.render_html(html)
        write_atomically(cache_dir() / f"{digest}.pdf", data)
        return data
    finally:
        _release(digest)


class Sharing:
    """One document's render, shared with the workers that help (see above)."""

    def __init__(self, session: str):
        self.session = session
        self.offered: dict[str, Path] = {}

    @classmethod
    def start(cls, ask_help) -> "Sharing":
        """Open a session and call `ask_help(session)`, which asks workers to help."""
        sharing = cls(uuid.uuid4().hex)
        sharing.manifest.write_text(f"{_owner()}\n", encoding="utf-8")
        ask_help(sharing.session)
        return sharing

    @property
    def manifest(self) -> Path:
        return cache_dir() / f"{self.session}.parts"

    def offer(self, parts: list[Part]) -> None:
        """Offer the parts not cached yet (and not offered before), longest first."""
        new = [part for part in sorted(parts, key=lambda part: -len(part.html))
               if part.digest not in self.offered
               and not (cache_dir() / f"{part.digest}.pdf").exists()]
        for part in new:
            path = cache_dir() / f"{part.digest}.html"
            write_atomically(path, part.html.encode())
            self.offered[part.digest] = path
        if new:
            with self.manifest.open("a", encoding="utf-8") as manifest:
                manifest.write("".join(f"{part.digest}\n" for part in new))

    def render_missing(self, parts, results, missing, progress) -> list[bytes]:
        """render.render_parts with this sharing: offer the missing parts, render those no
        one has claimed, then wait for the others (or render them, if their process stopped)."""
        self.offer([parts[i] for i in missing])
        done = len(parts) - len(missing)

        def finished(i: int, data: bytes) -> None:
            nonlocal done
            results[i], done = data, done + 1
            if progress:
                progress(done, len(parts))

        waiting = []
        for i in sorted(missing, key=lambda i: -len(parts[i].html)):  # longest first
            data = cached_pdf(parts[i])
            if data is None and _claim(parts[i].digest):
                data = _render_claimed(parts[i].digest, parts[i].html)
            if data is None:  # a helper has it
                waiting.append(i)
            else:
                finished(i, data)
        for i in waiting:  # the parts a helper took: wait for them, or render them here
            while (data := cached_pdf(parts[i])) is None:
                if _claim_gone_or_stale(parts[i].digest):
                    _release(parts[i].digest)  # a helper that stopped, or failed
                    if _claim(parts[i].digest):
                        data = _render_claimed(parts[i].digest, parts[i].html)
                        break
                time.sleep(WAIT_POLL_SECONDS)
            finished(i, data)
        return results

    def close(self) -> None:
        """The render is over: the helpers stop, the offered HTML goes."""
        self.manifest.unlink(missing_ok=True)
        for path in self.offered.values():
            path.unlink(missing_ok=True)


def help_render(session: str) -> int:
    """In a worker that took a help task: render the parts the session offers that no one
    has claimed, as they are offered, until the render is over. Returns how many."""
    if not _SESSION.fullmatch(session):
        return 0
    manifest = cache_dir() / f"{session}.parts"
    seen: set[str] = set()
    rendered, idle_since = 0, time.monotonic()
    while time.monotonic() - idle_since < HELP_IDLE_SECONDS:
        try:
            owner, *offered = manifest.read_text(encoding="utf-8").splitlines()
        except (FileNotFoundError, ValueError):
            return rendered  # over, or a session of another machine's cache
        new = [digest for digest in offered if digest not in seen and _DIGEST.fullmatch(digest)]
        if not new:
            if _alive(owner) is False:
                return rendered  # its worker stopped before it was over
            time.sleep(WAIT_POLL_SECONDS)
            continue
        idle_since = time.monotonic()
        for digest in new:
            seen.add(digest)
            if not _claim(digest):
                continue
            try:
                html = (cache_dir() / f"{digest}.html").read_text(encoding="utf-8")
            except FileNotFoundError:  # the render is over meanwhile
                _release(digest)
                continue
            _render_claimed(digest, html)
            rendered += 1
    return rendered
