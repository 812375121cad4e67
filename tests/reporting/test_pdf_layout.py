"""The whole-plan PDF laid out by its content: short activities flow several to a page, a full
activity schema starts a page, no page is (nearly) empty, an activity shows its budget, and
every text stays inside its table cell."""

import datetime
import io
import re
import subprocess
from decimal import Decimal

import pytest
import weasyprint
from django.core.management import call_command
from pypdf import PdfReader
from weasyprint.formatting_structure.boxes import TableCellBox, TextBox

from activities.models import Activity, BudgetLine, Milestone, SuccessCriterion
from activities.services import budget_cells_save
from devtools.sample import sample_plan
from plans import services
from plans.models import FinancingLine, Plan, RuleSet, StaffMember
from reporting import pdf
from reporting.documents import DocumentSpec, build_document
from reporting.pdf import render

MIN_CHARS = 200  # the test: text on every page but the cover and the diagram


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"


def _render(plan, spec="plan"):
    document = build_document(plan, DocumentSpec.parse(spec))
    return pdf.build(document.parts, document.stamp, document.toc)


def _pages(data: bytes) -> list[str]:
    """Each page's text as pdftotext reads it, without the stamped header and footer lines."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    pages = []
    for page in text.split("\f")[:-1]:
        lines = [line for line in page.splitlines() if line.strip()]
        if re.search(r"Side \d+ af \d+$", lines[-1] if lines else ""):
            lines = lines[1:-1]  # the header (plan · document, status) and the footer
        pages.append("\n".join(lines))
    return pages


def _chars(text: str) -> int:
    return len("".join(text.split()))


def _nearly_empty_pages(data: bytes) -> list[tuple[int, int]]:
    """(page, characters) of pages with less text than MIN_CHARS, the cover (page 1) and the
    organisation diagram's page excepted."""
    return [
        (number, _chars(text))
        for number, text in enumerate(_pages(data), start=1)
        if number > 1 and not text.lstrip().startswith("Organisationsdiagram")
        and _chars(text) < MIN_CHARS
    ]


def local_plan(user, last_year: int = 2026) -> Plan:
    """A small plan unlike the demo: locally funded, two areas, a few activities with short
    forms, milestones in two years only, and budget lines linked to activities."""
    plan = services.plan_create(
        user=user,
        plan=Plan(
            name="Lokalplanen",
            area_name="Engparken",
            slug="lokalplanen",
            rule_set=RuleSet.objects.get(code="lokal"),
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(last_year, 12, 31),
        ),
    )
    for area_number, name in enumerate(("Fællesskab", "Job og skole")):
        area = services.focus_area_create_local(plan=plan, name=name)
        area.problem = "Få naboer kender hinanden, og mange unge står uden job."
        area.purpose = "Flere mødes på tværs af opgangene."
        area.save()
        delaftale = services.delaftale_create(plan=plan, focus_area=area)
        for n in range(3):
            activity = Activity.objects.create(
                delaftale=delaftale,
                name=f"{name}: kort aktivitet {n + 1}",
                order=n,
                purpose="Beboerne mødes en gang om måneden.",
                status="i_gang",
            )
            SuccessCriterion.objects.create(
                activity=activity, text="Deltagere pr. gang", kind="antal",
                target_value=Decimal(12), data_source="Optælling", order=0,
            )
            Milestone.objects.create(plan=plan, activity=activity, title=f"Start {n}",
                                     due_year=2024 + (n % 2), due_quarter=n + 1)
            line = BudgetLine.objects.create(
                plan=plan, text=f"Materialer {area_number}-{n}", category="aktiviteter",
                focus_area=area, activity=activity, order=3 * area_number + n,
            )
            budget_cells_save(plan=plan, cells={(line.pk, 2024): 10_000 * (n + 1),
                                                (line.pk, 2025): 5_000})
    money = FinancingLine.objects.create(plan=plan, kind="kommune", name="Kommunen")
    services.financing_cells_save(plan=plan, cells={(money.pk, y): 100_000 for y in (2024, 2025)})
    StaffMember.objects.create(plan=plan, name="Kim", title="Koordinator", order=0)
    return plan


def test_no_page_of_the_demo_plans_is_nearly_empty(db):
    call_command("load_demo", stdout=io.StringIO())
    for plan in Plan.objects.all():
        data = _render(plan).pdf

        assert _nearly_empty_pages(data) == [], plan.slug


def test_no_page_of_a_small_local_plan_is_nearly_empty_and_short_forms_share_pages(leader):
    plan = local_plan(leader)

    rendered = _render(plan)
    pages = _pages(rendered.pdf)

    assert _nearly_empty_pages(rendered.pdf) == []
    headings = [f"Aktivitet {activity.order + 1}: {activity.name}"
                for activity in Activity.objects.filter(delaftale__focus_area__plan=plan)]
    on_page = {heading: next(i for i, text in enumerate(pages) if i > 1 and heading in text)
               for heading in headings}  # after the contents
    # Six short forms flow on after their delaftale, several to a page.
    assert len(set(on_page.values())) <= 4, on_page
    # The contents still point at each activity's page.
    contents = re.sub(r" ?\.{3,} ?", " ", " ".join(pages[1].split()))
    for name, index in on_page.items():
        assert re.search(rf"{re.escape(name)} {index + 1}\b", contents), name


def test_a_full_activity_schema_starts_a_page(leader):
    plan = sample_plan(user=leader, slug="fuld")  # every activity fills more than a page

    pages = _pages(_render(plan).pdf)

    for activity in Activity.objects.filter(delaftale__focus_area__plan=plan):
        heading = f"Aktivitet {activity.order + 1}: {activity.name}"
        page = next(text for text in pages[2:] if heading in text)
        assert page.split("\n", 1)[0].strip() == heading


def test_short_milestone_years_share_a_page_and_empty_years_are_left_out(leader):
    plan = local_plan(leader)  # milestones in 2024 and 2025, none in 2026

    pages = _pages(_render(plan).pdf)

    page = next(text for text in pages[2:] if "Milepælsplan 2024" in text)
    assert "Milepælsplan 2025" in page
    assert not any("Milepælsplan 2026" in text for text in pages)  # nor in the contents


def test_a_plan_without_milestones_prints_no_milestone_page(leader):
    plan = local_plan(leader)
    Milestone.objects.filter(plan=plan).delete()

    rendered = _render(plan)
    pages = _pages(rendered.pdf)

    assert not any("Milepælsplan" in text for text in pages)  # no page, no contents line
    assert _nearly_empty_pages(rendered.pdf) == []
    # The year's own print still answers, and says the year has none.
    year_print = _pages(_render(plan, f"milestones:{plan.period_start.year}").pdf)
    assert "Milepælsplan" in year_print[0]


def test_each_activity_page_shows_the_activitys_budget(leader):
    plan = local_plan(leader)
    activity = Activity.objects.get(delaftale__focus_area__plan=plan,
                                    name="Job og skole: kort aktivitet 3")

    pages = _pages(_render(plan, f"delaftale:{activity.delaftale.focus_area.slug}").pdf)

    text = " ".join(" ".join(pages).split())
    heading = f"Aktivitet 3: {activity.name}"
    section = text[text.index(heading):]
    assert re.search(r"Aktivitetens budget Budgetlinje 2024 2025 I alt "
                     r"Materialer 1-2 30\.000 kr\. 5\.000 kr\. 35\.000 kr\.", section)
    # An activity without budget lines prints no budget heading.
    BudgetLine.objects.filter(activity=activity).update(activity=None)
    pages = _pages(_render(plan, f"delaftale:{activity.delaftale.focus_area.slug}").pdf)
    text = " ".join(" ".join(pages).split())
    assert "Aktivitetens budget" not in text[text.index(heading):]


def test_an_activity_without_text_prints_no_empty_headings(leader):
    plan = local_plan(leader)
    activity = Activity.objects.filter(delaftale__focus_area__plan=plan).first()
    activity.purpose = ""
    activity.save()
    activity.criteria.all().delete()

    part = next(part for part in build_document(plan, DocumentSpec.parse("plan")).parts
                if activity.name in part.html)
    section = part.html[part.html.index(f'id="activity-{activity.pk}"'):].split("</section>")[0]

    assert "Formål og mål" not in section
    assert "Succeskriterier og datakilde" not in section


def _overflowing_texts(html: str) -> list[str]:
    """Texts that run out of the right edge of their table cell, laid out as in the PDF."""
    fonts, stylesheets = render._style()
    document = weasyprint.HTML(string=html, base_url=pdf.BASE_URL).render(
        stylesheets=stylesheets, font_config=fonts
    )
    found = []
    for page in document.pages:
        page_right = page._page_box.content_box_x() + page._page_box.width + 0.5
        for cell in page._page_box.descendants():
            if not isinstance(cell, TableCellBox):
                continue
            right = min(cell.content_box_x() + cell.width + cell.padding_right + 0.5, page_right)
            found += [box.text for box in cell.descendants()
                      if isinstance(box, TextBox) and box.position_x + box.width > right]
    return found


def test_every_text_fits_its_table_cell(leader):
    plan = local_plan(leader, last_year=2029)  # six years of columns
    SuccessCriterion.objects.filter(activity__delaftale__focus_area__plan=plan).update(
        data_source="Boligsocialedatabaseudtrækketfraregistrene2024", text="Deltagere"
    )
    Milestone.objects.filter(plan=plan).update(title="Beboerrådgivningsopfølgningsmødet")
    BudgetLine.objects.filter(plan=plan).update(text="Aktivitetsmaterialeindkøbsbudgettet")
    budget_cells_save(plan=plan, cells={(line.pk, year): 9_999_999
                                        for line in BudgetLine.objects.filter(plan=plan)
                                        for year in range(2024, 2030)})

    for part in build_document(plan, DocumentSpec.parse("plan")).parts:
        assert _overflowing_texts(part.html) == [], part.key


def test_a_part_ending_in_a_few_lines_is_laid_out_tighter_to_save_the_page():
    sentence = "<p>Caféen er åben.</p>"
    count = 40
    while len(render._layout(f"<html><body>{sentence * count}</body></html>").pages) < 2:
        count += 1
    # The first length that needs a second page: it holds a line or two.
    html = f"<html><body>{sentence * count}</body></html>"
    assert render._page_chars(render._layout(html).pages[-1]) < render.SHORT_TAIL_CHARS

    assert len(PdfReader(io.BytesIO(pdf.render_html(html))).pages) == 1
