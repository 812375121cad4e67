"""Danish money format and the safe prose subset."""

from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template

from plans.numbers import KronerField, format_budget, format_kr, format_number
from plans.richtext import render_prose


@pytest.mark.parametrize(
    "amount, text",
    [
        (13_633_000, "13.633.000 kr."),
        (0, "0 kr."),
        (849_000, "849.000 kr."),
        (-5000, "-5.000 kr."),
        (None, "–"),
    ],
)
def test_format_kr_uses_danish_thousands(amount, text):
    assert format_kr(amount) == text


@pytest.mark.parametrize(
    "value, unit, places, text",
    [
        (Decimal("27.80"), "%", None, "27,8 %"),
        (1250, "", None, "1.250"),
        (Decimal("-1234.50"), "", None, "-1.234,5"),
        (Decimal("24.996"), "%", 1, "25,0 %"),
        (Decimal("24.996"), "%", 2, "25,00 %"),
        (Decimal("33.5"), "", 0, "34"),
        (None, "", None, "–"),
    ],
)
def test_format_number_is_danish(value, unit, places, text):
    assert format_number(value, unit, places=places) == text


def test_budget_in_whole_thousands():
    assert format_budget(2_701_499, "tkr") == "2.701"
    assert format_budget(2_701_500, "tkr") == "2.702"
    assert format_budget(None) == ""


def test_template_filters_format_through_the_one_formatter():
    html = Template(
        "{% load plan_format %}{{ a|kr }}|{{ b|number:'%' }}|{{ c|decimals:0 }}|{{ d|number }}"
    ).render(Context({"a": 13_633_000, "b": Decimal("27.80"), "c": Decimal("33.50"),
                      "d": Decimal("7.5")}))
    assert html == "13.633.000 kr.|27,8 %|34|7,5"


@pytest.mark.parametrize(
    "typed, value",
    [
        ("2.701.000", 2_701_000),
        ("2 701 000 kr.", 2_701_000),
        ("849000", 849_000),
        ("0", 0),
    ],
)
def test_kroner_field_accepts_what_people_type(typed, value):
    assert KronerField().clean(typed) == value


@pytest.mark.parametrize("typed", ["12,5", "tre millioner", "1e9", "-1"])
def test_kroner_field_refuses_other_input(typed):
    with pytest.raises(forms.ValidationError):
        KronerField().clean(typed)


def test_prose_renders_paragraphs_lists_and_bold():
    html = render_prose("Første afsnit\nfortsat\n\n- et\n- **to**\n\n1. a\n2) b")

    assert html == (
        "<p>Første afsnit<br>fortsat</p><ul><li>et</li><li><strong>to</strong></li></ul>"
        "<ol><li>a</li><li>b</li></ol>"
    )


def test_prose_escapes_html():
    assert render_prose('<img src=x onerror="alert(1)">') == (
        "<p>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</p>"
    )


def test_empty_prose_renders_nothing():
    assert render_prose("  \n ") == ""
