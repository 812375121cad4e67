"""Personas and a filled plan, shared by the tests.

- leader:   the plan's boligsocial leder; edits everything in the plan and manages members.
- staff:    a medarbejder in the plan; reads the plan (edits activities from a later issue).
- board:    a bestyrelsesmedlem; reads the plan.
- reader:   a læser; reads the plan.
- outsider: signed in, leader of another plan, no membership in this one; sees nothing of it.
"""

import datetime

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, override_settings

from activities.models import (
    BudgetLine,
    CriterionEstateValue,
    CriterionGroup,
    Indicator,
    IndicatorValue,
)
from plans.models import BudgetGroup, EstateShare, FinancingLine, Membership, PlanDeadline
from plans.services import estate_attach

from .factories import (
    ActivityCriterionFactory,
    ActivityFactory,
    ActivityGoalFactory,
    AgreementFactory,
    AreaCriterionFactory,
    ComparisonValueFactory,
    DelaftaleFactory,
    DelaftalePartyFactory,
    FocusAreaFactory,
    ForumFactory,
    ForumMemberFactory,
    GoalFactory,
    MeasurementFactory,
    MembershipFactory,
    MilestoneFactory,
    OrganisationFactory,
    PlanFactory,
    PlanPartyFactory,
    SignatureFactory,
    StaffMemberFactory,
    StaffResourceFactory,
    TargetGroupFactory,
    UserFactory,
)


def pytest_configure(config):
    """The SQLite test database is a file in var/ (see settings); make sure the folder is there."""
    test_name = django_settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if test_name:
        from pathlib import Path

        Path(test_name).parent.mkdir(parents=True, exist_ok=True)


@pytest.fixture
def plan(db):
    plan = PlanFactory()
    AgreementFactory(plan=plan)
    return plan


@pytest.fixture
def filled_plan(plan):
    """A plan with one row of every kind, so every route has something to point at."""
    return build_filled_plan(plan)


def build_filled_plan(plan=None):
    """`filled_plan` for tests that build their own data (transactional ones)."""
    if plan is None:
        plan = PlanFactory()
        AgreementFactory(plan=plan)
    area = FocusAreaFactory(plan=plan)
    GoalFactory(focus_area=area)
    heading = CriterionGroup.objects.create(focus_area=area, heading="Tryghed")
    AreaCriterionFactory(focus_area=area, group=heading)
    delaftale = DelaftaleFactory(focus_area=area)
    resource = StaffResourceFactory(delaftale=delaftale)
    DelaftalePartyFactory(delaftale=delaftale)
    party = PlanPartyFactory(plan=plan)
    SignatureFactory(agreement=plan.agreement, party=party)
    forum = ForumFactory(plan=plan)
    ForumMemberFactory(forum=forum)
    member = StaffMemberFactory(plan=plan)
    activity = ActivityFactory(delaftale=delaftale)
    ActivityGoalFactory(activity=activity)
    TargetGroupFactory(activity=activity)
    criterion = ActivityCriterionFactory(activity=activity)
    ComparisonValueFactory(criterion=criterion)
    estate = estate_attach(plan=plan, name="Parken", number="1",
                           organisation=OrganisationFactory(), status="Udsat boligområde")
    plan_estate = plan.plan_estates.get(estate=estate)
    activity.estates.add(plan_estate)
    EstateShare.objects.create(plan_estate=plan_estate, staff_resource=resource, share_percent=60)
    EstateShare.objects.create(plan_estate=plan_estate, staff_member=member, share_percent=50)
    CriterionEstateValue.objects.create(criterion=criterion, plan_estate=plan_estate,
                                        baseline_value=10, target_value=20)
    MeasurementFactory(criterion=criterion)
    MilestoneFactory(plan=plan, activity=activity)
    indicator = Indicator.objects.create(plan=plan, name="Andel uden for arbejdsmarkedet",
                                         unit="%", source="Boligsociale Data")
    IndicatorValue.objects.create(indicator=indicator, plan_estate=plan_estate, period="2021",
                                  measured_on=datetime.date(2021, 12, 31), value=30)
    PlanDeadline.objects.create(plan=plan, title="Midtvejsevaluering",
                                due=datetime.date(2022, 1, 31))
    FinancingLine.objects.create(plan=plan, kind="lbf", name="Landsbyggefonden", focus_area=area)
    group = BudgetGroup.objects.create(plan=plan, focus_area=area)
    BudgetLine.objects.create(plan=plan, text="Netværksmedarbejder", category="loen",
                              focus_area=area, activity=activity, group=group,
                              footnote="Halv tid")
    return plan


def _member(plan, role):
    return MembershipFactory(plan=plan, role=role).user


@pytest.fixture
def leader(plan):
    return _member(plan, Membership.Role.LEADER)


@pytest.fixture
def staff(plan):
    return _member(plan, Membership.Role.STAFF)


@pytest.fixture
def board(plan):
    return _member(plan, Membership.Role.BOARD)


@pytest.fixture
def reader(plan):
    return _member(plan, Membership.Role.READER)


@pytest.fixture
def outsider(db):
    other_plan = PlanFactory()
    AgreementFactory(plan=other_plan)
    return MembershipFactory(plan=other_plan, role=Membership.Role.LEADER).user


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def leader_client(leader):
    return _client_for(leader)


@pytest.fixture
def reader_client(reader):
    return _client_for(reader)


@pytest.fixture
def board_client(board):
    return _client_for(board)


@pytest.fixture
def outsider_client(outsider):
    return _client_for(outsider)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing costs ~0.3 s per user; tests create many users and check no hashes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: answers kept under a plan's data state (history
    row ids) would otherwise carry over to the next test, whose rolled-back ids repeat."""
    cache.clear()
    yield


@pytest.fixture(autouse=True, scope="session")
def files_in_a_temporary_folder(tmp_path_factory):
    """Stored files and the PDF part cache go to a folder of the test run, never into the
    checkout's media/ and var/."""
    folder = tmp_path_factory.mktemp("files")
    with override_settings(MEDIA_ROOT=folder / "media", PDF_CACHE_DIR=folder / "pdf-cache"):
        yield


@pytest.fixture(autouse=True, scope="session")
def plain_http_test_client():
    """The suite runs the production settings, but Django's test client and live server speak
    plain http and nothing ran collectstatic: no redirect to https, static files under their
    own names. Session-wide, because the live server builds its middleware once.
    tests/test_security.py checks the redirect and the hashed static files."""
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **django_settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield


# --- The route matrix's plan (tests/test_routes.py and the walks built on it) ---------------


def _approved_version(plan):
    from django.utils import timezone

    from plans.models import DocumentVersion

    version, _ = DocumentVersion.objects.get_or_create(
        plan=plan,
        kind="delaftale",
        area_slug=plan.focus_areas.get().slug,
        document_pk=plan.focus_areas.get().delaftale.pk,
        number=1,
        defaults={
            "title": "Delaftale",
            "state": "godkendt",
            "approved_at": timezone.now(),
            "data": {"title": "", "blocks": []},
            "sha256": "0" * 64,
        },
    )
    return version


@pytest.fixture
def victim_plan(filled_plan):
    """A plan with one row of everything (an afdeling too), a leader and an open invitation."""
    from plans.models import Invitation
    from tests.factories import MembershipFactory

    MembershipFactory(plan=filled_plan, role=Membership.Role.LEADER)
    Invitation.objects.create(plan=filled_plan, email="a@example.dk", role="laeser", token="x")
    _approved_version(filled_plan)
    from django.core.files.base import ContentFile

    from reporting.models import RenderedDocument

    job = RenderedDocument.objects.create(
        plan=filled_plan, spec="budget", title="Budget", status="done"
    )
    job.file.save("budget.pdf", ContentFile(b"%PDF-1.7\n"))
    return filled_plan
