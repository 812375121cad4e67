"""Criteria as real plans write them (issue #14): a target is a number, a range or a text;
comparison values keep their own unit; headings group a focus area's criteria; criterion text
takes the safe Markdown subset; a focus area has its own målgruppe."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from activities.models import ComparisonValue, CriterionGroup, SuccessCriterion
from activities.selectors import focus_area_get
from tests.factories import AreaCriterionFactory, FocusAreaFactory


@pytest.fixture
def area(plan):
    return FocusAreaFactory(plan=plan)


def _criterion(area, **fields):
    values = {"focus_area": area, "text": "Unge i fritidsjob", "kind": "antal", "unit": "unge"}
    values.update(fields)
    return SuccessCriterion(**values)


def test_a_range_prints_in_danish_format_with_its_unit(area):
    criterion = _criterion(area, target_kind="interval", target_value=Decimal("5"),
                           target_value_max=Decimal("10"))
    criterion.full_clean()

    assert criterion.target_display == "5-10 unge"
    decimals = _criterion(area, target_kind="interval", target_value=Decimal("2.5"),
                          target_value_max=Decimal("1250"), unit="")
    assert decimals.target_display == "2,5-1.250"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"target_value": Decimal("5")}, "target_value_max", "nedre og en øvre"),
        ({"target_value": Decimal("10"), "target_value_max": Decimal("5")},
         "target_value_max", "under den nedre"),
        ({"kind": "procent", "unit": "", "target_value": Decimal("50"),
          "target_value_max": Decimal("120")}, "target_value_max", "mellem 0 og 100"),
    ],
)
def test_a_bad_range_is_refused_in_danish(area, fields, field, message):
    criterion = _criterion(area, target_kind="interval", **fields)

    with pytest.raises(ValidationError) as error:
        criterion.full_clean()

    assert message in " ".join(error.value.message_dict[field])


def test_an_upper_end_without_a_range_is_refused(area):
    criterion = _criterion(area, target_kind="absolut", target_value=Decimal("5"),
                           target_value_max=Decimal("10"))

    with pytest.raises(ValidationError) as error:
        criterion.full_clean()

    assert "target_value_max" in error.value.message_dict


def test_a_text_target_needs_its_words_and_is_judged_by_achieved(area):
    empty = _criterion(area, target_kind="tekst", target_text="  ")
    with pytest.raises(ValidationError) as error:
        empty.full_clean()
    assert "target_text" in error.value.message_dict

    criterion = _criterion(area, target_kind="tekst", target_text="Der er en beboerredaktion")
    criterion.full_clean()
    assert criterion.target_display == "Der er en beboerredaktion"
    assert criterion.is_qualitative  # its measurements ask achieved / not achieved


def test_a_comparison_value_keeps_its_own_unit(area):
    criterion = AreaCriterionFactory(focus_area=area, kind="antal", unit="familier")
    own = ComparisonValue(criterion=criterion, label="Kommunen", value=Decimal("15.6"), unit="%")
    inherited = ComparisonValue(criterion=criterion, label="Afdelingen", value=Decimal("40"))

    assert own.unit_label == "%"
    assert inherited.unit_label == "familier"
    # A percentage criterion may be compared with a count in its own unit.
    percentage = AreaCriterionFactory(focus_area=area)
    ComparisonValue(criterion=percentage, label="Borgere", value=Decimal("1200"),
                    unit="personer").full_clean()
    with pytest.raises(ValidationError):
        ComparisonValue(criterion=percentage, label="Landet", value=Decimal("120")).full_clean()


def test_headings_group_the_areas_criteria_in_their_order(plan, area):
    second = CriterionGroup.objects.create(focus_area=area, heading="Beskæftigelse", order=1)
    first = CriterionGroup.objects.create(focus_area=area, heading="Uddannelse", order=0)
    loose = AreaCriterionFactory(focus_area=area, text="Uden overskrift", order=5)
    b = AreaCriterionFactory(focus_area=area, text="B", group=second, order=0)
    a = AreaCriterionFactory(focus_area=area, text="A", group=first, order=3)

    criteria = list(focus_area_get(plan=plan, area_slug=area.slug).criteria.all())

    assert criteria == [loose, a, b]


def test_a_heading_of_another_area_is_refused(plan, area):
    other = CriterionGroup.objects.create(focus_area=FocusAreaFactory(plan=plan), heading="X")
    criterion = AreaCriterionFactory(focus_area=area)
    criterion.group = other

    with pytest.raises(ValidationError) as error:
        criterion.full_clean()

    assert "group" in error.value.message_dict


def test_the_leader_adds_a_heading_and_a_range_criterion_under_it(leader_client, plan, area):
    response = leader_client.post(
        reverse("activities:kriteriegrupper_create", args=[plan.slug, area.pk]), {"heading": "Unge"}
    )
    assert response.status_code == 302
    group = CriterionGroup.objects.get(focus_area=area)

    response = leader_client.post(
        reverse("activities:kriterier_create", args=[plan.slug, area.pk]),
        {"text": "Unge i fritidsjob:\n- ordinære job\n- fastholdt i 6 måneder", "kind": "antal",
         "unit": "unge", "direction": "op", "target_kind": "interval", "target_value": "5",
         "target_value_max": "10", "target_year": "2023", "group": group.pk},
    )

    assert response.status_code == 302, response.content.decode()[:500]
    criterion = SuccessCriterion.objects.get(focus_area=area)
    assert criterion.group == group and criterion.target_value_max == Decimal("10")
    page = leader_client.get(reverse("activities:focus_area_detail", args=[plan.slug, area.slug]))
    html = page.content.decode()
    assert "5-10 unge" in html and "<li>ordinære job</li>" in html and ">Unge</h4>" in html


def test_a_bad_range_in_the_form_writes_nothing_and_says_why(leader_client, plan, area):
    response = leader_client.post(
        reverse("activities:kriterier_create", args=[plan.slug, area.pk]),
        {"text": "Unge i job", "kind": "antal", "direction": "op", "target_kind": "interval",
         "target_value": "10", "target_value_max": "5"},
    )

    assert response.status_code in (200, 400)
    assert "Den øvre ende må ikke være under den nedre." in response.content.decode()
    assert not SuccessCriterion.objects.filter(focus_area=area).exists()


def test_a_heading_of_another_plan_cannot_be_chosen(leader_client, plan, area, outsider):
    foreign_area = FocusAreaFactory()
    foreign = CriterionGroup.objects.create(focus_area=foreign_area, heading="Fremmed")

    response = leader_client.post(
        reverse("activities:kriterier_create", args=[plan.slug, area.pk]),
        {"text": "Unge i job", "kind": "antal", "direction": "op", "target_kind": "absolut",
         "target_value": "10", "group": foreign.pk},
    )

    assert "Vælg en overskrift for dette indsatsområde" in response.content.decode()
    assert not SuccessCriterion.objects.filter(focus_area=area).exists()


def test_a_focus_area_has_its_own_target_group(leader_client, plan, area):
    response = leader_client.post(
        reverse("plans:focus_area_edit", args=[plan.slug, area.slug]),
        {"name": area.name, "problem": "", "purpose": "", "target_group": "- Unge 15-24 år"},
    )

    assert response.status_code == 302, response.content.decode()[:500]
    area.refresh_from_db()
    assert area.target_group == "- Unge 15-24 år"


@pytest.mark.parametrize(
    ("fields", "shown"),
    [
        ({"target_kind": "absolut", "target_value": Decimal("10")}, "10 unge"),
        ({"target_kind": "point", "target_value": Decimal("3"), "direction": "ned"}, "−3 point"),
        ({"target_kind": "procent", "target_value": Decimal("12.5")}, "+12,5 %"),
        ({"kind": "kvalitativ", "target_kind": "absolut"}, "Opnået"),
        ({"target_kind": "absolut", "target_value": None}, ""),
    ],
)
def test_every_kind_of_target_prints_in_danish(area, fields, shown):
    assert _criterion(area, **fields).target_display == shown
