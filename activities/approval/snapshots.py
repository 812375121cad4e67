"""A delaftale or the strategic agreement as plain data, and the difference between two.

An approval stores this data in a `plans.models.DocumentVersion`, so that a version can be
read and compared long after the live rows have changed. The data is a list of blocks, one
per section, activity and criterion, each a heading and lines of text:

    {"title": "...", "blocks": [{"key": "activity-7", "heading": "...", "lines": [...]}]}
"""

import difflib
import functools
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext as _

from plans.forms import AGREEMENT_SECTIONS, DELAFTALE_SECTIONS
from plans.models import Delaftale, FinancingLine, Plan, StrategicAgreement

_SKIPPED = {"id", "order", "created_at", "updated_at", "approval_state", "approval_reason"}


def _value(row, field) -> str:
    value = getattr(row, field.attname)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(row, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, models.DateField):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _field_lines(row, names=None) -> list[str]:
    """'Label: value' for each plain field (no keys, no bookkeeping), continued line by line."""
    lines = []
    for field in row._meta.concrete_fields:
        if field.is_relation or field.name in _SKIPPED:
            continue
        if names is not None and field.name not in names:
            continue
        value = _value(row, field)
        if not value:
            continue
        first, *rest = value.splitlines() or [""]
        label = str(field.verbose_name)
        lines.append(f"{label[:1].upper()}{label[1:]}: {first}")
        lines += rest
    return lines


def _block(key: str, heading: str, lines: list[str]) -> dict:
    return {"key": key, "heading": str(heading), "lines": [str(line) for line in lines]}


def _shares(owner) -> str:
    """' (Akacieparken 50 %, Lukretiavej 30 %)' when the time is split across afdelinger."""
    shares = [f"{s.plan_estate.estate.name} {s.share_percent} %" for s in owner.estate_shares.all()]
    return f" ({', '.join(shares)})" if shares else ""


def _criterion_block(criterion) -> dict:
    lines = _field_lines(criterion)
    if criterion.group_id:
        label = _("Heading")
        lines.append(f"{label}: {criterion.group.heading}")
    lines += [str(value) for value in criterion.comparison_rows]
    lines += [str(value) for value in criterion.estate_value_rows]
    return _block(f"criterion-{criterion.pk}", _("Success criterion: %(text)s") % {
        "text": criterion.text.splitlines()[0][:80] if criterion.text else ""
    }, lines)


def _financing_block(plan: Plan, area_id) -> dict:
    lines = []
    for line in FinancingLine.objects.filter(plan=plan, focus_area_id=area_id).prefetch_related(
        "amounts"
    ):
        for amount in line.amounts.all():
            lines.append(f"{line.name} {amount.year}: {amount.amount} kr.")
    return _block("financing", _("Finances"), lines)


def _section_blocks(document, fixed: dict) -> list[dict]:
    """The fields edited as a form of their own (validity), then the plan's own sections:
    number, heading and text, in the plan's order (a renumbered section is a change)."""
    blocks = [
        _block(key, title, _field_lines(document, set(fields)))
        for key, (title, fields) in fixed.items()
    ]
    for section in document.sections.all():
        blocks.append(_block(f"section-{section.pk}", section.title,
                             [f"[{section.content}]"] * bool(section.content)
                             + section.text.splitlines()))
    return blocks


def _in_document_language(build):
    """A snapshot is written in the documents' language (Danish), whatever language the person
    approving or reading uses: a version compares by its values, and an approval made with the
    English interface must not make every Danish view say 'changed since approval'."""

    @functools.wraps(build)
    def wrapper(document):
        with translation.override(settings.LANGUAGE_CODE):
            return build(document)

    return wrapper


@_in_document_language
def delaftale_data(delaftale: Delaftale) -> dict:
    """The delaftale as `activities.selectors.delaftale_get` reads it, as plain data."""
    area = delaftale.focus_area
    blocks = [
        _block("parties", _("Parties to the sub-agreement"),
               [f"{p.name}, {p.organisation}, {p.title}".rstrip(", ")
                for p in delaftale.parties.all()]),
        _block("area", _("Problem complex, purpose and goals"),
               _field_lines(area, {"name", "problem", "purpose", "target_group"})
               + [f"- {goal.text}" for goal in area.goals.all()]),
    ]
    blocks += [_criterion_block(criterion) for criterion in area.criteria.all()]
    for activity in delaftale.activities.all():
        lines = _field_lines(activity)
        estates = [estate.estate.name for estate in activity.estates.all()]
        if estates:
            lines.append(f"{_('Housing estates covered')}: {', '.join(estates)}")
        lines += [f"- {goal.text}" for goal in activity.goals.all()]
        lines += [f"- {group.text}" for group in activity.target_groups.all()]
        lines += [f"{_('Milestone')}: {m.title}" for m in activity.milestones.all()]
        blocks.append(_block(f"activity-{activity.pk}",
                             _("Activity: %(name)s") % {"name": activity.name}, lines))
        blocks += [_criterion_block(criterion) for criterion in activity.criteria.all()]
    blocks.append(_block("staff", _("Staff resources"), [
        f"{r.role} ({r.organisation}): "
        + (f"{r.share_percent} %" if r.share_percent is not None else f"{r.hours_per_week} t/uge")
        + _shares(r)
        for r in delaftale.staff_resources.all()
    ]))
    blocks.append(_financing_block(area.plan, area.pk))
    blocks += _section_blocks(delaftale, DELAFTALE_SECTIONS)
    return {"title": str(delaftale), "blocks": blocks}


def _plan_estates(plan):
    """The plan's afdelinger as `agreement_get` reads them, or read now (the agreement page
    reads the agreement without them)."""
    if "plan_estates" in getattr(plan, "_prefetched_objects_cache", {}):
        return plan.plan_estates.all()
    return plan.plan_estates.select_related("estate__organisation")


@_in_document_language
def agreement_data(agreement: StrategicAgreement) -> dict:
    """The strategic agreement as `activities.selectors.agreement_get` reads it."""
    blocks = _section_blocks(agreement, AGREEMENT_SECTIONS)
    for area in agreement.plan.focus_areas.all():
        blocks.append(_block(f"area-{area.pk}", area.name,
                             _field_lines(area, {"problem", "purpose", "target_group"})
                             + [f"- {goal.text}" for goal in area.goals.all()]))
        blocks += [_criterion_block(criterion) for criterion in area.criteria.all()]
    estates = [
        f"{row.estate}" + (f": {row.status}" if row.status else "")
        for row in _plan_estates(agreement.plan)
    ]
    if estates:
        blocks.append(_block("estates", _("Housing estates"), estates))
    blocks.append(_block("signatures", _("Signatures"), [
        f"{s.signer_name}, {s.signer_title} ({s.party.organisation.name})"
        for s in agreement.signatures.all()
    ]))
    return {"title": str(agreement), "blocks": blocks}


@dataclass
class BlockDiff:
    heading: str
    change: str  # "added", "removed", "changed"
    lines: list[tuple[str, str]]  # ("+" | "-" | " ", text)


def compare(old: dict, new: dict) -> list[BlockDiff]:
    """The blocks that differ, in the new document's order, with removed blocks last."""
    before = {block["key"]: block for block in old["blocks"]}
    after = {block["key"]: block for block in new["blocks"]}
    diffs = []
    for key, block in after.items():
        previous = before.get(key)
        if previous is None:
            diffs.append(BlockDiff(block["heading"], "added",
                                   [("+", line) for line in block["lines"]]))
        elif previous != block:
            lines = []
            for line in difflib.ndiff(previous["lines"], block["lines"]):
                if line[0] in "+- ":
                    lines.append((line[0], line[2:]))
            if previous["heading"] != block["heading"]:
                lines.insert(0, ("-", previous["heading"]))
                lines.insert(1, ("+", block["heading"]))
            diffs.append(BlockDiff(block["heading"], "changed", lines))
    for key, block in before.items():
        if key not in after:
            diffs.append(BlockDiff(block["heading"], "removed",
                                   [("-", line) for line in block["lines"]]))
    return diffs
