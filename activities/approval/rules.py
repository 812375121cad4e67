"""Who may move a delaftale or the strategic agreement from which approval state to which.

LBF's rules: the bestyrelse approves every change to a delaftale, LBF approves every change to
the strategic agreement. The leder submits and records LBF's answer. `RULES` is the whole
role × state × action matrix.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from plans.models import ApprovalState, Delaftale, DocumentVersion, Membership, StrategicAgreement
from plans.selectors import PlanAccess

S = ApprovalState
Role = Membership.Role
DELAFTALE, AGREEMENT = DocumentVersion.Kind.DELAFTALE, DocumentVersion.Kind.AGREEMENT
BOTH = frozenset({DELAFTALE, AGREEMENT})
APPROVED_STATES = (S.BOARD_APPROVED, S.LBF_APPROVED)
WAITING_STATES = (S.SUBMITTED, S.SENT_TO_LBF)


@dataclass(frozen=True)
class Rule:
    action: str
    label: str
    kinds: frozenset
    role: str
    sources: frozenset
    target: str
    needs_reason: bool = False
    freezes: bool = False


RULES = (
    Rule(
        "submit",
        gettext_lazy("Submit to the board"),
        BOTH,
        Role.LEADER,
        frozenset({S.DRAFT, S.RETURNED, S.BOARD_APPROVED, S.LBF_APPROVED}),
        S.SUBMITTED,
    ),
    Rule(
        "approve",
        gettext_lazy("Approve"),
        BOTH,
        Role.BOARD,
        frozenset({S.SUBMITTED}),
        S.BOARD_APPROVED,
        freezes=True,
    ),
    Rule(
        "return",
        gettext_lazy("Return for revision"),
        BOTH,
        Role.BOARD,
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        needs_reason=True,
    ),
    Rule(
        "send_to_lbf",
        gettext_lazy("Record as sent to LBF"),
        frozenset({AGREEMENT}),
        Role.LEADER,
        frozenset({S.BOARD_APPROVED}),
        S.SENT_TO_LBF,
    ),
    Rule(
        "lbf_approve",
        gettext_lazy("Record LBF's approval"),
        frozenset({AGREEMENT}),
        Role.LEADER,
        frozenset({S.SENT_TO_LBF}),
        S.LBF_APPROVED,
        freezes=True,
    ),
    Rule(
        "lbf_return",
        gettext_lazy("Record that LBF returned it"),
        frozenset({AGREEMENT}),
        Role.LEADER,
        frozenset({S.SENT_TO_LBF}),
        S.RETURNED,
        needs_reason=True,
    ),
)
ACTIONS = tuple(dict.fromkeys(rule.action for rule in RULES))


def document_kind(document) -> str:
    if isinstance(document, Delaftale):
        return DELAFTALE
    if isinstance(document, StrategicAgreement):
        return AGREEMENT
    raise TypeError(document)


def document_plan_id(document) -> int:
    return document.focus_area.plan_id if isinstance(document, Delaftale) else document.plan_id


def rule_for(kind: str, action: str) -> Rule | None:
    return next((r for r in RULES if r.action == action and kind in r.kinds), None)


def allowed_rules(*, document, access: PlanAccess) -> list[Rule]:
    """The buttons to show: the actions the user's role may take in the document's state."""
    kind = document_kind(document)
    return [
        rule
        for rule in RULES
        if kind in rule.kinds
        and rule.role == access.role
        and document.approval_state in rule.sources
    ]
