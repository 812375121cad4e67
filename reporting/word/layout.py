"""The one map: document part <-> Word heading, paragraphs or table <-> model field.

A document is a tree of `Section`s. Each has a heading (Word's Heading 1-3) and, in order,
parts: prose bound to one text field, a numbered list bound to rows (mål, målgrupper), a
read-only bullet list, or a table whose columns are bound to fields of its rows. Export writes
exactly this tree; the Word import reads a file back by the same tree, so a heading, a cell or
a paragraph means the same field both ways. What a column or list does not bind (`field` None)
is shown in Word but changed only in the product.

The data is what the PDF templates read: the same selectors (`activities.selectors`) and the
same parts per document (`reporting.documents`), so Word and the PDF never disagree.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils import dateformat
from django.utils.translation import gettext as _

from plans.numbers import format_kr, format_number
from plans.sections import section_has_content

# --- The shapes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    """One value the import may change: a field of one row."""

    obj: models.Model
    name: str
    label: str

    @property
    def key(self) -> str:
        return f"{self.obj._meta.label_lower}:{self.obj.pk}:{self.name}"

    @property
    def value(self) -> str:
        return getattr(self.obj, self.name) or ""


@dataclass(frozen=True)
class Prose:
    """The paragraphs under a heading: one prose field (blank lines, '- ' bullets, **bold**)."""

    field: Field


@dataclass(frozen=True)
class Items:
    """A numbered list, one item per row (e.g. the area's mål)."""

    fields: list[Field]
    label: str


@dataclass(frozen=True)
class Bullets:
    """A bullet list shown in Word, changed only in the product (e.g. the list of activities)."""

    lines: list[str]


@dataclass(frozen=True)
class Column:
    heading: str
    display: Callable[[object], str]
    field: str | None = None  # the row's field a cell edits; None: shown only
    # The row object `field` belongs to, when the row is not it (a form's label | value rows).
    owner: Callable[[object], object] | None = None


@dataclass(frozen=True)
class Table:
    label: str
    columns: list[Column]
    rows: list
    header: bool = True  # False: a form of label | value rows, no column headings
    widths: tuple[int, ...] | None = None  # per column, in % of the text width

    def cells(self, row) -> list[str]:
        return [column.display(row) for column in self.columns]

    def field_at(self, row, column: Column, label: str) -> Field | None:
        """The field a cell edits, or None when the cell is shown only."""
        owner = column.owner(row) if column.owner else row
        if column.field is None or not isinstance(owner, models.Model):
            return None
        return Field(owner, column.field, label)


@dataclass
class Section:
    heading: str
    level: int
    parts: list = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    # How the reader recognises the heading when its text may change (an activity's name).
    key: str = ""

    def match_key(self) -> str:
        return self.key or heading_key(self.heading)


def heading_key(text: str) -> str:
    """A heading as the reader compares it: case, spaces and a trailing colon do not count."""
    return re.sub(r"\s+", " ", text).strip().rstrip(":").strip().casefold()


def activity_key(text: str) -> str | None:
    """'Aktivitet 2: Lektiecafé' -> 'aktivitet 2': an activity is known by its number."""
    word = re.escape(_("Activity"))
    match = re.match(rf"^\s*({word}\s+\d+)\s*:", text, re.IGNORECASE)
    return heading_key(match.group(1)) if match else None


# --- Small displays, as the PDF's templates print them --------------------------------------


def date_text(value, pattern="j. F Y") -> str:
    return dateformat.format(value, pattern) if value else ""


def period_text(start, end, pattern="j. F Y") -> str:
    return f"{date_text(start, pattern)} – {date_text(end, pattern)}" if start else "–"


def _target(c) -> str:
    if c.is_qualitative:
        text = _("Achieved")
    elif c.target_value is None:
        return ""
    elif c.target_kind == "absolut":
        text = format_number(c.target_value, c.unit_label)
    else:
        sign = "−" if c.direction == "ned" else "+"
        unit = _("points") if c.target_kind == "point" else "%"
        text = f"{sign}{format_number(c.target_value)} {unit}"
    return f"{text} ({c.target_year})" if c.target_year else text


def _baseline(c) -> str:
    lines = []
    if c.baseline_value is not None:
        value = format_number(c.baseline_value, c.unit_label)
        lines.append(f"{value} ({c.baseline_period})" if c.baseline_period else value)
    elif c.baseline_due:
        lines.append(_("to be measured by %(date)s") % {"date": date_text(c.baseline_due, "d.m.Y")})
    for v in c.comparison_rows:
        value = format_number(v.value, c.unit_label)
        lines.append(f"{v.label}: {value}" + (f" ({v.period})" if v.period else ""))
    if c.baseline_note:
        lines.append(c.baseline_note)
    return "\n".join(lines)


def _share(r) -> str:
    if r.share_percent is not None:
        return f"{r.share_percent} %"
    return _("%(h)s hours a week") % {"h": format_number(r.hours_per_week)}


# --- Shared parts ---------------------------------------------------------------------------


def criteria_table(criteria) -> Table:
    return Table(
        _("Success criteria"),
        [
            Column(_("Success criterion"), lambda c: c.text, "text"),
            Column(_("Target"), _target),
            Column(_("Baseline"), _baseline),
            Column(_("Data source"), lambda c: c.data_source, "data_source"),
        ],
        list(criteria),
        widths=(38, 17, 25, 20),
    )


def form_table(label: str, rows: list[tuple[str, str]]) -> Table:
    return Table(
        label,
        [Column(_("Field"), lambda r: r[0]), Column(_("Value"), lambda r: r[1])],
        rows,
        header=False,
    )


def financing_table(split, total_label: str, with_lbf: bool = True) -> Table:
    """The financing split; without LBF rows when the rule set has no LBF financing."""
    rows = [
        (_("Landsbyggefonden"), format_kr(split.lbf)),
        (_("Local co-financing"), format_kr(split.local)),
    ] if with_lbf else []
    rows.append((total_label, format_kr(split.total)))
    return Table(
        _("Financing"),
        [Column(_("Organisation"), lambda r: r[0]), Column(_("Financing"), lambda r: r[1])],
        rows,
    )


def prose(obj, name: str, label: str) -> Prose:
    return Prose(Field(obj, name, label))


# --- The delaftale --------------------------------------------------------------------------


def delaftale_title(area) -> str:
    return _("Sub-agreement for the focus area %(area)s") % {"area": area.name}


def _activity_section(activity, number: int, area) -> Section:
    """The aktivitetsskema, with the same optional parts as the PDF's activity.html."""
    def sub(heading, *parts):
        return Section(heading, 3, list(parts))

    name = activity.name
    form_rows = [(_("Name of the activity"), activity)]
    if activity.core_activity_label:
        form_rows.append((_("CFBU core activity"), activity.core_activity_label))
    if activity.start:
        form_rows.append((_("Period"), period_text(activity.start, activity.end, "d.m.Y")))
    form_rows.append((_("Status"), activity.get_status_display()))
    form = Table(
        _("Activity %(n)s") % {"n": number},
        [
            Column(_("Field"), lambda r: r[0]),
            # The name row edits the activity's name; the other rows are shown only.
            Column(_("Value"), lambda r: r[1].name if r[1] is activity else r[1], "name",
                   owner=lambda r: r[1] if r[1] is activity else None),
        ],
        form_rows,
        header=False,
    )
    children = []
    if activity.content:
        children.append(sub(_("Content and practice"),
                            prose(activity, "content", f"{name}: " + _("Content and practice"))))
    purpose = [prose(activity, "purpose", f"{name}: " + _("Purpose"))]
    goals = [Field(g, "text", f"{name}: " + _("goal %(n)s") % {"n": i})
             for i, g in enumerate(activity.goals.all(), start=1)]
    if goals:
        purpose.append(Items(goals, f"{name}: " + _("goals")))
    children.append(sub(_("Purpose and goals"), *purpose))
    groups = [Field(t, "text", f"{name}: " + _("target group %(n)s") % {"n": i})
              for i, t in enumerate(activity.target_groups.all(), start=1)]
    if groups:
        children.append(sub(_("Target groups"), Items(groups, f"{name}: " + _("target groups"))))
    children.append(sub(_("Success criteria and data source for the activity"),
                        criteria_table(activity.criteria.all())))
    for attribute, heading in (
        ("staff_resources", _("Staff resources")),
        ("collaboration", _("Collaboration")),
        ("local_evaluation", _("Local evaluation")),
        ("anchoring", _("Anchoring")),
        ("responsibilities", _("Division of responsibilities and roles")),
        ("partners", _("Partners")),
    ):
        if getattr(activity, attribute):
            children.append(sub(heading, prose(activity, attribute, f"{name}: {heading}")))
    return Section(
        _("Activity %(n)s: %(name)s") % {"n": number, "name": name},
        2,
        [form],
        children,
        key=heading_key(_("Activity") + f" {number}"),
    )


def _delaftale_sections(delaftale) -> list[tuple[str, Field, str]]:
    """(heading, the section's own text, the structured part it shows) of each section the
    print shows, in the plan's order. The sections are the delaftale's own rows
    (`plans.models.Section`); the structured parts are those of `SectionContent`."""
    area = delaftale.focus_area
    return [
        (section.title, Field(section, "text", section.title), section.content)
        for section in delaftale.sections.all()
        if section_has_content(section, area=area, delaftale=delaftale)
    ]


def _structured(content: str, *, delaftale, area, financing, area_budget=None,
                with_lbf=True) -> tuple[str, list]:
    """(sub-heading, parts) of a section's structured part: entered once, elsewhere."""
    if content == "problem":
        return _("Problem complex"), [prose(area, "problem", _("Problem complex"))]
    if content == "purpose_goals":
        goals = [Field(g, "text", _("Goal %(n)s") % {"n": i})
                 for i, g in enumerate(area.goals.all(), start=1)]
        parts = [prose(area, "purpose", _("Purpose and goals"))]
        return _("Purpose and goals"), parts + ([Items(goals, _("Goals"))] if goals else [])
    if content == "criteria":
        return _("Success criteria"), [criteria_table(area.criteria.all())]
    if content == "activities":
        names = [a.name + (f" (CFBU: {a.core_activity_label})" if a.core_activity_label else "")
                 for a in delaftale.activities.all()]
        return _("Activities"), [Bullets(names or [_("No activities yet.")])]
    if content == "staff":
        return _("Staff resources"), [Table(
            _("Staff resources"),
            [
                Column(_("Role"), lambda r: r.role, "role"),
                Column(_("Organisation"), lambda r: r.organisation, "organisation"),
                Column(_("Share of time"), _share),
            ],
            list(delaftale.staff_resources.all()),
        )]
    if content == "financing":
        total = _("Total budget for the focus area")
        if area_budget is not None and not area.plan.rule_set.per_area_balance:
            # One pot for the whole plan: the area's budget only, as the PDF prints it.
            return "", [form_table(_("Financing"), [(total, format_kr(area_budget))]),
                        Bullets([_("The financing is one pot for the whole plan; see the "
                                   "budget.")])]
        return "", [financing_table(financing, total, with_lbf)]
    return "", []


def _text_section(heading: str, own: Field, sub_heading: str, parts: list) -> Section:
    """A section's own text, then its structured part. An empty own text is left out when
    there is a structured part; when both are paragraphs or lists, the structured part gets
    a sub-heading, so each paragraph reads back into its own field."""
    if parts and not own.value.strip():
        return Section(heading, 2, parts)
    if any(isinstance(p, Prose | Bullets) for p in parts):
        return Section(heading, 2, [Prose(own)], [Section(sub_heading, 3, parts)])
    return Section(heading, 2, [Prose(own), *parts])


def delaftale_layout(*, plan, delaftale, financing, area_budget=None, with_lbf=True) -> Section:
    """A delaftale as in delaftale.html and activity.html. `delaftale` comes from
    `activities.selectors.delaftale_get`; `financing` is the area's split of the budget,
    `area_budget` the area's budget total (printed instead when the plan has one pot),
    `with_lbf` whether the rule set's financing has LBF's rows."""
    area = delaftale.focus_area
    title = delaftale_title(area)
    parties = Table(
        _("Parties to the sub-agreement"),
        [
            Column(_("Name"), lambda p: p.name, "name"),
            Column(_("Organisation"), lambda p: p.organisation, "organisation"),
            Column(_("Title or role"), lambda p: p.title, "title"),
        ],
        list(delaftale.parties.all()),
    )
    children = [Section(_("Parties to the sub-agreement"), 2, [parties])]
    for heading, own, content in _delaftale_sections(delaftale):
        sub_heading, parts = _structured(content, delaftale=delaftale, area=area,
                                         financing=financing, area_budget=area_budget,
                                         with_lbf=with_lbf)
        children.append(_text_section(heading, own, sub_heading, parts))
    children += [
        _activity_section(activity, number, area)
        for number, activity in enumerate(delaftale.activities.all(), start=1)
    ]
    header = form_table(title, [
        (_("Name of the effort"), plan.name),
        (_("Focus area"), area.name),
        (_("Valid"), period_text(delaftale.valid_from, delaftale.valid_to)),
    ])
    return Section(title, 1, [header], children)


WORD_KINDS = ("plan", "agreement", "delaftale")
