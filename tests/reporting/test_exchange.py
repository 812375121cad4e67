"""The exchange format: schema, round trips of both demo plans, commands and the browser flow."""

import io
import json
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from jsonschema import Draft202012Validator

from plans.models import Membership, Organisation, Plan
from reporting.documents import DocumentSpec, build_document
from reporting.exchange.kinds import KINDS, NOT_EXCHANGED, REFERENCE_DATA
from reporting.exchange.schema import SCHEMA_PATH, build_schema, checked_in_schema
from tests.factories import UserFactory
from tests.reporting.exchange_files import (
    exported,
    file_document,
    import_file,
    row_counts,
    without_slug,
)
from tests.reporting.test_demo import RUM_FOR_LIV, VAEREBRO, demo  # noqa: F401 (fixture)

EXAMPLE = SCHEMA_PATH.with_name("example.json")


def test_the_checked_in_schema_is_what_the_models_say():
    """After a model change, `python manage.py exchange_schema` refreshes the file."""
    assert checked_in_schema() == build_schema()


def test_every_model_of_a_plan_is_exchanged_or_says_why_not():
    exchanged = {kind.model._meta.model_name for kind in KINDS}
    reference = {model._meta.model_name for model, _name in REFERENCE_DATA.values()}
    models = {
        model._meta.model_name
        for app in ("plans", "activities", "reporting")
        for model in apps.get_app_config(app).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert models - exchanged - reference - set(NOT_EXCHANGED) == set()


@pytest.mark.django_db
def test_the_example_validates_and_imports(user):
    content = EXAMPLE.read_bytes()
    Draft202012Validator(checked_in_schema()).validate(json.loads(content))

    result = import_file(content, name="example.json", user=user)

    assert result.problems == []
    assert result.plan.memberships.get().user == user


@pytest.mark.parametrize("slug", [VAEREBRO, RUM_FOR_LIV])
def test_a_demo_export_validates_against_the_schema(demo, db, slug):  # noqa: F811
    document = json.loads(exported(Plan.objects.get(slug=slug)))
    errors = list(Draft202012Validator(checked_in_schema()).iter_errors(document))
    assert errors == []


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
@pytest.mark.parametrize("slug", [VAEREBRO, RUM_FOR_LIV])
def test_export_import_export_gives_the_same_file(demo, db, slug, fmt):  # noqa: F811
    first = exported(Plan.objects.get(slug=slug), fmt)
    result = import_file(first, name=f"plan.{fmt}", user=UserFactory(), slug="kopi")
    assert result.problems == []

    second = exported(result.plan, fmt)

    assert without_slug(file_document(second, fmt)) == without_slug(file_document(first, fmt))
    assert file_document(second, fmt)["plan"]["slug"] == "kopi"


def _document_text(plan, spec: str) -> str:
    document = build_document(plan, DocumentSpec.parse(spec))
    text = " ".join(re.sub(r"<[^>]+>", " ", part.html) for part in document.parts)
    return " ".join(text.replace(plan.slug, "SLUG").split())


@pytest.mark.parametrize("slug", [VAEREBRO, RUM_FOR_LIV])
def test_an_imported_plan_prints_the_same_document(demo, db, slug):  # noqa: F811
    plan = Plan.objects.get(slug=slug)
    copy = import_file(exported(plan), name="plan.json", user=UserFactory(), slug="kopi").plan

    assert _document_text(copy, "plan") == _document_text(plan, "plan")


@pytest.mark.django_db
def test_the_importer_is_the_new_plans_only_member_and_its_leader(filled_plan, user):
    copy = import_file(exported(filled_plan), name="p.json", user=user, slug="kopi").plan
    assert list(copy.memberships.values_list("user", "role")) == [
        (user.pk, Membership.Role.LEADER)
    ]


@pytest.mark.django_db
def test_a_preview_writes_nothing(filled_plan, user):
    content = exported(filled_plan)
    before = row_counts()
    result = import_file(content, name="p.json", user=user, slug="kopi", commit=False)
    assert result.problems == [] and result.plan is None
    assert dict(result.counts)["Aktiviteter"] == 1
    assert row_counts() == before


@pytest.mark.django_db
def test_the_commands_export_and_import_a_plan(filled_plan, user, tmp_path):
    path = tmp_path / "plan.xlsx"
    call_command("export_plan", filled_plan.slug, "-o", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_plan", str(path), "--slug", "kopi", "--owner", user.username, stdout=out)
    assert "kopi" in out.getvalue()
    assert Plan.objects.get(slug="kopi").memberships.get().user == user


@pytest.mark.django_db
def test_the_import_command_lists_the_problems_and_writes_nothing(filled_plan, user, tmp_path):
    path = tmp_path / "plan.json"
    call_command("export_plan", filled_plan.slug, "-o", str(path), stdout=io.StringIO())
    before = row_counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="intet er importeret"):
        call_command("import_plan", str(path), "--owner", user.username, stderr=err)
    assert "En anden plan bruger allerede dette korte navn" in err.getvalue()
    assert row_counts() == before


# --- In the browser -----------------------------------------------------------------------


def _upload(client, content, name, slug=""):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(reverse("exchange:import_upload"),
                       {"file": SimpleUploadedFile(name, content), "slug": slug})


@pytest.mark.django_db
def test_upload_preview_confirm_creates_the_plan(client, filled_plan, user):
    client.force_login(user)
    response = _upload(client, exported(filled_plan), "plan.json", slug="kopi")
    assert response.status_code == 302

    preview = client.get(reverse("exchange:import_preview"))
    assert preview.status_code == 200
    assert "Bekræft og opret planen" in preview.content.decode()
    assert not Plan.objects.filter(slug="kopi").exists()

    done = client.post(reverse("exchange:import_confirm"), {"confirm": "1"})

    plan = Plan.objects.get(slug="kopi")
    assert done.status_code == 302 and done["Location"] == plan.get_absolute_url()
    assert plan.memberships.get(user=user).role == Membership.Role.LEADER


@pytest.mark.django_db
def test_the_preview_lists_every_problem_by_sheet_row_and_field(client, filled_plan, user):
    document = json.loads(exported(filled_plan))
    document["activities"][0]["delaftale"] = "findes-ikke"
    document["goals"][0]["text"] = 5
    client.force_login(user)
    _upload(client, json.dumps(document).encode(), "plan.json", slug="kopi")
    before = row_counts()

    page = client.get(reverse("exchange:import_preview")).content.decode()
    confirm = client.post(reverse("exchange:import_confirm"), {"confirm": "1"})

    assert "Her skal stå tekst." in page and "Mål" in page
    assert "Henviser til række &#x27;findes-ikke&#x27;" in page
    assert confirm.status_code == 400
    assert row_counts() == before


@pytest.mark.django_db
def test_a_hostile_upload_gets_its_message_on_the_form(client, user):
    client.force_login(user)
    before = row_counts()
    response = _upload(client, b'{"format": "helhedsplan", "version": 7}', "plan.json")
    assert response.status_code == 400
    assert "version 7" in response.content.decode()
    assert row_counts() == before


@pytest.mark.django_db
def test_cancel_forgets_the_upload(client, filled_plan, user):
    client.force_login(user)
    _upload(client, exported(filled_plan), "plan.json", slug="kopi")
    client.post(reverse("exchange:import_confirm"), {"cancel": "1"})
    assert client.get(reverse("exchange:import_preview")).status_code == 302
    assert not Plan.objects.filter(slug="kopi").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_a_reader_downloads_the_whole_plan_from_the_documents_page(reader_client, plan, fmt):
    page = reader_client.get(reverse("reporting:documents", args=[plan.slug])).content.decode()
    url = reverse("exchange:export", args=[plan.slug, fmt])
    assert url in page

    response = reader_client.get(url)

    assert response.status_code == 200
    assert f'filename="{plan.slug}.{fmt}"' in response["Content-Disposition"]


@pytest.mark.django_db
def test_an_unknown_export_format_is_not_found(reader_client, plan):
    assert reader_client.get(reverse("exchange:export", args=[plan.slug, "xml"])).status_code == 404


@pytest.mark.django_db
def test_a_file_without_sections_or_budget_groups_gets_the_templates(user):
    """Sections and budget groups a file lists replace what a new plan starts with; a file
    without them (written before they existed) gets the rule set's template and one budget
    group per focus area plus the cross-cutting one."""
    document = json.loads(EXAMPLE.read_bytes())
    listed = import_file(EXAMPLE.read_bytes(), name="a.json", user=user, slug="listed").plan
    assert [s.key for s in listed.agreement.sections.all()] == ["formaal", "indsatsomraader"]
    assert listed.budget_groups.count() == 2
    assert listed.budget_lines.get().group.focus_area.slug == "uddannelse"
    assert listed.focus_areas.get().criteria.get(group__isnull=False).group.heading == "Uddannelse"
    for name in ("agreement_sections", "delaftale_sections", "budget_groups", "criterion_groups"):
        del document[name]
    for row in document["criteria"]:
        row.pop("group", None)
    for row in document["budget_lines"]:
        row.pop("group", None)
    content = json.dumps(document).encode()

    plan = import_file(content, name="b.json", user=user, slug="bare").plan

    template = plan.rule_set.section_templates
    assert plan.agreement.sections.count() == template.filter(document="agreement").count() > 2
    delaftale = plan.focus_areas.get().delaftale
    assert delaftale.sections.count() == template.filter(document="delaftale").count() > 0
    assert [(g.focus_area_id, g.name) for g in plan.budget_groups.all()] == [
        (plan.focus_areas.get().pk, ""), (None, "")
    ]


@pytest.mark.django_db
def test_an_organisation_the_installation_lacks_belongs_to_the_imported_plan(user):
    assert not Organisation.objects.filter(name="Boligselskabet Eksempel").exists()

    plan = import_file(EXAMPLE.read_bytes(), name="a.json", user=user, slug="own").plan

    assert Organisation.objects.get(name="Boligselskabet Eksempel").plan == plan


@pytest.mark.django_db
def test_the_example_brings_its_estates_shares_and_forum_hierarchy(user):
    plan = import_file(EXAMPLE.read_bytes(), name="a.json", user=user, slug="afd").plan

    assert [(link.estate.name, link.status) for link in plan.plan_estates.all()] == [
        ("Eksempelparken", "Udsat boligområde"), ("Eksempelhaven", "")
    ]
    activity = plan.focus_areas.get().delaftale.activities.get()
    assert [link.estate.name for link in activity.estates.all()] == ["Eksempelparken"]
    resource = plan.focus_areas.get().delaftale.staff_resources.get()
    assert [(s.plan_estate.estate.name, s.share_percent) for s in resource.estate_shares.all()] == [
        ("Eksempelparken", 60), ("Eksempelhaven", 40)
    ]
    value = plan.plan_estates.get(estate__name="Eksempelparken").criterion_values.get()
    assert value.target_value == 60
    assert plan.fora.get(name="Følgegruppen").parent == plan.fora.get(name="Bestyrelsen")


@pytest.mark.django_db
def test_a_forum_under_a_forum_below_it_is_refused(user):
    document = json.loads(EXAMPLE.read_bytes())
    document["fora"][0]["parent"] = "R2"  # R2 sits under R1 already

    result = import_file(json.dumps(document).encode(), name="a.json", user=user, slug="ring")

    assert result.plan is None
    assert any("under" in problem.message for problem in result.problems)
    assert not Plan.objects.filter(slug="ring").exists()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
@pytest.mark.django_db
def test_the_example_goes_round_in_both_formats(user, fmt):
    """The example has rows the demo plans lack (an activity's afdelinger, criterion values
    per afdeling, a criterion group): export, import and export again give the same file."""
    plan = import_file(EXAMPLE.read_bytes(), name="a.json", user=user, slug="runde").plan
    first = exported(plan, fmt)
    copy = import_file(first, name=f"plan.{fmt}", user=user, slug="kopi").plan

    second = file_document(exported(copy, fmt), fmt)

    assert without_slug(second) == without_slug(file_document(first, fmt))
    assert second["activity_estates"] and second["criterion_estate_values"]


def test_an_imported_version_belongs_to_the_imported_document(demo, db):  # noqa: F811
    """A version names its document by id; the import points it at the new delaftale."""
    plan = Plan.objects.get(slug=VAEREBRO)
    copy = import_file(exported(plan), name="plan.json", user=UserFactory(), slug="kopi").plan

    versions = list(copy.versions.all())
    assert versions
    for version in versions:
        delaftale = copy.focus_areas.get(slug=version.area_slug).delaftale
        assert version.document_pk == delaftale.pk


def test_a_locked_year_travels_and_stays_locked_with_its_rows(filled_plan, user):
    """Year locks are written last: the rows dated in a locked year come in, then the year is
    locked again in the copy (issue 18)."""
    from activities.models import BudgetAmount, BudgetLine, Measurement, Milestone
    from plans.models import YearLock
    from plans.yearlock import locked_years

    BudgetAmount.objects.create(line=BudgetLine.objects.get(plan=filled_plan), year=2021,
                                amount=5_000, spent=4_000)
    YearLock.objects.create(plan=filled_plan, year=2021)

    copy = import_file(exported(filled_plan), name="p.json", user=user, slug="kopi").plan

    assert locked_years(copy) == {2021}
    assert BudgetAmount.objects.get(line__plan=copy, year=2021).spent == 4_000
    assert Measurement.objects.filter(criterion__activity__delaftale__focus_area__plan=copy,
                                      measured_on__year=2021).count() == 1
    assert Milestone.objects.filter(plan=copy, due_year=2021).count() == 1


def test_indicators_their_values_ties_and_the_plans_own_deadlines_travel(filled_plan, user):
    """Issue 18's indicators and deadlines are part of the plan: a criterion tied to an
    indicator arrives tied, its indicator-fed measurement points at the copy's value."""
    import datetime

    from activities.indicators import measurements_sync
    from activities.models import Indicator, IndicatorValue, Measurement, SuccessCriterion
    from plans.models import PlanDeadline

    indicator = Indicator.objects.get(plan=filled_plan)
    IndicatorValue.objects.create(indicator=indicator, period="2022",
                                  measured_on=datetime.date(2022, 6, 30), value=28)
    criterion = SuccessCriterion.objects.filter(
        activity__delaftale__focus_area__plan=filled_plan
    )[0]
    criterion.indicator = indicator
    criterion.save()
    measurements_sync(plan=filled_plan)
    assert Measurement.objects.filter(criterion=criterion, indicator_value__isnull=False).exists()

    copy = import_file(exported(filled_plan), name="p.json", user=user, slug="kopi").plan

    copied = Indicator.objects.get(plan=copy)
    assert (copied.name, copied.unit, copied.source) == (
        indicator.name, indicator.unit, indicator.source
    )
    assert sorted(IndicatorValue.objects.filter(indicator=copied).values_list("value", flat=True)
                  ) == [28, 30]
    tied = SuccessCriterion.objects.get(activity__delaftale__focus_area__plan=copy,
                                        indicator=copied)
    fed = Measurement.objects.get(criterion=tied, indicator_value__isnull=False)
    assert fed.indicator_value.indicator == copied
    assert fed.value == 28
    assert list(PlanDeadline.objects.filter(plan=copy).values_list("title", "due")) == [
        ("Midtvejsevaluering", datetime.date(2022, 1, 31))
    ]
