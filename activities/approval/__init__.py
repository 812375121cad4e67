"""Godkendelse: the approval of a delaftale or the strategic agreement, in one place.

- `rules`: who may take which action in which state (the role × state × action matrix).
- `snapshots`: the document as plain data, and the difference between two.
- `selectors`: `approval_states_get`, the one read of where a document stands, which the
  pages, the lists and the PDF's running header (stamp) all use; `versions_of`.
- `services`: `transition`, the only code that changes an approval state; an approval
  freezes the document as a `plans.models.DocumentVersion` (snapshot, PDF, SHA-256).

`reporting` renders the frozen PDF (`reporting.versions.render_approved`) and is passed in by
the view that approves (`reporting.views.delaftale_transition`).
"""

from .rules import ACTIONS, RULES, Rule, allowed_rules, document_kind, rule_for
from .selectors import (
    ApprovalInfo,
    approval_state_from_versions,
    approval_state_get,
    approval_states_get,
    approval_status_text,
    document_snapshot,
    versions_of,
)
from .services import PdfRenderer, RenderedPdf, transition

__all__ = [
    "ACTIONS",
    "RULES",
    "ApprovalInfo",
    "PdfRenderer",
    "RenderedPdf",
    "Rule",
    "allowed_rules",
    "approval_state_from_versions",
    "approval_state_get",
    "approval_states_get",
    "approval_status_text",
    "document_kind",
    "document_snapshot",
    "rule_for",
    "transition",
    "versions_of",
]
