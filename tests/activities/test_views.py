"""Activities, criteria, measurements and milestones through the views."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, ComparisonValue, Measurement, Milestone, SuccessCriterion
from tests.factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    AreaCriterionFactory,
    MeasurementFactory,
    RuleSet,
)


def url(name, plan, **kwargs):
    return reverse(name, kwargs={"slug": plan.slug, **kwargs})


def post(client, name, plan, data, htmx=False, **kwargs):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url(name, plan, **kwargs), data, headers=headers)


# --- Entering seed 001's Tryghed og trivsel --------------------------------------------------


def test_leader_enters_activities_with_criteria_baselines_comparisons_and_data_sources(
    leader_client, plan, delaftale
):
    from activities.models import CoreActivity

    naboambassadoerer = CoreActivity.objects.get(name="Naboambassadører")
    activities = [
        ("Styrkelse af det frivillige arbejde", "Netværksskabende aktiviteter"),
        ("Det gode naboskab", "Naboambassadører"),
        ("Netværksskabende aktiviteter", "Netværksskabende aktiviteter"),
        ("Beboerredaktion", ""),
        ("SSP samarbejde", ""),
    ]
    for name, core in activities:
        response = post(
            leader_client,
            "activities:aktiviteter_create",
            plan,
            {
                "name": name,
                "status": "i_gang",
                "core_activity": CoreActivity.objects.get(name=core).pk if core else "",
                "core_activity_text": "Image og kommunikation" if name == "Beboerredaktion" else "",
                "content": "Beboere mødes og hjælper hinanden.",
                "purpose": "Flere kender naboerne.",
            },
            parent=delaftale.pk,
        )
        assert response.status_code == 302, response.content.decode()[:500]
    assert list(delaftale.activities.values_list("name", flat=True)) == [a for a, _ in activities]
    naboskab = delaftale.activities.get(name="Det gode naboskab")
    assert naboskab.core_activity == naboambassadoerer
    assert delaftale.activities.get(name="Beboerredaktion").core_activity_label == (
        "Image og kommunikation"
    )

    # An area criterion with baseline, two comparison values and a datakilde (inline, htmx).
    response = post(
        leader_client,
        "activities:kriterier_create",
        plan,
        {
            "text": "Andelen der føler sig grundlæggende trygge stiger mindst 5 procentpoint",
            "kind": "procent",
            "direction": "op",
            "baseline_value": "75",
            "baseline_period": "2018",
            "target_kind": "point",
            "target_value": "5",
            "target_year": "2023",
            "data_source": "VIVE tryghedsdata",
            "measured_when": "ultimo 2020/21",
        },
        htmx=True,
        parent=delaftale.focus_area.pk,
    )
    criterion = SuccessCriterion.objects.get(focus_area=delaftale.focus_area)
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#criteria-area-{delaftale.focus_area.pk}"
    for label, value in [("Værebro Park", "75"), ("Hele Danmark", "87")]:
        post(
            leader_client,
            "activities:sammenligninger_create",
            plan,
            {"label": label, "value": value, "period": "2018"},
            htmx=True,
            parent=criterion.pk,
        )

    # An activity criterion of the 'baseline not known yet' kind, and a measurement.
    response = post(
        leader_client,
        "activities:aktivitetskriterier_create",
        plan,
        {
            "text": "Der opbygges en beboerredaktion",
            "kind": "kvalitativ",
            "direction": "naa",
            "baseline_due": "2020-12-31",
            "target_kind": "absolut",
            "data_source": "Logbog",
        },
        htmx=True,
        parent=naboskab.pk,
    )
    assert response.status_code == 200
    qualitative = naboskab.criteria.get()
    post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"achieved": "True", "measured_on": "2021-06-01", "comment": "Første nummer udkom"},
        htmx=True,
        parent=qualitative.pk,
    )

    page = leader_client.get(
        url("activities:delaftale_detail", plan, area=delaftale.focus_area.slug)
    ).content.decode()
    assert "Hele Danmark 87 %" in page
    assert "VIVE tryghedsdata" in page
    assert "Det gode naboskab" in page and "Naboambassadører" in page
    assert "på sporet" in page  # the qualitative criterion was achieved
    assert ComparisonValue.objects.count() == 2


def test_status_reason_is_shown_on_the_activity_page(leader_client, plan, delaftale):
    activity = ActivityFactory(delaftale=delaftale)
    criterion = ActivityCriterionFactory(
        activity=activity,
        kind="procent",
        direction="ned",
        baseline_value="27.8",
        baseline_period="2018",
        target_kind="point",
        target_value="3",
        target_year=2030,
    )
    MeasurementFactory(criterion=criterion, value="25.1", measured_on=datetime.date(2026, 6, 30))

    page = leader_client.get(url("activities:activity_detail", plan, pk=activity.pk)).content

    assert "Baseline 27,8 %, mål −3 point, seneste måling 25,1 % (2026): på sporet" in (
        page.decode()
    )


# --- The 2013 quarterly milepælsplan of seed 002 ------------------------------------------


def test_quarterly_milestone_plan_is_entered_and_grouped_by_quarter(leader_client, db):
    from tests.factories import AgreementFactory, MembershipFactory, PlanFactory

    plan = PlanFactory(
        rule_set=RuleSet.objects.get(code="lbf-2011-14"),
        period_start=datetime.date(2013, 1, 1),
        period_end=datetime.date(2016, 12, 31),
    )
    AgreementFactory(plan=plan)
    leader = MembershipFactory(plan=plan).user
    leader_client.force_login(leader)
    quarters = {
        1: ["Planlægningsmøde med Red Barnet afholdt", "Første nyhedsbrev udkommet"],
        2: ["10 unge tilknyttet Lommepengeprojektet"],
        3: ["Første hold Demokratiambassadører har gennemført kursus"],
        4: ["Milepæle, mål mv. for 2014 udarbejdet og godkendt"],
    }
    for quarter, titles in quarters.items():
        for title in titles:
            response = post(
                leader_client,
                "activities:milepaele_create",
                plan,
                {
                    "title": title,
                    "due_year": "2013",
                    "due_quarter": str(quarter),
                    "status": "naaet" if quarter < 3 else "planlagt",
                    "reached_on": f"2013-{quarter * 3:02d}-15" if quarter < 3 else "",
                },
            )
            assert response.status_code == 302, response.content.decode()[:800]

    page = leader_client.get(url("activities:milestone_plan_year", plan, year=2013))
    html = page.content.decode()

    assert page.status_code == 200
    positions = [html.index(f"{q}. kvartal 2013") for q in range(1, 5)]
    assert positions == sorted(positions)
    assert html.index("10 unge tilknyttet") < html.index("3. kvartal 2013")
    # Planned milestones of 2013 are long past: they are marked overdue.
    assert html.count("overskredet") >= 2
    assert Milestone.objects.filter(plan=plan).count() == 5


def test_milestone_without_date_or_quarter_is_refused(leader_client, plan):
    response = post(
        leader_client,
        "activities:milepaele_create",
        plan,
        {"title": "Uden frist", "status": "planlagt"},
    )

    assert response.status_code == 400
    assert "Angiv en dato, eller et år og et kvartal." in response.content.decode()
    assert not Milestone.objects.exists()


# --- Impossible input: a Danish message, nothing saved --------------------------------------


@pytest.fixture
def percent_criterion(delaftale):
    activity = ActivityFactory(delaftale=delaftale)
    return ActivityCriterionFactory(activity=activity, kind="procent", baseline_value=None)


def test_percentage_over_100_is_refused(leader_client, plan, percent_criterion):
    response = post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "112", "measured_on": "2021-01-01"},
        parent=percent_criterion.pk,
    )

    assert response.status_code == 400
    assert "En procentdel ligger mellem 0 og 100." in response.content.decode()
    assert not Measurement.objects.exists()


def test_criterion_baseline_over_100_percent_is_refused(leader_client, plan, delaftale):
    response = post(
        leader_client,
        "activities:kriterier_create",
        plan,
        {
            "text": "Tryghed",
            "kind": "procent",
            "direction": "op",
            "baseline_value": "175",
            "target_kind": "absolut",
        },
        parent=delaftale.focus_area.pk,
    )

    assert response.status_code == 400
    assert "En procentdel ligger mellem 0 og 100." in response.content.decode()
    assert not SuccessCriterion.objects.exists()


def test_measurement_dated_before_the_plan_is_refused(leader_client, plan, percent_criterion):
    response = post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "50", "measured_on": "2019-12-31"},
        parent=percent_criterion.pk,
    )

    assert response.status_code == 400
    assert "En måling kan ikke dateres før planens start (01.04.2020)." in (
        response.content.decode()
    )
    assert not Measurement.objects.exists()


def test_text_in_a_number_field_is_refused_and_what_was_typed_is_kept(
    leader_client, plan, percent_criterion
):
    response = post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "cirka halvdelen", "measured_on": "2021-01-01", "comment": "Skrevet i hast"},
        htmx=True,
        parent=percent_criterion.pk,
    )

    html = response.content.decode()
    assert "Indtast et tal, fx 27,8." in html
    assert 'value="cirka halvdelen"' in html and "Skrevet i hast" in html
    assert not Measurement.objects.exists()


def test_danish_decimal_is_accepted(leader_client, plan, percent_criterion):
    post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "25,1", "measured_on": "2021-01-01"},
        parent=percent_criterion.pk,
    )

    assert str(Measurement.objects.get().value) == "25.10"


def test_executable_renamed_pdf_is_refused(leader_client, plan, percent_criterion):
    fake = SimpleUploadedFile(
        "rapport.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, content_type="application/pdf"
    )

    response = post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "50", "measured_on": "2021-01-01", "evidence": fake},
        parent=percent_criterion.pk,
    )

    assert response.status_code == 400
    assert "Kun PDF-filer, billeder (PNG, JPEG, GIF) og Office-dokumenter" in (
        response.content.decode()
    )
    assert not Measurement.objects.exists()


def test_a_50_mb_file_is_refused(leader_client, plan, percent_criterion):
    big = SimpleUploadedFile(
        "stor.pdf", b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024), content_type="application/pdf"
    )

    response = post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "50", "measured_on": "2021-01-01", "evidence": big},
        parent=percent_criterion.pk,
    )

    assert response.status_code == 400
    assert "højst 10,0\xa0MB er tilladt" in response.content.decode()
    assert not Measurement.objects.exists()


def test_pdf_evidence_is_stored_and_served_to_members_only(
    leader_client, outsider_client, plan, percent_criterion, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("maaling.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
    post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "50", "measured_on": "2021-01-01", "evidence": pdf},
        parent=percent_criterion.pk,
    )
    measurement = Measurement.objects.get()

    ok = leader_client.get(url("activities:evidence_download", plan, pk=measurement.pk))
    foreign = outsider_client.get(url("activities:evidence_download", plan, pk=measurement.pk))

    assert ok.status_code == 200 and b"".join(ok.streaming_content).startswith(b"%PDF")
    assert foreign.status_code == 404


def test_office_document_is_accepted_by_content(
    leader_client, plan, percent_criterion, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("notat.docx", buffer.getvalue())

    response = post(
        leader_client,
        "activities:maalinger_create",
        plan,
        {"value": "50", "measured_on": "2021-01-01", "evidence": docx},
        parent=percent_criterion.pk,
    )

    assert response.status_code == 302
    assert Measurement.objects.get().evidence.name.endswith(".docx")


# --- The medarbejder role ---------------------------------------------------------------------


@pytest.fixture
def own_activity(delaftale, staff_membership):
    return ActivityFactory(delaftale=delaftale, responsible=staff_membership)


@pytest.fixture
def others_activity(delaftale):
    return ActivityFactory(delaftale=delaftale)


def test_staff_member_edits_own_activity(staff_client, plan, own_activity):
    response = post(
        staff_client,
        "activities:aktiviteter_edit",
        plan,
        {"name": "Det gode naboskab", "status": "i_gang"},
        pk=own_activity.pk,
    )

    assert response.status_code == 302
    own_activity.refresh_from_db()
    assert own_activity.name == "Det gode naboskab"


def test_staff_member_adds_criteria_measurements_and_milestones_to_own_activity(
    staff_client, plan, own_activity
):
    post(
        staff_client,
        "activities:aktivitetskriterier_create",
        plan,
        {
            "text": "10 unge i fritidsjob",
            "kind": "antal",
            "direction": "op",
            "target_kind": "absolut",
            "target_value": "10",
        },
        parent=own_activity.pk,
    )
    criterion = own_activity.criteria.get()
    post(
        staff_client,
        "activities:maalinger_create",
        plan,
        {"value": "4", "measured_on": "2021-06-01"},
        parent=criterion.pk,
    )
    post(
        staff_client,
        "activities:aktivitetsmilepaele_create",
        plan,
        {"title": "5 unge i job", "due_year": "2021", "due_quarter": "2", "status": "planlagt"},
        parent=own_activity.pk,
    )

    assert criterion.measurements.count() == 1
    assert own_activity.milestones.get().plan == plan


@pytest.mark.parametrize(
    "route, kwargs_of",
    [
        ("activities:aktiviteter_edit", lambda a: {"pk": a.pk}),
        ("activities:aktivitetskriterier_create", lambda a: {"parent": a.pk}),
        ("activities:aktivitetsmilepaele_create", lambda a: {"parent": a.pk}),
        ("activities:aktivitetsmaal_create", lambda a: {"parent": a.pk}),
    ],
)
def test_staff_member_cannot_edit_someone_elses_activity(
    staff_client, plan, others_activity, route, kwargs_of
):
    response = staff_client.post(
        url(route, plan, **kwargs_of(others_activity)),
        {"name": "Overtaget", "text": "x", "title": "x"},
    )

    assert response.status_code == 403
    others_activity.refresh_from_db()
    assert others_activity.name != "Overtaget"


def test_staff_member_cannot_measure_someone_elses_criterion(staff_client, plan, others_activity):
    criterion = ActivityCriterionFactory(activity=others_activity)

    response = post(
        staff_client,
        "activities:maalinger_create",
        plan,
        {"value": "3", "measured_on": "2021-01-01"},
        parent=criterion.pk,
    )

    assert response.status_code == 403
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    "route, kwargs",
    [
        ("plans:plan_edit", {}),
        ("plans:agreement_section_edit", {"section": "gyldighed"}),
        ("plans:members", {}),
        ("activities:milepaele_create", {}),
    ],
)
def test_staff_member_cannot_change_the_plans_settings(staff_client, plan, route, kwargs):
    response = staff_client.post(
        url(route, plan, **kwargs), {"name": "x", "purpose": "x", "email": "a@b.dk", "title": "x"}
    )

    assert response.status_code == 403


def test_staff_member_cannot_create_or_delete_activities(
    staff_client, plan, delaftale, own_activity
):
    create = post(
        staff_client, "activities:aktiviteter_create", plan, {"name": "Ny"}, parent=delaftale.pk
    )
    delete = post(staff_client, "activities:aktiviteter_delete", plan, {}, pk=own_activity.pk)

    assert create.status_code == 403 and delete.status_code == 403
    assert Activity.objects.count() == 1


def test_staff_member_cannot_edit_area_criteria(staff_client, plan, delaftale):
    criterion = AreaCriterionFactory(focus_area=delaftale.focus_area)

    response = post(staff_client, "activities:kriterier_edit", plan, {"text": "x"}, pk=criterion.pk)

    assert response.status_code == 403


def test_activity_page_shows_edit_controls_only_to_those_who_may_edit(
    staff_client, reader_client, plan, own_activity
):
    edit_url = url("activities:aktiviteter_edit", plan, pk=own_activity.pk)
    page = url("activities:activity_detail", plan, pk=own_activity.pk)

    assert edit_url in staff_client.get(page).content.decode()
    assert edit_url not in reader_client.get(page).content.decode()


# --- Inline editing (htmx) ---------------------------------------------------------------


def test_inline_form_is_a_fragment_and_success_swaps_the_section(leader_client, plan, delaftale):
    activity = ActivityFactory(delaftale=delaftale)
    form = leader_client.get(
        url("activities:aktivitetsmaal_create", plan, parent=activity.pk),
        headers={"HX-Request": "true"},
    )

    assert form.status_code == 200
    assert "<html" not in form.content.decode() and 'hx-post="' in form.content.decode()

    saved = post(
        leader_client,
        "activities:aktivitetsmaal_create",
        plan,
        {"text": "Flere i job"},
        htmx=True,
        parent=activity.pk,
    )

    assert saved["HX-Retarget"] == f"#goals-{activity.pk}"
    assert "Flere i job" in saved.content.decode()


def test_inline_delete_returns_the_section_without_the_row(leader_client, plan, delaftale):
    criterion = ActivityCriterionFactory(activity=ActivityFactory(delaftale=delaftale))
    measurement = MeasurementFactory(criterion=criterion)

    response = post(
        leader_client, "activities:maalinger_delete", plan, {}, htmx=True, pk=measurement.pk
    )

    assert response["HX-Retarget"] == f"#criteria-{criterion.activity_id}"
    assert not Measurement.objects.exists()
