"""The co-financing rule at its edge, and the financing totals."""

from decimal import Decimal

import pytest
from django.utils import translation

from plans.financing import Split, co_financing_rule, local_share, share_text

MIN = Decimal("25")


@pytest.fixture(autouse=True)
def danish():
    with translation.override("da"):
        yield


def test_exactly_25_percent_passes():
    assert co_financing_rule(Split(lbf=7_500, local=2_500), MIN).ok


def test_24_99_percent_fails():
    rule = co_financing_rule(Split(lbf=750_100, local=249_900), MIN)

    assert not rule.ok
    assert "24,99 %" in rule.message  # one decimal would show 25,0 % and hide the failure


def test_24_9_percent_fails_and_says_how_much_is_missing():
    rule = co_financing_rule(Split(lbf=751_000, local=249_000), MIN)

    assert not rule.ok
    assert "24,9 %" in rule.message and "1.000 kr." in rule.message


def test_seed_001_has_27_0_percent_local_share():
    split = Split(lbf=9_954_000, local=3_679_000)

    assert share_text(local_share(split)) == "27,0 %"
    assert co_financing_rule(split, MIN).ok


def test_no_money_says_so_instead_of_dividing_by_zero():
    rule = co_financing_rule(Split(), MIN)

    assert local_share(Split()) is None
    assert not rule.ok and "ingen finansiering" in rule.message.lower()


def test_share_is_shown_half_up_with_one_decimal():
    assert share_text(Decimal("26.95")) == "27,0 %"
    assert share_text(Decimal("26.94")) == "26,9 %"
    assert share_text(Decimal("25")) == "25,0 %"
