"""The document's page and its print (the PDF's running header, the Word file's header) say the
same of its approval in every state, because both read `activities.approval.approval_states_get`
(issue 20)."""

import html
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from activities import approval
from plans.models import Delaftale, Membership, StrategicAgreement
from plans.selectors import PlanAccess
from reporting.documents import DocumentSpec, build_document, document_status

# The approval card's badge on the document's page.
BADGE = re.compile(r'id="godkendelse".*?data-approval-state="([^"]+)">([^<]*)<', re.S)

# What the print's header says: (text, ends with, draft); an approval adds its date between.
DRAFT = ("KLADDE – ikke godkendt", "", True)
CHANGED = ("KLADDE – ændret siden version 1", "", True)
CHANGED_V2 = ("KLADDE – ændret siden version 2", "", True)
BOARD_V1 = ("Godkendt af bestyrelsen ", ", version 1", False)
LBF_V2 = ("Godkendt af LBF ", ", version 2", False)  # the board's approval was version 1

# (document, actions taken, "edit" = the text changed, the page's badge, the print's stamp)
SCENARIOS = [
    ("delaftale", [], "Kladde", DRAFT),
    ("delaftale", ["submit"], "Indstillet til bestyrelsen", DRAFT),
    ("delaftale", ["submit", "return"], "Sendt tilbage", DRAFT),
    ("delaftale", ["submit", "approve"], "Godkendt af bestyrelsen", BOARD_V1),
    ("delaftale", ["submit", "approve", "edit"], "Kladde, ændret siden version 1", CHANGED),
    # Waiting for the board is what the badge says; the print still says it is a changed draft.
    ("delaftale", ["submit", "approve", "edit", "submit"], "Indstillet til bestyrelsen", CHANGED),
    # Submitted again unchanged: the text is still exactly version 1, and the print says so.
    ("delaftale", ["submit", "approve", "submit"], "Indstillet til bestyrelsen", BOARD_V1),
    ("agreement", ["submit", "approve", "send_to_lbf"], "Sendt til LBF", BOARD_V1),
    ("agreement", ["submit", "approve", "send_to_lbf", "lbf_approve"], "Godkendt af LBF",
     LBF_V2),
    ("agreement", ["submit", "approve", "send_to_lbf", "lbf_approve", "edit"],
     "Kladde, ændret siden version 2", CHANGED_V2),
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def no_kept_comparisons():
    """'Changed since' is kept per plan data state; SQLite gives a rolled-back test's ids to
    the next test, so an answer kept by one scenario must not answer for another."""
    cache.clear()


def _render(*, document, status):
    """The PDF itself is not under test here, only what is said of the approval."""
    return approval.RenderedPdf(title=str(document), pdf=b"%PDF-1.7 " + status.encode())


def _take(document, action, plan, leader, board):
    if action == "edit":
        section = document.sections.first()
        section.text += "\nEn ny sætning efter godkendelsen."
        section.save()
        return
    user = board if approval.rule_for(approval.document_kind(document), action).role == (
        Membership.Role.BOARD) else leader
    role = Membership.Role.BOARD if user == board else Membership.Role.LEADER
    membership = plan.memberships.get(user=user)
    access = PlanAccess(plan=plan, role=role, membership_id=membership.pk)
    approval.transition(document=document, action=action, user=user, access=access,
                        reason="Mangler budget", render_pdf=_render, notify=False)


@pytest.mark.parametrize(("kind", "actions", "badge", "stamp"), SCENARIOS,
                         ids=[f"{kind}:{'-'.join(actions) or 'draft'}"
                              for kind, actions, *_rest in SCENARIOS])
def test_the_page_and_the_print_say_the_same_of_the_approval(
    kind, actions, badge, stamp, filled_plan, leader, board, leader_client
):
    plan = filled_plan
    if kind == "delaftale":
        document = Delaftale.objects.select_related("focus_area").get(focus_area__plan=plan)
        page_url = reverse("activities:delaftale_detail", args=[plan.slug,
                                                                  document.focus_area.slug])
        spec = DocumentSpec("delaftale", document.focus_area.slug)
    else:
        document = StrategicAgreement.objects.get(plan=plan)
        page_url = reverse("activities:agreement_detail", args=[plan.slug])
        spec = DocumentSpec("agreement")
    for action in actions:
        _take(document, action, plan, leader, board)
    document.refresh_from_db()

    info = approval.approval_state_get(document)
    page = leader_client.get(page_url).content.decode()
    state, label = BADGE.search(page).groups()
    printed = build_document(plan, spec).stamp

    # Both read the one selector …
    assert (state, html.unescape(label)) == (info.state, info.label)
    assert (printed.status, printed.draft) == info.stamp
    assert document_status(plan, spec) == info.stamp  # the Word file's header
    # … and say this in each state.
    assert html.unescape(label) == badge
    start, end, draft = stamp
    assert printed.draft is draft
    assert printed.status.startswith(start)
    assert printed.status.endswith(end)
