import pytest
from django.test import Client

from plans.models import Membership
from tests.factories import DelaftaleFactory, FocusAreaFactory, MembershipFactory


@pytest.fixture
def delaftale(plan):
    return DelaftaleFactory(
        focus_area=FocusAreaFactory(plan=plan, name="Tryghed og trivsel", slug="tryghed-og-trivsel")
    )


@pytest.fixture
def staff_membership(plan):
    """A medarbejder in the plan, responsible for some activities only."""
    return MembershipFactory(plan=plan, role=Membership.Role.STAFF)


@pytest.fixture
def staff_client(staff_membership):
    client = Client()
    client.force_login(staff_membership.user)
    return client
