"""Indicators as data (issue 18, point 7): values per afdeling or for the area, entered on a
page; a criterion tied to an indicator takes its measurements from the area's values; the
agreement's Boligsociale Data section prints the latest values."""

import datetime
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse

from activities.models import Indicator, IndicatorValue, Measurement
from plans.models import Section
from reporting import pdf
from reporting.documents import DocumentSpec, build_document
from tests.factories import AreaCriterionFactory, FocusAreaFactory

NAME = "Andel af 18-64-årige uden for arbejdsmarkedet"


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def indicator(plan):
    return Indicator.objects.create(plan=plan, name=NAME, unit="%", source="Boligsociale Data")


def _add_value(client, plan, indicator, **data):
    url = reverse("activities:indikatorvaerdier_create", args=[plan.slug, indicator.pk])
    return client.post(url, {"plan_estate": "", "period": "", **data})


def test_leader_adds_an_indicator_and_a_value_for_the_area(leader_client, plan):
    response = leader_client.post(reverse("activities:indikatorer_create", args=[plan.slug]),
                                  {"name": NAME, "unit": "%", "source": "Boligsociale Data"})
    assert response.status_code == 302
    indicator = Indicator.objects.get(plan=plan)

    response = _add_value(leader_client, plan, indicator, period="2021",
                          measured_on="2021-12-31", value="31,4")

    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.value, value.plan_estate) == (Decimal("31.4"), None)
    page = leader_client.get(reverse("activities:indicators", args=[plan.slug])).text
    assert NAME in page and "31,4 %" in page


def test_bad_value_and_a_second_value_for_the_same_date_are_refused_in_danish(
    leader_client, plan, indicator
):
    response = _add_value(leader_client, plan, indicator, measured_on="2021-12-31", value="abc")
    assert response.status_code == 400  # the form again, with its errors
    assert IndicatorValue.objects.count() == 0

    _add_value(leader_client, plan, indicator, measured_on="2021-12-31", value="30")
    response = _add_value(leader_client, plan, indicator, measured_on="2021-12-31", value="29")
    assert "har allerede en værdi for denne dato" in response.text
    assert IndicatorValue.objects.count() == 1


def test_board_member_cannot_add_values(board_client, plan, indicator):
    response = _add_value(board_client, plan, indicator, measured_on="2021-12-31", value="30")
    assert response.status_code == 403
    assert IndicatorValue.objects.count() == 0


def test_a_criterion_tied_to_an_indicator_takes_its_measurements_from_it(
    leader_client, plan, indicator
):
    criterion = AreaCriterionFactory(focus_area=FocusAreaFactory(plan=plan))
    edit = reverse("activities:kriterier_edit", args=[plan.slug, criterion.pk])
    form = leader_client.get(edit).context["form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()
            if name in form.fields}
    data["indicator"] = indicator.pk
    for name in ("baseline_value", "target_value"):
        data[name] = str(data[name]).replace(".", ",")
    assert leader_client.post(edit, data).status_code == 302

    _add_value(leader_client, plan, indicator, measured_on="2019-12-31", value="33")  # baseline
    _add_value(leader_client, plan, indicator, measured_on="2021-12-31", value="30")
    _add_value(leader_client, plan, indicator, measured_on="2022-12-31", value="28,5")

    measured = list(criterion.measurements.values_list("measured_on", "value"))
    assert measured == [(datetime.date(2021, 12, 31), Decimal("30")),
                        (datetime.date(2022, 12, 31), Decimal("28.5"))]
    assert all(m.indicator_value_id for m in criterion.measurements.all())

    value = IndicatorValue.objects.get(measured_on=datetime.date(2022, 12, 31))
    edit_value = reverse("activities:indikatorvaerdier_edit", args=[plan.slug, value.pk])
    leader_client.post(edit_value, {"plan_estate": "", "period": "2022",
                                    "measured_on": "2022-12-31", "value": "27"})
    assert criterion.measurements.get(measured_on=datetime.date(2022, 12, 31)).value == 27

    leader_client.post(reverse("activities:indikatorvaerdier_delete", args=[plan.slug, value.pk]))
    assert criterion.measurements.count() == 1
    assert Measurement.objects.filter(indicator_value__isnull=False).count() == 1


def test_the_agreement_prints_the_indicators_with_their_latest_values(plan, indicator):
    IndicatorValue.objects.create(indicator=indicator, period="2020",
                                  measured_on=datetime.date(2020, 12, 31), value=Decimal("33"))
    IndicatorValue.objects.create(indicator=indicator, period="2022",
                                  measured_on=datetime.date(2022, 12, 31), value=Decimal("28.7"))
    # The agreement's sections come from the rule set's template: its data section prints them.
    assert Section.objects.get(agreement__plan=plan, key="data").content == "indicators"

    document = build_document(plan, DocumentSpec.parse("agreement"))
    rendered = pdf.build(document.parts, document.stamp, document.toc)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=rendered.pdf,
                          capture_output=True, check=True).stdout.decode()
    text = " ".join(text.split())

    assert "Boligsociale Data – Tværgående målinger" in text
    assert text.count("Boligsociale Data – Tværgående målinger") == 1
    assert "Andel af 18-64-årige uden for" in text and "arbejdsmarkedet" in text  # wrapped
    assert "28,7 %" in text and "33 %" not in text


def test_the_section_template_of_lbf_agreements_prints_indicators(db):
    from plans.models import RuleSet, SectionTemplate

    rule_set = RuleSet.objects.get(code="lbf-2015-18")
    row = SectionTemplate.objects.get(rule_set=rule_set, document="agreement", key="data")
    assert row.content == "indicators"
