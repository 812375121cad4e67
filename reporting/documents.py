"""The LBF documents: which parts each one has, in LBF's order, and the data for each part.

Data comes from the selectors of `plans` and `activities`, the same the screens use; the
templates in templates/reporting/pdf/ only display it. The same parts make the HTML preview
and the PDF.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.db.models import Sum
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from activities import approval
from activities import selectors as activity_selectors
from activities.indicators import indicators_get
from activities.models import Milestone
from plans import selectors as plan_selectors
from plans.models import Delaftale, FinancingAmount, FinancingLine, Plan
from plans.sections import section_has_content

from . import charts
from .pdf import Part, Stamp, TocBuilder

DOCUMENT_KINDS = ("plan", "agreement", "delaftale", "milestones", "budget", "results", "annual")
YEAR_KINDS = ("milestones", "results", "annual")


@dataclass(frozen=True)
class DocumentSpec:
    """A document as named on the command line and in URLs: kind and optional argument."""

    kind: str
    argument: str = ""

    @classmethod
    def parse(cls, text: str) -> "DocumentSpec":
        kind, _sep, argument = text.partition(":")
        if kind not in DOCUMENT_KINDS:
            raise ValueError(text)
        if kind in ("delaftale", *YEAR_KINDS) and not argument:
            raise ValueError(text)
        # ASCII digits only: "²".isdigit() is true, and int("²") fails.
        if kind in YEAR_KINDS and not re.fullmatch(r"[0-9]{1,4}", argument):
            raise ValueError(text)
        if kind in ("plan", "agreement", "budget") and argument:
            raise ValueError(text)
        return cls(kind, argument)

    def __str__(self):
        return f"{self.kind}:{self.argument}" if self.argument else self.kind


@dataclass
class Document:
    title: str
    filename: str
    parts: list[Part]
    stamp: Stamp
    toc: TocBuilder | None = None


_NUMBER_AND_PERCENT = re.compile(r"(\d) %")


def _html(template: str, title: str, context: dict) -> str:
    html = render_to_string(f"reporting/pdf/{template}", {"title": title, **context})
    # A number and its % stay on one line in the narrow columns ("16 %", not "16 / %").
    return _NUMBER_AND_PERCENT.sub("\\1\u00a0%", html)


def _stamp(plan: Plan, document: str, cover: bool = False, status=None) -> Stamp:
    """The running header's status: `status` is (text, draft), for a delaftale or the
    agreement its `activities.approval.ApprovalInfo.stamp` (what its page shows too); the
    documents that are not approved on their own (budget, milepælsplan …) are drafts."""
    text, draft = status or (_("DRAFT – not approved"), True)
    return Stamp(
        plan=plan.name,
        document=document,
        status=text,
        printed=formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        draft=draft,
        cover=cover,
    )


def _plan_status(plan: Plan) -> tuple[str, bool] | None:
    """The whole plan is approved when the agreement and every delaftale are, as printed."""
    documents = [plan.agreement, *Delaftale.objects.filter(focus_area__plan=plan)
                 .select_related("focus_area")]
    # One query says whether every document has an approved version at all (most plans:
    # no); only then is each compared with its version.
    versioned = set(plan.versions.values_list("kind", "document_pk"))
    if any((approval.document_kind(document), document.pk) not in versioned
           for document in documents):
        return None
    if any(info.draft for info in approval.approval_states_get(documents).values()):
        return None
    return _("Approved: the strategic agreement and every sub-agreement"), False


def document_status(plan: Plan, spec: DocumentSpec) -> tuple[str, bool]:
    """(text, draft) of what a print of the whole plan, the agreement or a delaftale says of
    its approval; the Word files print the same as the PDFs."""
    if spec.kind == "plan":
        return _plan_status(plan) or (_("DRAFT – not approved"), True)
    if spec.kind == "agreement":
        return approval.approval_state_get(plan.agreement).stamp
    delaftale = Delaftale.objects.select_related("focus_area").filter(
        focus_area__plan=plan, focus_area__slug=spec.argument).first()
    if delaftale is None:
        raise Http404
    return approval.approval_state_get(delaftale).stamp


def document_filename(plan: Plan, spec: DocumentSpec, extension: str) -> str:
    names = {"plan": "helhedsplan", "agreement": "samarbejdsaftale",
             "delaftale": f"delaftale-{spec.argument}"}
    return f"{plan.slug}-{names[spec.kind]}.{extension}"


def _cover(plan: Plan, document: str, context: dict) -> Part:
    return Part(
        "cover",
        _("Cover"),
        _html("cover.html", document, {**context, "document": document}),
        in_toc=False,
    )


def _agreement_part(plan: Plan, context: dict) -> Part:
    agreement = activity_selectors.agreement_get(plan=plan)
    for section in agreement.sections.all():
        section.printed = section_has_content(section, plan=agreement.plan)
    # LBF's own headings, as in its template (seed 001).
    title = _("Strategic agreement on the social housing effort")
    return Part(
        "agreement",
        title,
        _html(
            "agreement.html",
            title,
            {**context, "agreement": agreement, "plan": agreement.plan,
             "indicators": indicators_get(plan=plan)},
        ),
        toc_headings=True,
    )


def _delaftale_parts(plan: Plan, area_slug: str, context: dict) -> list[Part]:
    """The delaftale and its activities. An activity that fills most of a page starts a part
    (and so a page) of its own; shorter ones flow on after what comes before them, several to
    a page. Parts stay small, so one changed activity lays out one part again."""
    delaftale = activity_selectors.delaftale_get(plan=plan, area_slug=area_slug)
    area = delaftale.focus_area
    for section in delaftale.sections.all():
        section.printed = section_has_content(section, area=area, delaftale=delaftale)
    financing = context["money"].financing.by_area[area.pk]
    title = _("Sub-agreement for the focus area %(area)s") % {"area": area.name}
    groups = [{"key": f"delaftale-{area.pk}", "title": title, "level": 1, "entries": [],
               "html": _html("delaftale.html", title, {**context, "delaftale": delaftale,
                                                       "area": area, "financing": financing,
                                                       "area_budget": context["money"].grid
                                                       .area_total(area.pk)})}]
    for number, activity in enumerate(delaftale.activities.all(), start=1):
        name = _("Activity %(n)s: %(name)s") % {"n": number, "name": activity.name}
        html = _html("activity.html", activity.name, {
            **context, "activity": activity, "area": area, "number": number,
            "budget": _activity_budget(context["money"].grid, activity)})
        if estimated_pages(html) >= FULL_PAGE:
            groups.append({"key": f"activity-{activity.pk}", "title": name, "level": 2,
                           "entries": [], "html": html})
        else:
            groups[-1]["entries"].append((f"activity-{activity.pk}", name, 2))
            groups[-1]["html"] = _append_body(groups[-1]["html"], html)
    return [Part(g["key"], g["title"], g["html"], level=g["level"], entries=tuple(g["entries"]))
            for g in groups]


# An activity estimated to fill this much of a page or more is a full activity schema.
FULL_PAGE = 0.6
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"<(?:p|li|tr|h[1-6])[ >]")


def estimated_pages(html: str) -> float:
    """How many pages a part's HTML fills, roughly: its text and its lines of blocks (paragraphs,
    list items, table rows, headings), weighed as measured on the demo plans' activities."""
    body = html.split("<body>", 1)[-1]
    text = unescape(_TAG.sub(" ", body))
    return len(" ".join(text.split())) / 3550 + len(_BLOCK.findall(body)) / 50 + 0.12


def _append_body(html: str, more: str) -> str:
    """`html` with the body of `more` added at its end: one part, one flow of pages."""
    body = more.split("<body>", 1)[1].rsplit("</body>", 1)[0]
    head, tail = html.rsplit("</body>", 1)
    return f"{head}{body}</body>{tail}"


# Year columns in one activity budget table; a longer plan's years go on in a second table.
BUDGET_YEARS_PER_TABLE = 4


def _activity_budget(grid, activity) -> list[dict]:
    """The budget lines linked to the activity, per year in which they have money: one table
    per four years, the last with the total."""
    rows = [row for group in grid.groups for row in group.rows
            if row.line.activity_id == activity.pk]
    years = [year for year in grid.years if any(row.cells.get(year) for row in rows)]
    by_year = {year: sum(row.cells[year].amount for row in rows if row.cells.get(year))
               for year in years}
    step = BUDGET_YEARS_PER_TABLE
    chunks = [years[i:i + step] for i in range(0, len(years), step)] or ([[]] if rows else [])
    return [{"rows": rows, "years": chunk, "by_year": by_year, "last": n == len(chunks) - 1,
             "total": sum(row.total for row in rows)} for n, chunk in enumerate(chunks)]


# About the milestones a page holds: a year with fewer shares its part (and page) with the next.
MILESTONES_PER_PAGE = 24


def _milestone_year_groups(plan: Plan, years: list[int]) -> list[list[int]]:
    """The whole plan's milestone years, in parts: years without milestones are left out (their
    own print says so), and a plan without any prints no milestone plan (no empty page); a long
    year is a part of its own (a long table is slow to lay out, and several parts share the two
    cores), short years share a part so no page is nearly empty."""
    counts = dict.fromkeys(years, 0)
    for due_year, due_date in Milestone.objects.filter(plan=plan).values_list(
        "due_year", "due_date"
    ):
        year = due_year or (due_date.year if due_date else None)
        if year in counts:
            counts[year] += 1
    groups, rows = [], MILESTONES_PER_PAGE
    for year in (year for year in years if counts[year]):
        if rows >= MILESTONES_PER_PAGE // 2:
            groups.append([])
            rows = 0
        groups[-1].append(year)
        rows += counts[year]
    return groups


def _milestones_part(plan: Plan, years: list[int], context: dict) -> Part:
    plans = [activity_selectors.milestone_plan_get(plan=plan, year=year) for year in years]
    titles = [_("Milestone plan %(year)s") % {"year": year} for year in years]
    return Part(
        f"milestones-{years[0]}",
        titles[0],
        _html("milestones.html", titles[0],
              {**context, "milestone_plans": list(zip(plans, titles, strict=True))}),
        entries=tuple((f"milestones-{year}", title, 1)
                      for year, title in zip(years[1:], titles[1:], strict=True)),
    )


def _budget_part(plan: Plan, context: dict) -> Part:
    title = _("Budget and financing")
    by_area = context["money"].financing.by_area
    area_splits = [(area.name, by_area[area.pk]) for area in plan.focus_areas.all()]
    area_splits.append((_("Cross-cutting"), by_area[None]))
    return Part(
        "budget",
        title,
        _html("budget.html", title, {
            **context, "area_splits": area_splits, "sources": financing_sources(plan),
            "chart": charts.budget_chart(
                activity_selectors.budget_by_area_and_year(plan=plan)),
        }),
    )


@dataclass
class FinancingSource:
    """One source of money (LBF, the kommune, each boligorganisation …) over the years."""

    name: str
    kind: str
    by_year: dict
    total: int


def financing_sources(plan: Plan) -> list[FinancingSource]:
    """The financing by source and year, LBF first: one query."""
    rows = (
        FinancingAmount.objects.filter(line__plan=plan)
        .values("line__kind", "line__name", "year")
        .annotate(amount=Sum("amount"))
    )
    sources: dict[tuple, FinancingSource] = {}
    kinds = dict(FinancingLine.Kind.choices)
    for row in rows:
        key = (row["line__kind"], row["line__name"])
        source = sources.setdefault(
            key, FinancingSource(row["line__name"], str(kinds.get(key[0], key[0])), {}, 0)
        )
        source.by_year[row["year"]] = row["amount"]
        source.total += row["amount"]
    return sorted(sources.values(),
                  key=lambda s: (s.kind != str(kinds.get("lbf")), -s.total, s.name))


def _organisation_part(plan: Plan, context: dict) -> Part:
    fora = list(plan_selectors.fora_for_plan(plan=plan))
    staff = list(plan_selectors.staff_for_plan(plan=plan))
    title = _("Organisation diagram")
    return Part(
        "organisation",
        title,
        _html(
            "organisation.html",
            title,
            {
                **context,
                "fora": fora,
                "staff": staff,
                "diagram": charts.organisation_diagram(plan=plan, fora=fora, staff=staff),
            },
        ),
    )


def _results_part(plan: Plan, year: int, context: dict) -> Part:
    title = _("Goal attainment %(year)s") % {"year": year}
    rows = activity_selectors.results_get(plan=plan, year=year)
    for row in rows:
        row.chart = charts.plan_criterion_chart(plan, row.criterion, row.measurements)
    return Part(
        "results", title, _html("results.html", title, {**context, "results": rows, "year": year})
    )



def document_title(plan: Plan, spec: DocumentSpec) -> str:
    """The document's title without building it (a web request queues a render by it);
    raises Http404 for an unknown area or a year outside the plan, as build_document does."""
    if spec.kind in YEAR_KINDS:
        year = int(spec.argument)
        if year not in plan_selectors.plan_years(plan):
            raise Http404
        titles = {"milestones": _("Milestone plan %(year)s"),
                  "results": _("Goal attainment %(year)s"),
                  "annual": _("Annual report %(year)s")}
        return titles[spec.kind] % {"year": year}
    if spec.kind == "delaftale":
        area = plan.focus_areas.filter(slug=spec.argument, delaftale__isnull=False).first()
        if area is None:
            raise Http404
        return _("Sub-agreement for the focus area %(area)s") % {"area": area.name}
    return {"plan": _("Social housing plan"), "agreement": _("Strategic agreement"),
            "budget": _("Budget and financing")}[spec.kind]


def build_document(plan: Plan, spec: DocumentSpec, offer=None) -> Document:
    """The parts of one document; raises Http404 for an unknown area or a year outside.

    `offer(parts)`, where given, is called with the whole plan's parts as they are made (a
    worker's render offers them to the workers that help: pdf.Sharing), so that rendering
    starts while the rest is built."""
    offer = offer or (lambda parts: None)
    years = plan_selectors.plan_years(plan)
    context = {
        "plan": plan,
        "money": activity_selectors.money_overview_get(plan=plan),
        "printed": timezone.localdate(),
    }
    kind = spec.kind
    if kind in YEAR_KINDS and int(spec.argument) not in years:
        raise Http404
    if kind == "plan":
        title = _("Social housing plan")
        parts = [_cover(plan, title, context), _agreement_part(plan, context)]
        offer(parts)
        for area in plan.focus_areas.filter(delaftale__isnull=False):
            parts += _delaftale_parts(plan, area.slug, context)
            offer(parts)
        parts += [_milestones_part(plan, group, context)
                  for group in _milestone_year_groups(plan, years)]
        parts += [_budget_part(plan, context), _organisation_part(plan, context)]
        toc = TocBuilder("reporting/pdf/toc.html", {"title": _("Contents"), "plan": plan})
        stamp = _stamp(plan, title, cover=True, status=_plan_status(plan))
        return Document(title, f"{plan.slug}-helhedsplan.pdf", parts, stamp, toc)
    if kind == "agreement":
        title = _("Strategic agreement")
        return Document(
            title,
            f"{plan.slug}-samarbejdsaftale.pdf",
            [_agreement_part(plan, context)],
            _stamp(plan, title, status=approval.approval_state_get(plan.agreement).stamp),
        )
    if kind == "delaftale":
        parts = _delaftale_parts(plan, spec.argument, context)
        delaftale = Delaftale.objects.select_related("focus_area").get(
            focus_area__plan=plan, focus_area__slug=spec.argument
        )
        return Document(
            parts[0].title,
            f"{plan.slug}-delaftale-{spec.argument}.pdf",
            parts,
            _stamp(plan, parts[0].title, status=approval.approval_state_get(delaftale).stamp),
        )
    if kind == "milestones":
        part = _milestones_part(plan, [int(spec.argument)], context)
        return Document(
            part.title,
            f"{plan.slug}-milepaelsplan-{spec.argument}.pdf",
            [part],
            _stamp(plan, part.title),
        )
    if kind == "budget":
        part = _budget_part(plan, context)
        return Document(part.title, f"{plan.slug}-budget.pdf", [part], _stamp(plan, part.title))
    if kind == "annual":
        return _annual_document(plan, int(spec.argument), context)
    part = _results_part(plan, int(spec.argument), context)
    return Document(
        part.title,
        f"{plan.slug}-maalopfyldelse-{spec.argument}.pdf",
        [part],
        _stamp(plan, part.title),
    )


def _annual_document(plan: Plan, year: int, context: dict) -> Document:
    """The årsrapport: målopfyldelse, regnskab, this year's and next year's milepælsplan."""
    # The annual report module brings openpyxl (its workbook): a third of a second of every
    # fresh `export_pdf` process, which needs it only for this document.
    from .annual import annual_filename, annual_report_get  # noqa: PLC0415

    report = annual_report_get(plan=plan, year=year)
    title = _("Annual report %(year)s") % {"year": year}
    context = {**context, "report": report, "year": year}
    results_title = _("Goal attainment %(year)s") % {"year": year}
    accounts_title = _("Accounts %(year)s: budget and actual") % {"year": year}
    parts = [
        _cover(plan, title, context),
        # The other helper's charts hook in here: `annual_results.html` prints `row.chart`
        # when the results rows carry one (as for the målopfyldelse document).
        Part("annual-results", results_title,
             _html("annual_results.html", results_title, context)),
        Part("annual-accounts", accounts_title,
             _html("annual_accounts.html", accounts_title, context)),
        # This year's milepælsplan with its statuses and next year's, one after the other.
        _milestones_part(plan, [year, report.next_year] if report.next_year else [year],
                         context),
    ]
    toc = TocBuilder("reporting/pdf/toc.html", {"title": _("Contents"), "plan": plan})
    return Document(title, annual_filename(plan, year, "pdf"), parts,
                    _stamp(plan, title, cover=True), toc)


def available_documents(plan: Plan) -> list[tuple[str, str]]:
    """(spec, title) of every document the plan can print now, for the documents page."""
    years = plan_selectors.plan_years(plan)
    documents = [("plan", _("The whole plan")), ("agreement", _("Strategic agreement"))]
    for area in plan.focus_areas.filter(delaftale__isnull=False):
        documents.append(
            (f"delaftale:{area.slug}", _("Sub-agreement: %(area)s") % {"area": area.name})
        )
    documents += [
        (f"milestones:{year}", _("Milestone plan %(year)s") % {"year": year}) for year in years
    ]
    documents.append(("budget", _("Budget and financing")))
    documents += [
        (f"results:{year}", _("Goal attainment %(year)s") % {"year": year}) for year in years
    ]
    documents += [
        (f"annual:{year}", _("Annual report %(year)s") % {"year": year}) for year in years
    ]
    return documents
