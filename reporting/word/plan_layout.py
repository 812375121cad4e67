"""The Word files' parts that are only written, never read back: the strategic agreement,
the milestone plan and the budget, in the whole plan's order (see `reporting.documents`).
The delaftale, which also comes back in, is mapped in `layout`.
"""

from django.utils.translation import gettext as _

from activities import selectors as activity_selectors
from plans import selectors as plan_selectors
from plans.numbers import format_kr
from plans.sections import section_has_content

from ..documents import financing_sources
from .layout import (
    Bullets,
    Column,
    Field,
    Items,
    Prose,
    Section,
    Table,
    criteria_table,
    date_text,
    delaftale_layout,
    financing_table,
    form_table,
    period_text,
    prose,
)

# --- The strategic agreement ----------------------------------------------------------------


def _focus_area_section(area, number: str) -> Section:
    """One focus area under the agreement's focus-area section, as _section.html prints it."""
    goals = [Field(g, "text", _("Goal %(n)s") % {"n": i})
             for i, g in enumerate(area.goals.all(), start=1)]
    children = []
    for name, heading in (("problem", _("Problem complex")), ("purpose", _("Purpose")),
                          ("target_group", _("Target group"))):
        if getattr(area, name):
            children.append(Section(heading, 3, [prose(area, name, heading)]))
    if goals:
        children.append(Section(_("Goals"), 3, [Items(goals, _("Goals"))]))
    criteria = area.criteria.all()
    if criteria:
        children.append(Section(_("Success criteria"), 3, [criteria_table(criteria)]))
    heading = f"{number} {area.name}" if number else area.name
    return Section(heading, 3, [], children)


def agreement_layout(*, plan, agreement, money) -> Section:
    """The strategic agreement as agreement.html prints it (export only)."""
    title = _("Strategic agreement on the social housing effort")
    header = form_table(title, [
        (_("Name of the area"), plan.area_name),
        (_("Parties to the agreement"),
         "\n".join(p.organisation.name for p in plan.parties.all()) or "–"),
        (_("Valid"), period_text(agreement.valid_from, agreement.valid_to)),
        (_("Rule set"), plan.rule_set.name),
    ])
    signatures = Table(
        _("Signatures"),
        [
            Column(_("Party"), lambda s: s.party.organisation.name),
            Column(_("Date"), lambda s: date_text(s.signed_on, "d.m.Y")),
            Column(_("Name"), lambda s: s.signer_name
                   + (f", {s.signer_title}" if s.signer_title else "")),
        ],
        list(agreement.signatures.all()),
    )
    children = [Section(_("Signatures"), 2, [signatures])]
    for row in agreement.sections.all():
        if not section_has_content(row, plan=plan):
            continue
        section = Section(row.title, 2, [Prose(Field(row, "text", row.title))])
        if row.content == "focus_areas":
            number = row.number.rstrip(".")
            section.children = [
                _focus_area_section(area, f"{number}.{i}" if number else "")
                for i, area in enumerate(plan.focus_areas.all(), start=1)]
        elif row.content == "financing":
            section.parts.append(financing_table(money.financing.total,
                                                  _("Total budget for the effort"),
                                                  money.with_lbf))
            if money.with_lbf:
                section.parts.append(Bullets([
                    _("Local share") + ": " + money.financing.share_display]))
        children.append(section)
    return Section(title, 1, [header], children)


# --- The milestone plan and the budget (whole plan only) ----------------------------------


def _milestones(plan) -> Section:
    section = Section(_("Milestone plan"), 1)
    for year in plan_selectors.plan_years(plan):
        milestone_plan = activity_selectors.milestone_plan_get(plan=plan, year=year)
        rows = [(quarter.number, m) for quarter in milestone_plan.quarters
                for m in quarter.milestones]
        if not rows:
            continue
        table = Table(str(year), [
            Column(_("Quarter"), lambda r: f"{r[0]}. " + _("quarter")
                   + (f"\n{date_text(r[1].due_date, 'd.m.Y')}" if r[1].due_date else "")),
            Column(_("Milestone"), lambda r: r[1].title + (f"\n{r[1].note}" if r[1].note else "")),
            Column(_("Activity or focus area"), lambda r: r[1].activity.name if r[1].activity
                   else r[1].focus_area.name if r[1].focus_area else _("The whole plan")),
            Column(_("Status"), lambda r: r[1].get_status_display()),
        ], rows)
        section.children.append(Section(str(year), 2, [table]))
    return section


def _budget(plan, money) -> Section:
    years = money.grid.years

    def by_year(values):
        return [format_kr(values.get(year)) if values.get(year) else "–" for year in years]

    budget_rows = []
    for group in money.grid.groups:
        if not group.rows:
            continue
        name = group.area.name if group.area else _("Cross-cutting")
        budget_rows += [(f"{row.line.text} ({name})",
                         by_year({y: c.amount for y, c in row.cells.items() if c}),
                         format_kr(row.total)) for row in group.rows]
    budget_rows.append((_("Whole plan"), by_year(money.grid.by_year), format_kr(money.grid.total)))
    sources = [(source.name, by_year(source.by_year), format_kr(source.total))
               for source in financing_sources(plan)]

    def table(label, first, rows):
        columns = [Column(first, lambda r: r[0])]
        columns += [Column(str(year), lambda r, i=i: r[1][i]) for i, year in enumerate(years)]
        columns.append(Column(_("Total"), lambda r: r[2]))
        return Table(label, columns, rows)

    return Section(_("Budget and financing"), 1, [], [
        Section(_("Budget"), 2, [table(_("Budget"), _("Budget line"), budget_rows)]),
        Section(_("Financing per source"), 2,
                [table(_("Financing per source"), _("Source"), sources)]),
    ])


# --- Whole documents ------------------------------------------------------------------------


def document_layout(plan, spec) -> list[Section]:
    """The sections of `plan`, `agreement` or `delaftale:<area>` (raises Http404 for an
    unknown area), read through the selectors the PDF reads."""
    money = activity_selectors.money_overview_get(plan=plan)

    def delaftale(slug):
        found = activity_selectors.delaftale_get(plan=plan, area_slug=slug)
        split = money.financing.by_area[found.focus_area.pk]
        return delaftale_layout(plan=plan, delaftale=found, financing=split,
                                area_budget=money.grid.area_total(found.focus_area.pk),
                                with_lbf=money.with_lbf)

    def agreement():
        return agreement_layout(plan=plan, agreement=activity_selectors.agreement_get(plan=plan),
                                money=money)

    if spec.kind == "delaftale":
        return [delaftale(spec.argument)]
    if spec.kind == "agreement":
        return [agreement()]
    slugs = plan.focus_areas.filter(delaftale__isnull=False).values_list("slug", flat=True)
    return [agreement(), *(delaftale(slug) for slug in slugs), _milestones(plan),
            _budget(plan, money)]
