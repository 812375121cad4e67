"""The årsrapport in one step (issue 18, point 5) and next year's milepælsplan (point 2).

`annual_report` for the demo plan's 2022 writes a PDF and a workbook: the PDF's text (pdftotext
-raw, which keeps each table cell's text together) holds every criterion with its status and
reason, the regnskab totals equal the budget page's, and the 2023 milepælsplan; the workbook
has the same figures."""

import io
import subprocess

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from activities.models import Milestone
from activities.selectors import money_overview_get, results_get
from plans.models import Membership, Plan
from plans.numbers import format_kr
from reporting import services
from reporting.models import RenderedDocument
from tests.factories import MembershipFactory

VAEREBRO = "vaerebro-park-2020-23"


def _words(text: str) -> str:
    return " ".join(text.replace("**", "").split())


def _pdf_text(path) -> str:
    result = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                            check=True)
    return _words(result.stdout.decode())


@pytest.fixture
def demo_2022(db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    call_command("load_demo", stdout=io.StringIO())
    plan = Plan.objects.get(slug=VAEREBRO)
    out = tmp_path / "aarsrapport"
    call_command("annual_report", VAEREBRO, "2022", "-o", str(out), stdout=io.StringIO())
    return plan, out / f"{VAEREBRO}-aarsrapport-2022.pdf", out / f"{VAEREBRO}-aarsrapport-2022.xlsx"


def test_annual_report_of_the_demo_plans_2022(demo_2022, client):
    plan, pdf_path, xlsx_path = demo_2022
    text = _pdf_text(pdf_path)
    results = results_get(plan=plan, year=2022)
    assert len(results) > 10

    # Every criterion, in order, with its status and the status's reason.
    position = 0
    for row in results:
        criterion = _words(row.criterion.text).lstrip("- ")
        start = text.find(" ".join(criterion.split()[:8]), position)
        assert start >= 0, criterion
        status = _words(f"{row.criterion.status.label} {row.criterion.status.reason}")
        found = text.find(status, start)
        assert found >= 0, (criterion, status)
        position = start + 1

    # The regnskab's totals are the budget page's for 2022.
    grid = money_overview_get(plan=plan).grid
    budget, spent = grid.by_year[2022], grid.spent_by_year[2022]
    assert budget and spent
    total = f"Hele planen 2022 {format_kr(budget)} {format_kr(spent)} {format_kr(budget - spent)}"
    assert total in text
    leader = plan.memberships.filter(role=Membership.Role.LEADER).first().user
    client.force_login(leader)
    page = client.get(reverse("activities:budget", args=[plan.slug])).content.decode()
    forbrug = client.get(reverse("activities:budget", args=[plan.slug]) + "?visning=forbrug")
    assert format_kr(budget) in page and format_kr(spent) in forbrug.content.decode()

    # This year's milestones with their statuses, and next year's milepælsplan.
    assert "Milepælsplan 2022" in text and "Milepælsplan 2023" in text
    next_year = [m for m in Milestone.objects.filter(plan=plan) if m.quarter_key[0] == 2023]
    assert next_year
    after = text.index("Milepælsplan 2023")
    for milestone in next_year:
        assert _words(milestone.title) in text[after:], milestone.title
    this_year = [m for m in Milestone.objects.filter(plan=plan) if m.quarter_key[0] == 2022]
    for milestone in this_year:
        assert _words(f"{milestone.title}") in text
        assert str(milestone.get_status_display()) in text

    # The workbook has the same figures.
    workbook = openpyxl.load_workbook(xlsx_path)
    assert workbook.sheetnames == ["Målopfyldelse 2022", "Regnskab 2022", "Pr. kilde 2022",
                                   "Milepælsplan 2022", "Milepælsplan 2023"]
    accounts = list(workbook["Regnskab 2022"].iter_rows(min_row=2, values_only=True))
    assert accounts[-1][0] == "I alt"
    assert accounts[-1][2:] == (budget, spent, budget - spent)
    assert sum(row[2] for row in accounts[:-1]) == budget
    assert sum(row[3] for row in accounts[:-1]) == spent
    sources = list(workbook["Pr. kilde 2022"].iter_rows(min_row=2, values_only=True))
    assert sources[-1][3] == spent  # the year's actual divided between the sources
    goals = list(workbook["Målopfyldelse 2022"].iter_rows(min_row=2, values_only=True))
    assert [(row[1], row[7]) for row in goals] == [
        (r.criterion.text, str(r.criterion.status.label)) for r in results]
    assert len(list(workbook["Milepælsplan 2023"].iter_rows(min_row=2))) == len(next_year)


def test_annual_report_refuses_a_year_outside_the_plan(filled_plan, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("annual_report", filled_plan.slug, "2030", "-o", str(tmp_path))


# --- The screens ----------------------------------------------------------------------------


@pytest.fixture
def leader_of(filled_plan, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    leader = MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER).user
    client.force_login(leader)
    return client


def test_the_years_page_offers_the_annual_report_through_the_background_job(
    filled_plan, leader_of, monkeypatch
):
    page = leader_of.get(reverse("reporting:years", args=[filled_plan.slug])).content.decode()
    pdf_url = reverse("reporting:pdf", args=[filled_plan.slug, "annual:2022"])
    assert pdf_url in page
    assert reverse("reporting:annual_xlsx", args=[filled_plan.slug, 2022]) in page

    monkeypatch.setattr(services, "BACKGROUND_AFTER_SECONDS", -1.0)  # always a job
    response = leader_of.get(pdf_url)

    job = RenderedDocument.objects.get(plan=filled_plan, spec="annual:2022")
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    assert job.status == RenderedDocument.Status.DONE and job.title == "Årsrapport 2022"


def test_the_annual_workbook_downloads(filled_plan, leader_of):
    response = leader_of.get(reverse("reporting:annual_xlsx", args=[filled_plan.slug, 2021]))

    assert response.status_code == 200
    assert "aarsrapport-2021.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Regnskab 2021" in workbook.sheetnames
    assert leader_of.get(reverse("reporting:annual_xlsx",
                                 args=[filled_plan.slug, 2030])).status_code == 404


def test_a_reader_sees_the_years_but_cannot_lock(filled_plan, client):
    reader = MembershipFactory(plan=filled_plan, role=Membership.Role.READER).user
    client.force_login(reader)
    page = client.get(reverse("reporting:years", args=[filled_plan.slug])).content.decode()

    assert "Årsrapport 2021 (PDF)" in page and "Lås 2021" not in page
    assert client.post(reverse("reporting:year_lock", args=[filled_plan.slug, 2021])) \
        .status_code == 403


# --- Next year's milepælsplan ---------------------------------------------------------------


def test_next_years_plan_is_proposed_and_saved_only_when_confirmed(filled_plan, leader_of):
    url = reverse("activities:milestone_plan_propose", args=[filled_plan.slug, 2022])
    before = Milestone.objects.count()

    page = leader_of.get(url)

    formset = page.context["formset"]
    titles = [form.initial["title"] for form in formset.forms if form.initial]
    carried = "10 unge tilknyttet lommepengeprojektet"  # 2021, 2. kvartal, planned
    assert carried in titles
    assert any("årets arbejde gennemført og målt" in title for title in titles)
    assert Milestone.objects.count() == before  # nothing saved by looking
    data = {"m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "0",
            "m-0-include": "on", "m-0-title": carried, "m-0-quarter": "2",
            "m-0-note": "Overført",
            "m-1-title": "Ikke med", "m-1-quarter": "3"}
    response = leader_of.post(url, data)

    assert response.status_code == 302
    made = Milestone.objects.filter(plan=filled_plan, due_year=2022)
    assert [(m.title, m.due_quarter, m.status, m.note) for m in made] == [
        (carried, 2, Milestone.Status.PLANNED, "Overført")]
    again = leader_of.get(url).context["formset"]
    assert carried not in [form.initial.get("title") for form in again.forms if form.initial]


def test_a_ticked_row_without_a_title_saves_nothing(filled_plan, leader_of):
    url = reverse("activities:milestone_plan_propose", args=[filled_plan.slug, 2022])
    before = Milestone.objects.count()
    response = leader_of.post(url, {
        "m-TOTAL_FORMS": "2", "m-INITIAL_FORMS": "0",
        "m-0-include": "on", "m-0-title": "God", "m-0-quarter": "1",
        "m-1-include": "on", "m-1-title": "", "m-1-quarter": "1"})

    assert response.status_code == 400
    assert "Angiv milepælens titel" in response.content.decode()
    assert Milestone.objects.count() == before


def test_the_milestone_plan_of_a_year_prints_on_its_own(filled_plan, leader_of):
    page = leader_of.get(reverse("activities:milestone_plan_year",
                                 args=[filled_plan.slug, 2021])).content.decode()
    url = reverse("reporting:pdf", args=[filled_plan.slug, "milestones:2021"])
    assert url in page
    response = leader_of.get(url)
    assert response.status_code in (200, 302)
