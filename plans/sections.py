"""The plan's own document structure: the sections of its agreement and of each delaftale.

A new agreement or delaftale gets its sections from the rule set's template; from then on
they are the plan's rows (number, heading, text, order), edited like any other row. The
template's standard wording is offered to the leder, never printed by itself.
"""

from django.db import connection, transaction
from django.db.models import BooleanField, Exists, OuterRef, Prefetch
from django.db.models.expressions import RawSQL

from .models import Delaftale, DocumentKind, Section, SectionTemplate, StrategicAgreement


def _template_rows(rule_set, document: str):
    return SectionTemplate.objects.filter(rule_set=rule_set, document=document).order_by(
        "order", "id"
    )


@transaction.atomic
def sections_create_from_template(
    *, agreement: StrategicAgreement | None = None, delaftale: Delaftale | None = None
) -> list[Section]:
    """Start a new agreement's or delaftale's sections from its rule set's template, unwritten."""
    if agreement is not None:
        rule_set, document, owner = agreement.plan.rule_set, DocumentKind.AGREEMENT, {
            "agreement": agreement
        }
    else:
        rule_set, document, owner = delaftale.focus_area.plan.rule_set, DocumentKind.DELAFTALE, {
            "delaftale": delaftale
        }
    return Section.objects.bulk_create(
        Section(
            key=row.key,
            number=row.number,
            heading=row.heading,
            content=row.content,
            order=order,
            **owner,
        )
        for order, row in enumerate(_template_rows(rule_set, document))
    )


def section_document(section: Section) -> str:
    return DocumentKind.AGREEMENT if section.agreement_id else DocumentKind.DELAFTALE


def section_standard_text(*, section: Section, rule_set) -> str:
    """The template's standard wording for this section, '' when it has none."""
    if not section.key:
        return ""
    row = _template_rows(rule_set, section_document(section)).filter(key=section.key).first()
    return row.default_text if row else ""


def text_with_standard(current: str, standard: str) -> str:
    """The text after the leder inserted the standard wording: after what is there already."""
    current = current.rstrip()
    if not standard or standard in current:
        return current
    return f"{current}\n\n{standard}" if current else standard


def section_has_content(section: Section, *, plan=None, area=None, delaftale=None) -> bool:
    """Whether a print shows this section: a section with neither text nor anything in its
    structured part prints nothing, not even its heading. Reads prefetched rows only."""
    if section.text.strip():
        return True
    match section.content:
        case "focus_areas":
            return bool(plan.focus_areas.all())
        case "financing":
            return True
        case "problem":
            return bool(area.problem.strip())
        case "purpose_goals":
            return bool(area.purpose.strip() or area.target_group.strip() or area.goals.all())
        case "criteria":
            return bool(area.criteria.all())
        case "activities":
            return bool(delaftale.activities.all())
        case "staff":
            return bool(delaftale.staff_resources.all())
        case "indicators":
            # The plan's indicators (activities.models.Indicator, reached by its related name).
            return bool(plan.indicators.all())
    return False


@transaction.atomic
def sections_write(*, document: StrategicAgreement | Delaftale, texts: dict[str, str]) -> None:
    """Write the text of several sections at once, each named by its template key."""
    by_key = {section.key: section for section in document.sections.all() if section.key}
    missing = set(texts) - set(by_key)
    if missing:
        raise ValueError(f"No section with the key(s) {sorted(missing)}")
    for key, text in texts.items():
        section = by_key[key]
        section.text = text
        section.full_clean()
        section.save()


def sections_prefetch(document: str, rule_set_id: int | None = None) -> Prefetch:
    """The sections of an agreement or delaftale, each with `has_standard_text` (its rule
    set's template offers standard wording for it), read in the same query. With the plan's
    `rule_set_id` (the caller has it) the test is written as SQL: the same EXISTS, without
    the joins to the rule set and a subquery for Django to compile on every page (a third of
    the sections' read)."""
    if rule_set_id is not None:
        quote = connection.ops.quote_name
        template, section = SectionTemplate._meta, Section._meta
        offered = RawSQL(
            f"EXISTS(SELECT 1 FROM {quote(template.db_table)} U0"
            f" WHERE U0.{quote(template.get_field('rule_set').column)} = %s"
            f" AND U0.{quote(template.get_field('document').column)} = %s"
            f" AND U0.{quote(template.get_field('key').column)}"
            f" = {quote(section.db_table)}.{quote(section.get_field('key').column)}"
            f" AND U0.{quote(template.get_field('default_text').column)} <> '')",
            (rule_set_id, str(document)),
            output_field=BooleanField(),
        )
        return Prefetch("sections", queryset=Section.objects.annotate(has_standard_text=offered))
    rule_set = (
        "agreement__plan__rule_set_id"
        if document == DocumentKind.AGREEMENT
        else "delaftale__focus_area__plan__rule_set_id"
    )
    offered = SectionTemplate.objects.filter(
        rule_set_id=OuterRef(rule_set), document=document, key=OuterRef("key")
    ).exclude(default_text="")
    sections = Section.objects.annotate(has_standard_text=Exists(offered))
    return Prefetch("sections", queryset=sections)
