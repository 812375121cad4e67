"""The PDF of an approved version, stamped with version and approval: all `reporting` does in
an approval.

`activities.approval.transition` (which makes the version and its snapshot) calls
`render_approved` when the bestyrelse (or LBF) approves; the PDF is built from the same parts
as every other print of the document, with the draft mark replaced by the approval.

The version is stored in the approval's own transaction, so the PDF cannot wait for a worker
of the queue (it would not see the uncommitted approval's task). A web process (one that
loaded helhedsplan.wsgi: gunicorn, runserver) does not load WeasyPrint: it renders the
approved document in a short-lived child process (`manage.py export_pdf --approved`), which
the kernel ends with its parent. Everywhere else (management commands such as load_demo and
import_plan, whose approvals come with uncommitted data; workers; the tests) it renders
in-process, and so does a web process whose child could not read the document (data not yet
committed), rather than failing the approval.
"""

import dataclasses
import logging
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings

from activities.approval import RenderedPdf
from plans.models import Delaftale

from .documents import DocumentSpec, build_document, document_title

logger = logging.getLogger(__name__)


def render_approved(*, document, status: str) -> RenderedPdf:
    """The delaftale or strategic agreement as printed now, with the approval `status`."""
    if isinstance(document, Delaftale):
        plan = document.focus_area.plan
        spec = DocumentSpec("delaftale", document.focus_area.slug)
    else:
        plan = document.plan
        spec = DocumentSpec("agreement")
    # The title without building the document: the render below builds it once.
    return RenderedPdf(title=document_title(plan, spec), pdf=approved_pdf(plan, spec, status))


def approved_pdf(plan, spec: DocumentSpec, status: str) -> bytes:
    """The document's PDF with the approval `status` in place of the draft mark."""
    if _in_process():
        return _render_here(plan, spec, status)
    with tempfile.TemporaryDirectory() as directory:
        output = Path(directory) / "approved.pdf"
        child = subprocess.run(  # noqa: S603 - our own command, arguments from the database
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "export_pdf",
             plan.slug, str(spec), "-o", str(output), "--approved", status],
            capture_output=True, timeout=600, preexec_fn=_die_with_parent,
        )
        if child.returncode == 0:
            return output.read_bytes()
    logger.warning("Approved PDF rendered in-process: %s", child.stderr[-500:])
    return _render_here(plan, spec, status)


def _render_here(plan, spec: DocumentSpec, status: str) -> bytes:
    from .pdf import build

    printed = build_document(plan, spec)
    stamp = dataclasses.replace(printed.stamp, status=status, draft=False)
    return build(printed.parts, stamp, printed.toc).pdf


def _in_process() -> bool:
    backend = settings.TASKS["default"]["BACKEND"]
    web = "helhedsplan.wsgi" in sys.modules
    return not web or backend.endswith("ImmediateBackend") or "weasyprint" in sys.modules


def _die_with_parent() -> None:
    """In the child: the kernel sends SIGKILL when the web process ends (no orphans)."""
    import ctypes

    pr_set_pdeathsig = 1
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL)
