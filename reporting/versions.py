"""Freezing an approved document: its data and its PDF, stamped with version and approval.

`plans.approval.transition` calls `freeze` when the bestyrelse (or LBF) approves; the PDF
is built from the same parts as every other print of the document, with the draft mark
replaced by the approval.
"""

import dataclasses

from activities import selectors as activity_selectors
from activities.snapshots import agreement_data, delaftale_data
from plans.approval import Frozen
from plans.models import Delaftale

from .documents import DocumentSpec, build_document
from .pdf import build


def freeze(*, document, status: str) -> Frozen:
    if isinstance(document, Delaftale):
        plan = document.focus_area.plan
        slug = document.focus_area.slug
        data = delaftale_data(activity_selectors.delaftale_get(plan=plan, area_slug=slug))
        spec = DocumentSpec("delaftale", slug)
    else:
        plan = document.plan
        data = agreement_data(activity_selectors.agreement_get(plan=plan))
        spec = DocumentSpec("agreement")
    printed = build_document(plan, spec)
    stamp = dataclasses.replace(printed.stamp, status=status, draft=False)
    rendered = build(printed.parts, stamp, printed.toc)
    return Frozen(title=printed.title, data=data, pdf=rendered.pdf)
