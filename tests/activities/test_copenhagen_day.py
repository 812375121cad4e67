"""'Today' is Copenhagen's day, not the server's (issue 17, point 6): at 00:30 Danish time the
server's clock (UTC) still says yesterday, and a measurement dated today must be accepted."""

import datetime
import types

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

import activities.models
import activities.selectors
import activities.views
import reporting.exchange.sheets.resources
from tests.factories import MeasurementFactory, MilestoneFactory

# 16 June 2026, 00:30 in Copenhagen (CEST, UTC+2) is 15 June 22:30 on a server clock in UTC.
NOW = datetime.datetime(2026, 6, 15, 22, 30, tzinfo=datetime.UTC)
COPENHAGEN_TODAY = datetime.date(2026, 6, 16)


class ServerDate(datetime.date):
    """The date as a server in UTC sees it."""

    @classmethod
    def today(cls):
        return cls(2026, 6, 15)


@pytest.fixture
def frozen_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    server_datetime = types.SimpleNamespace(
        **{name: getattr(datetime, name) for name in dir(datetime) if not name.startswith("__")}
    )
    server_datetime.date = ServerDate
    for module in (activities.models, activities.selectors, activities.views,
                   reporting.exchange.sheets.resources):
        if hasattr(module, "datetime"):
            monkeypatch.setattr(module, "datetime", server_datetime)
    assert timezone.localdate() == COPENHAGEN_TODAY


@pytest.fixture
def plan_of_2026(plan):
    plan.period_start, plan.period_end = datetime.date(2025, 1, 1), datetime.date(2028, 12, 31)
    plan.save()
    return plan


def test_a_measurement_dated_today_at_half_past_midnight_is_accepted(frozen_clock, plan_of_2026):
    measurement = MeasurementFactory.build(
        criterion=MeasurementFactory(criterion__activity__delaftale__focus_area__plan=plan_of_2026,
                                     measured_on=datetime.date(2026, 1, 5)).criterion,
        measured_on=COPENHAGEN_TODAY,
    )

    measurement.full_clean()  # no "in the future"


def test_a_measurement_dated_tomorrow_is_still_refused(frozen_clock, plan_of_2026):
    measurement = MeasurementFactory.build(
        criterion=MeasurementFactory(criterion__activity__delaftale__focus_area__plan=plan_of_2026,
                                     measured_on=datetime.date(2026, 1, 5)).criterion,
        measured_on=COPENHAGEN_TODAY + datetime.timedelta(days=1),
    )

    with pytest.raises(ValidationError, match="fremtiden"):
        measurement.full_clean()


def test_a_milestone_reached_today_at_half_past_midnight_is_accepted(frozen_clock, plan_of_2026):
    milestone = MilestoneFactory.build(plan=plan_of_2026, due_year=2026, status="naaet",
                                       reached_on=COPENHAGEN_TODAY)

    milestone.full_clean()
