"""`manage.py load_demo`: the two demo plans are complete, valid, repeatable and browsable.

The demo is loaded once for the module (about a second) and removed again afterwards; the
tests that load it again do so inside their own rolled-back transaction. Every test asks for
`db`, so pytest-django keeps them together, before any transactional test flushes the
reference data (rule sets) that the migrations seed.
"""

import datetime
import hashlib
import io
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from activities.models import Activity, CoreActivity, Milestone
from activities.selectors import criteria_for_plan, money_overview_get
from activities.status import AT_RISK, NOT_MEASURED, OFF_TRACK, ON_TRACK, criterion_status
from plans.models import (
    ApprovalState,
    Delaftale,
    DocumentVersion,
    HousingEstate,
    Organisation,
    Plan,
)
from plans.selectors import financing_summary_get
from reporting.management.commands.load_demo import DEMO_SLUGS, DEMO_USERS, demo_plans_delete

VAEREBRO, RUM_FOR_LIV = DEMO_SLUGS
# The plan data itself; the audit trail (django-simple-history) rightly grows on every load.
MODELS = [
    model
    for app in ("plans", "activities")
    for model in apps.get_app_config(app).get_models()
    if not model.__name__.startswith("Historical")
]


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once; afterwards remove it and the reference rows it added."""
    with django_db_blocker.unblock():
        organisations = set(Organisation.objects.values_list("pk", flat=True))
        estates = set(HousingEstate.objects.values_list("pk", flat=True))
        core = set(CoreActivity.objects.values_list("pk", flat=True))
        output = _load()
    yield output
    with django_db_blocker.unblock():
        demo_plans_delete()
        get_user_model().objects.filter(username__in=[u for u, *_ in DEMO_USERS]).delete()
        HousingEstate.objects.exclude(pk__in=estates).delete()
        Organisation.objects.exclude(pk__in=organisations).delete()
        CoreActivity.objects.exclude(pk__in=core).delete()


@pytest.fixture
def vaerebro(demo, db):
    return Plan.objects.get(slug=VAEREBRO)


@pytest.fixture
def rum_for_liv(demo, db):
    return Plan.objects.get(slug=RUM_FOR_LIV)


def _counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in MODELS}


# An approved version's snapshot names rows by id, its PDF carries the print time, and it names
# the document it was made of by id.
VOLATILE = {("DocumentVersion", "data"), ("DocumentVersion", "pdf"), ("DocumentVersion", "sha256"),
            ("DocumentVersion", "document_pk")}


def _fingerprint() -> str:
    """A checksum of every plan and activity row's own content: no ids, no links, no times."""
    digest = hashlib.sha256()
    for model in MODELS:
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if not (
                f.primary_key
                or f.is_relation
                or isinstance(f, models.DateTimeField)
                or f.name == "token"
                or (model.__name__, f.name) in VOLATILE
            )
        ]
        rows = sorted(repr(row) for row in model.objects.values_list(*fields))
        digest.update(model._meta.label.encode())
        digest.update("\n".join(rows).encode())
    return digest.hexdigest()


def test_the_command_prints_the_logins(demo, db):
    for username, _name, _role in DEMO_USERS:
        assert f"{username:<12} password: demo-helhedsplan" in demo


def test_loading_twice_leaves_the_same_data(demo, db):
    users, counts, fingerprint = get_user_model().objects.count(), _counts(), _fingerprint()
    _load()
    assert get_user_model().objects.count() == users
    assert _counts() == counts
    assert _fingerprint() == fingerprint


def test_vaerebro_has_three_delaftaler_and_fourteen_activities(vaerebro):
    delaftaler = [area.delaftale for area in vaerebro.focus_areas.order_by("order")]
    assert [d.focus_area.name for d in delaftaler] == [
        "Tryghed og trivsel",
        "Uddannelse og beskæftigelse",
        "Forebyggelse og forældreansvar",
    ]
    assert [d.activities.count() for d in delaftaler] == [5, 4, 5]
    assert Activity.objects.filter(delaftale__focus_area__plan=vaerebro).count() == 14


def test_vaerebro_agreement_parties_and_signatures(vaerebro):
    agreement = vaerebro.agreement
    signed = {
        s.party.organisation.name: s.signed_on
        for s in agreement.signatures.select_related("party__organisation")
    }
    assert signed == {
        "Gladsaxe almennyttige Boligselskab": datetime.date(2019, 12, 3),
        "DAB": datetime.date(2019, 12, 2),
        "Gladsaxe Kommune": datetime.date(2019, 12, 4),
    }
    written = {s.key for s in agreement.sections.all() if s.text.strip()}
    assert written == {
        "bilag", "formaal", "strategier", "organisering", "samspil", "data", "evaluering",
        "ressourcer", "underretning", "konflikt", "revision",
    }


def test_vaerebro_financing_is_the_seeds(vaerebro):
    summary = financing_summary_get(plan=vaerebro)
    assert summary.total.total == 13_633_000
    assert (summary.total.lbf, summary.total.local) == (9_954_000, 3_679_000)
    assert summary.share_display == "27,0 %"
    by_name = {area.name: summary.by_area[area.pk].total for area in vaerebro.focus_areas.all()}
    assert by_name == {
        "Tryghed og trivsel": 3_550_000,
        "Uddannelse og beskæftigelse": 4_536_000,
        "Forebyggelse og forældreansvar": 4_487_000,
    }
    assert (summary.by_area[None].lbf, summary.by_area[None].local) == (1_060_000, 0)
    money = money_overview_get(plan=vaerebro)
    assert money.ok, [rule.message for rule in money.failures]


def test_vaerebro_criteria_show_every_status(vaerebro):
    today = datetime.date.today()
    statuses = Counter(
        criterion_status(
            c, c.measurements.all(), plan_start=vaerebro.period_start, today=today
        ).code
        for c in criteria_for_plan(plan=vaerebro).prefetch_related("measurements")
    )
    assert set(statuses) == {ON_TRACK, AT_RISK, OFF_TRACK, NOT_MEASURED}


def test_vaerebro_has_overdue_and_reached_milestones(vaerebro):
    today = datetime.date.today()
    milestones = list(Milestone.objects.filter(plan=vaerebro))
    assert {m.quarter_key[0] for m in milestones} == {2020, 2021, 2022, 2023}
    assert any(m.is_overdue(today) for m in milestones)
    assert all(m.reached_on for m in milestones if m.status == Milestone.Status.REACHED)


def test_the_medarbejder_is_responsible_for_some_vaerebro_activities(vaerebro):
    responsible = Activity.objects.filter(
        delaftale__focus_area__plan=vaerebro, responsible__user__username="medarbejder"
    )
    assert 0 < responsible.count() < 14


def test_rum_for_liv_has_four_areas_and_a_milestone_plan_by_quarter(rum_for_liv):
    assert [a.name for a in rum_for_liv.focus_areas.order_by("order")] == [
        "Børn, unge og familie",
        "Uddannelse, beskæftigelse og erhverv",
        "Beboernetværk, inddragelse og demokrati",
        "Image og kommunikation",
    ]
    milestones = Milestone.objects.filter(plan=rum_for_liv, due_year=2013)
    assert set(milestones.values_list("due_quarter", flat=True)) == {1, 2, 3, 4}
    assert milestones.filter(status=Milestone.Status.REACHED, reached_on__isnull=False).exists()


def test_rum_for_liv_activities_use_the_2011_14_fields(rum_for_liv):
    activities = Activity.objects.filter(delaftale__focus_area__plan=rum_for_liv)
    assert activities.count() == 18
    lommepenge = activities.get(name="Lommepengeprojekt")
    assert lommepenge.staff_resources.startswith("Boligsocial medarbejder 10 timer pr. uge")
    for activity in activities:
        assert activity.purpose and activity.staff_resources, activity.name
        assert activity.collaboration and activity.local_evaluation and activity.anchoring


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_the_leder_can_open_every_page_of_both_plans(demo, db, slug):
    plan = Plan.objects.get(slug=slug)
    area = plan.focus_areas.order_by("order").first()
    activity = Activity.objects.filter(delaftale__focus_area__plan=plan).first()
    client = Client()
    client.force_login(get_user_model().objects.get(username="leder"))
    urls = [
        reverse("activities:plan_detail", args=[slug]),
        reverse("activities:agreement_detail", args=[slug]),
        reverse("activities:delaftale_detail", args=[slug, area.slug]),
        reverse("activities:activity_detail", args=[slug, activity.pk]),
        reverse("activities:milestone_plan_year", args=[slug, plan.period_start.year]),
        reverse("activities:budget", args=[slug]),
        reverse("plans:organisation", args=[slug]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_loading_again_after_an_approval_in_the_demo_starts_afresh(
    demo, db, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Someone tries the approval in the demo; loading the demo again must still work. The
    demo plans' approved versions go with them (they are demo data, not evidence)."""
    from plans import approval
    from plans.selectors import plan_access_get
    from reporting.versions import freeze

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    users = {user.username: user for user in get_user_model().objects.all()}
    delaftale = Delaftale.objects.get(focus_area__plan__slug=VAEREBRO,
                                      focus_area__slug="tryghed-og-trivsel")
    for username, action in (("leder", "submit"), ("bestyrelse", "approve")):
        access = plan_access_get(user=users[username], slug=VAEREBRO)
        approval.transition(document=delaftale, action=action, user=users[username],
                            access=access, freeze=freeze)
    [version] = DocumentVersion.objects.filter(plan__slug=VAEREBRO,
                                               area_slug="tryghed-og-trivsel")
    stored = tmp_path / "media" / version.pdf.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        _load()

    assert not DocumentVersion.objects.filter(plan__slug=VAEREBRO,
                                              area_slug="tryghed-og-trivsel").exists()
    assert Plan.objects.filter(slug=VAEREBRO).exists()
    assert not stored.exists()


def test_vaerebro_shows_the_approval_under_way(vaerebro):
    states = {d.focus_area.name: d.approval_state
              for d in Delaftale.objects.filter(focus_area__plan=vaerebro)
              .select_related("focus_area")}
    assert states == {
        "Tryghed og trivsel": ApprovalState.DRAFT,
        "Uddannelse og beskæftigelse": ApprovalState.BOARD_APPROVED,
        "Forebyggelse og forældreansvar": ApprovalState.SUBMITTED,
    }
    [version] = DocumentVersion.objects.filter(plan=vaerebro)
    assert (version.number, version.area_slug) == (1, "uddannelse-og-beskaeftigelse")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bestyrelse"))
    page = client.get(
        reverse("activities:delaftale_detail",
                args=[VAEREBRO, "uddannelse-og-beskaeftigelse"])
    ).content.decode()
    assert "Kladde, ændret siden version 1" in page


# What the Python demo builders (reporting/demo/vaerebro.py, rum_for_liv.py and common.py, last
# at commit 178227a) made: its database migrated to today's schema and each plan exported with
# `export_plan`, summarised by `_summary`. The data files must give the same demo.
PYTHON_DEMO = Path(__file__).with_name("demo_python_reference.json")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _summary(document: dict) -> dict:
    """The rows of every kind, and the total of every numeric field of every kind (amounts,
    spent, years, measurement values, targets, hours, shares). Versions are counted only:
    their snapshot names rows by id and they carry the time of the approval."""
    counts, totals = {}, {}
    for kind, rows in document.items():
        if not isinstance(rows, list):
            continue
        counts[kind] = len(rows)
        if kind == "versions":
            continue
        for row in rows:
            for field, value in row.items():
                if field == "key" or isinstance(value, bool) or value is None:
                    continue
                if isinstance(value, int | float) or (
                    isinstance(value, str) and NUMBER.match(value)
                ):
                    name = f"{kind}.{field}"
                    totals[name] = totals.get(name, Decimal(0)) + Decimal(str(value))
    return {"counts": counts, "totals": {name: str(total) for name, total in totals.items()}}


@pytest.mark.parametrize("slug", DEMO_SLUGS)
def test_the_demo_from_its_data_files_is_the_demo_the_python_built(demo, db, slug, tmp_path):
    path = tmp_path / f"{slug}.json"
    call_command("export_plan", slug, "-o", str(path), stdout=io.StringIO())
    summary = _summary(json.loads(path.read_text(encoding="utf-8")))
    expected = json.loads(PYTHON_DEMO.read_text(encoding="utf-8"))[slug]
    assert summary["counts"] == expected["counts"]
    assert summary["totals"] == expected["totals"]
