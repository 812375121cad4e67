"""The status rule of a success criterion: one function, its cases and its reasons."""

import datetime
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from activities.models import SuccessCriterion
from activities.status import (
    AT_RISK,
    NOT_MEASURED,
    OFF_TRACK,
    ON_TRACK,
    criterion_status,
)

PLAN_START = datetime.date(2020, 1, 1)
TODAY = datetime.date(2022, 12, 31)


def criterion(**fields):
    values = {
        "kind": "procent",
        "unit": "",
        "direction": "op",
        "baseline_value": None,
        "baseline_period": "",
        "baseline_due": None,
        "target_kind": "absolut",
        "target_value": None,
        "target_year": 2023,
    }
    values.update(fields)
    # An unsaved model instance, so the rule sees exactly what the app stores.
    return SuccessCriterion(**values)


def m(value, on, achieved=None):
    return SimpleNamespace(
        value=None if value is None else D(str(value)), achieved=achieved, measured_on=on
    )


def status(c, measurements, today=TODAY):
    return criterion_status(c, measurements, plan_start=PLAN_START, today=today)


def test_no_measurement_is_not_measured():
    result = status(criterion(baseline_value=D("75"), target_value=D("80")), [])

    assert result.code == NOT_MEASURED


def test_unknown_baseline_says_when_it_is_due():
    result = status(
        criterion(
            baseline_due=datetime.date(2020, 12, 31), target_kind="point", target_value=D("5")
        ),
        [],
    )

    assert result.code == NOT_MEASURED
    assert "31.12.2020" in result.reason


def test_falling_percentage_point_target_on_track_reads_like_the_board_expects():
    # Baseline 27,8 %, target −3 points by 2023, measured 25,1 % in 2022.
    c = criterion(
        direction="ned",
        baseline_value=D("27.8"),
        baseline_period="2018",
        target_kind="point",
        target_value=D("3"),
    )

    result = status(c, [m("25.1", datetime.date(2022, 6, 30))])

    assert result.code == ON_TRACK
    assert result.reason == (
        "Baseline 27,8 %, mål −3 point, seneste måling 25,1 % (2022): på sporet"
    )


def test_falling_target_moving_the_wrong_way_is_off_track():
    c = criterion(
        direction="ned",
        baseline_value=D("27.8"),
        baseline_period="2018",
        target_kind="point",
        target_value=D("3"),
    )

    assert status(c, [m("29", datetime.date(2022, 6, 30))]).code == OFF_TRACK


def test_rising_target_with_some_but_too_little_progress_is_at_risk():
    c = criterion(
        baseline_value=D("75"), baseline_period="2019", target_kind="point", target_value=D("5")
    )

    # Three of four years gone, one point of five gained.
    assert status(c, [m("76", datetime.date(2022, 12, 1))]).code == AT_RISK


def test_percent_change_target_is_computed_from_the_baseline():
    # 200 → +10 % = 220; 215 after half the time is on track.
    c = criterion(
        kind="antal",
        baseline_value=D("200"),
        baseline_period="2019",
        target_kind="procent",
        target_value=D("10"),
    )

    result = status(c, [m("215", datetime.date(2021, 12, 31))])

    assert result.code == ON_TRACK
    assert "+10 %" in result.reason


def test_target_already_met_is_on_track_even_early():
    c = criterion(kind="antal", baseline_value=D("0"), target_value=D("10"))

    result = status(c, [m("12", datetime.date(2020, 6, 1))])

    assert result.code == ON_TRACK
    assert "mål nået" in result.reason


def test_target_year_passed_without_reaching_it_is_off_track():
    c = criterion(kind="antal", baseline_value=D("0"), target_value=D("10"), target_year=2021)

    assert status(c, [m("9", datetime.date(2021, 12, 1))]).code == OFF_TRACK


def test_missing_baseline_with_relative_target_and_one_measurement_is_not_measured():
    c = criterion(target_kind="point", target_value=D("5"))

    result = status(c, [m("70", datetime.date(2021, 1, 1))])

    assert result.code == NOT_MEASURED
    assert "baseline" in result.reason.lower()


def test_baseline_measured_late_uses_the_first_measurement():
    # Baseline only known from the first measurement (December 2020), then progress.
    c = criterion(target_kind="point", target_value=D("4"))

    result = status(c, [m("60", datetime.date(2020, 12, 15)), m("63", datetime.date(2022, 6, 1))])

    assert result.code == ON_TRACK
    assert result.reason.startswith("Baseline målt sent 60 % (2020)")


def test_missing_baseline_with_absolute_target_not_reached_is_at_risk():
    c = criterion(target_value=D("80"))

    assert status(c, [m("70", datetime.date(2021, 6, 1))]).code == AT_RISK


def test_qualitative_achieved_is_on_track():
    c = criterion(kind="kvalitativ")

    result = status(c, [m(None, datetime.date(2021, 3, 1), achieved=True)])

    assert result.code == ON_TRACK
    assert "opnået" in result.reason


def test_qualitative_not_achieved_with_time_left_is_at_risk():
    c = criterion(kind="kvalitativ")

    assert status(c, [m(None, datetime.date(2021, 3, 1), achieved=False)]).code == AT_RISK


def test_qualitative_not_achieved_after_target_year_is_off_track():
    c = criterion(kind="kvalitativ", target_year=2021)

    assert status(c, [m(None, datetime.date(2021, 3, 1), achieved=False)]).code == OFF_TRACK


def test_only_the_latest_measurement_counts_whatever_the_order():
    c = criterion(kind="antal", baseline_value=D("0"), target_value=D("10"))
    late = m("9", datetime.date(2022, 10, 1))
    early = m("1", datetime.date(2020, 5, 1))

    assert status(c, [late, early]) == status(c, [early, late])
    assert status(c, [late, early]).code == ON_TRACK


def test_reach_direction_counts_progress_towards_the_level():
    c = criterion(
        direction="naa", baseline_value=D("40"), baseline_period="2019", target_value=D("60")
    )

    assert status(c, [m("44", datetime.date(2022, 6, 1))]).code == AT_RISK


def test_no_target_set_is_not_measured():
    c = criterion(baseline_value=D("40"))

    assert status(c, [m("44", datetime.date(2022, 6, 1))]).code == NOT_MEASURED


@pytest.mark.parametrize(
    "value, expected", [("26.6", ON_TRACK), ("27.5", AT_RISK), ("28.0", OFF_TRACK)]
)
def test_falling_target_boundaries(value, expected):
    c = criterion(
        direction="ned",
        baseline_value=D("27.8"),
        baseline_period="2019",
        target_kind="point",
        target_value=D("3"),
    )

    assert status(c, [m(value, datetime.date(2021, 12, 31))]).code == expected


@pytest.fixture(autouse=True)
def danish():
    from django.utils import translation

    with translation.override("da"):
        yield


# --- Ranges and targets in words (issue #14) ----------------------------------------------


def _range(direction, low="5", high="10", **fields):
    return criterion(
        kind="antal", direction=direction, target_kind="interval",
        target_value=D(low), target_value_max=D(high), **fields,
    )


@pytest.mark.parametrize(
    ("direction", "value", "expected"),
    [
        ("op", "4", AT_RISK),  # below the range, time left, no baseline
        ("op", "5", ON_TRACK),  # at the lower end
        ("op", "12", ON_TRACK),  # above the range going up is more than enough
        ("ned", "11", AT_RISK),
        ("ned", "10", ON_TRACK),  # at the upper end going down
        ("ned", "2", ON_TRACK),
        ("naa", "7", ON_TRACK),  # inside
        ("naa", "10", ON_TRACK),  # at an end, both included
        ("naa", "11", AT_RISK),  # overshot a level that is to be reached
        ("naa", "4", AT_RISK),
    ],
)
def test_a_range_is_reached_inside_or_at_it_on_the_criterions_side(direction, value, expected):
    result = status(_range(direction), [m(value, datetime.date(2022, 6, 30))])

    assert result.code == expected
    if expected == ON_TRACK:
        assert "5-10" in result.reason


def test_a_range_not_reached_after_the_target_year_is_off_track():
    result = status(_range("op", target_year=2021), [m("3", datetime.date(2022, 6, 30))])

    assert result.code == OFF_TRACK


def test_progress_towards_a_range_is_measured_to_its_near_end():
    # Baseline 0 young people, 5-10 by 2023; 4 in mid-2022 is 80 % of the way to 5 → on track.
    c = _range("op", baseline_value=D("0"), baseline_period="2019")

    assert status(c, [m("4", datetime.date(2022, 6, 30))]).code == ON_TRACK
    assert status(c, [m("1", datetime.date(2022, 6, 30))]).code == AT_RISK
    # Going down from 20 towards 5-10: the upper end counts; 19 by mid-2022 is too slow.
    down = _range("ned", baseline_value=D("20"), baseline_period="2019")
    assert status(down, [m("19", datetime.date(2022, 6, 30))]).code == AT_RISK
    assert status(down, [m("11", datetime.date(2022, 6, 30))]).code == ON_TRACK


@pytest.mark.parametrize(("achieved", "expected"), [(True, ON_TRACK), (False, AT_RISK)])
def test_a_target_in_words_is_judged_by_achieved(achieved, expected):
    c = criterion(kind="antal", target_kind="tekst", target_text="Der opbygges en redaktion")

    result = status(c, [m(None, datetime.date(2022, 6, 30), achieved=achieved)])

    assert c.is_qualitative
    assert result.code == expected


def test_a_target_in_words_without_a_measurement_is_not_measured():
    c = criterion(kind="antal", target_kind="tekst", target_text="Der opbygges en redaktion")

    assert status(c, []).code == NOT_MEASURED
