"""The success criterion card (activities.templatetags.criterion_cards) on the pages that show
criteria: every part of the card, with and without the right to edit."""

import datetime
from decimal import Decimal

from django.urls import reverse

from activities.models import CriterionEstateValue, Indicator, SuccessCriterion
from plans.models import EstateShare
from tests.factories import (
    AreaCriterionFactory,
    ComparisonValueFactory,
    FocusAreaFactory,
    MeasurementFactory,
    StaffResourceFactory,
)


def _area_with_criteria(plan):
    area = FocusAreaFactory(plan=plan)
    indicator = Indicator.objects.create(plan=plan, name="Andel i beskæftigelse", unit="%")
    full = AreaCriterionFactory(
        focus_area=area,
        baseline_note="Værebro <Park> 75 %",
        target_year=2026,
        data_source="DST & LBF",
        measured_when="hver december",
        indicator=indicator,
        next_measurement_due=datetime.date(2027, 3, 1),
    )
    MeasurementFactory(criterion=full, value=Decimal("25.5"), comment="Første <måling>")
    ComparisonValueFactory(criterion=full, label="Hele landet", value=Decimal("12"), period="2020")
    qualitative = AreaCriterionFactory(
        focus_area=area,
        kind=SuccessCriterion.Kind.QUALITATIVE,
        baseline_value=None,
        baseline_due=datetime.date(2025, 1, 2),
    )
    MeasurementFactory(criterion=qualitative, achieved=True)
    return area, full, qualitative, indicator


def test_the_card_shows_every_part_and_the_leader_its_controls(leader_client, plan):
    area, full, qualitative, indicator = _area_with_criteria(plan)
    url = reverse("activities:focus_area_detail", args=[plan.slug, area.slug])
    html = leader_client.get(url).content.decode()

    assert f'id="criterion-{full.pk}" data-row="kriterier-{full.pk}"' in html
    assert "27,8 %" in html and "(2018)" in html  # baseline with its period
    assert "Værebro &lt;Park&gt; 75 %" in html  # escaped
    assert "(2026)" in html and "DST &amp; LBF · hver december" in html
    assert f'#indikator-{indicator.pk}">Andel i beskæftigelse</a>' in html
    assert "01.03.2027" in html  # next measurement due
    assert "Hele landet 12" in html and "(2020)" in html
    assert '<caption class="visually-hidden">Målinger</caption>' in html
    assert "Første &lt;måling&gt;" in html
    assert "02.01.2025" in html  # the baseline to be measured by
    assert "Opnået" in html  # the qualitative criterion's measurement
    slot = f'hx-target="#slot-criterion-{full.pk}"'
    for name in ("maalinger_create", "sammenligninger_create", "afdelingsvaerdier_create",
                 "kriterier_edit"):
        link = reverse(f"activities:{name}", args=[plan.slug, full.pk])
        assert f'href="{link}" hx-get="{link}" {slot}' in html
    delete = reverse("activities:kriterier_delete", args=[plan.slug, full.pk])
    assert f'hx-post="{delete}" hx-confirm=' in html
    # The first criterion moves down only, the last up only.
    down = reverse("activities:kriterier_move", args=[plan.slug, full.pk, "ned"])
    up = reverse("activities:kriterier_move", args=[plan.slug, full.pk, "op"])
    assert down in html and up not in html
    assert 'aria-label="Flyt ned"' in html
    assert reverse("activities:kriterier_move", args=[plan.slug, qualitative.pk, "op"]) in html


def test_the_reader_sees_the_card_without_controls(reader_client, plan):
    area, full, _qualitative, _indicator = _area_with_criteria(plan)
    url = reverse("activities:focus_area_detail", args=[plan.slug, area.slug])
    html = reader_client.get(url).content.decode()

    assert f'id="criterion-{full.pk}"' in html and "Første &lt;måling&gt;" in html
    assert "slot-criterion-" not in html
    assert reverse("activities:kriterier_edit", args=[plan.slug, full.pk]) not in html


def test_values_per_estate_and_staff_shares_are_shown(leader_client, filled_plan):
    plan = filled_plan
    area = plan.focus_areas.first()
    plan_estate = plan.plan_estates.first()
    criterion = area.criteria.first()
    CriterionEstateValue.objects.create(
        criterion=criterion, plan_estate=plan_estate, baseline_value=10, target_value=20
    )
    resource = StaffResourceFactory(delaftale=area.delaftale)
    share = EstateShare.objects.create(
        plan_estate=plan_estate, staff_resource=resource, share_percent=40
    )
    html = leader_client.get(
        reverse("activities:delaftale_detail", args=[plan.slug, area.slug])
    ).content.decode()

    assert 'class="small estate-value"' in html and "Parken: baseline" in html
    assert "Parken: 40 %" in html
    assert reverse("plans:ressourcefordeling_edit", args=[plan.slug, share.pk]) in html
    assert reverse("plans:ressourcefordeling_delete", args=[plan.slug, share.pk]) in html


def test_the_page_reads_make_the_same_snapshots_as_the_prints(
    filled_plan, django_assert_num_queries
):
    """The agreement page reads the agreement without the afdelinger and sets each signature's
    party from the plan's parties; the delaftale page takes the plan from the caller: the
    snapshots compared with an approved version must be the ones the prints make."""
    from activities import selectors
    from activities.approval import snapshots
    from plans.models import Plan

    plan = filled_plan
    fresh = Plan.objects.get(pk=plan.pk)  # no rule set read
    page = Plan.objects.select_related("rule_set").get(pk=plan.pk)
    assert plan.plan_estates.exists() and plan.agreement.signatures.exists()
    printed = snapshots.agreement_data(selectors.agreement_get(plan=fresh))
    agreement = selectors.agreement_get(plan=page, estates=False)
    with django_assert_num_queries(1):  # the afdelinger, read now
        assert snapshots.agreement_data(agreement) == printed
    area = plan.focus_areas.first()
    assert snapshots.delaftale_data(
        selectors.delaftale_get(plan=page, area_slug=area.slug)
    ) == snapshots.delaftale_data(selectors.delaftale_get(plan=fresh, area_slug=area.slug))


def test_the_approval_panel_says_what_approval_state_get_says(filled_plan, leader_client):
    """The document pages read the approval state from the versions they list (without their
    content): the same answer as `approval_state_get`, as approved and once changed."""
    from django.core.cache import cache
    from django.utils import timezone

    from activities import approval, selectors
    from activities.approval import snapshots
    from plans.models import Delaftale, DocumentVersion

    plan = filled_plan
    area = plan.focus_areas.get()
    delaftale = Delaftale.objects.get(focus_area=area)
    page = reverse("activities:delaftale_detail", args=[plan.slug, area.slug])
    live = snapshots.delaftale_data(selectors.delaftale_get(plan=plan, area_slug=area.slug))
    DocumentVersion.objects.create(
        plan=plan, kind="delaftale", area_slug=area.slug, document_pk=delaftale.pk, number=1,
        title="Delaftale", state="godkendt", approved_at=timezone.now(), data=live,
        sha256="0" * 64,
    )
    for edit in (False, True):
        if edit:
            area.goals.update(text="Et nyt mål")
        delaftale.refresh_from_db()
        cache.clear()
        expected = approval.approval_state_get(delaftale)
        assert expected.changed is edit
        versions = list(approval.versions_of(delaftale).defer("data"))
        cache.clear()
        assert approval.approval_state_from_versions(delaftale, versions) == expected
        cache.clear()
        assert expected.label in leader_client.get(page).content.decode()
