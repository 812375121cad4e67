"""Approved versions stay with the document they were made of, and compare by value whatever the
interface language (issue 17, points 4 and 5)."""

import pytest
from django.urls import reverse

from activities import approval
from activities import selectors as activity_selectors
from activities.approval import snapshots
from plans import services
from plans.models import Delaftale, DocumentVersion, RuleSetArea


@pytest.fixture(autouse=True)
def pdf_settings(settings, tmp_path):
    settings.PDF_CACHE_DIR = tmp_path / "pdf-cache"
    settings.MEDIA_ROOT = tmp_path / "media"


def _approve(leader_client, board_client, plan, delaftale):
    url = reverse("reporting:delaftale_transition", args=[plan.slug, delaftale.focus_area.slug])
    assert leader_client.post(url, {"action": "submit"}).status_code == 302
    assert board_client.post(url, {"action": "approve"}).status_code == 302


def _area_with_delaftale(plan):
    rule_area = RuleSetArea.objects.filter(rule_set=plan.rule_set).first()
    [area] = services.focus_areas_add(plan=plan, rule_set_areas=[rule_area])
    return services.delaftale_create(plan=plan, focus_area=area)


def test_a_new_delaftale_for_a_re_added_area_has_no_versions_of_the_old_one(
    leader_client, board_client, plan
):
    old = _area_with_delaftale(plan)
    _approve(leader_client, board_client, plan, old)
    assert DocumentVersion.objects.filter(plan=plan).count() == 1
    slug = old.focus_area.slug
    response = leader_client.post(reverse("plans:focus_area_delete", args=[plan.slug, slug]))
    assert response.status_code == 302

    new = _area_with_delaftale(plan)

    assert new.focus_area.slug == slug  # the same area, the same short name
    page = leader_client.get(
        reverse("activities:delaftale_detail", args=[plan.slug, slug])
    ).content.decode()
    assert "ændret siden version 1" not in page
    assert "Ingen godkendt version endnu" in page
    text, draft = approval.approval_state_get(Delaftale.objects.get(pk=new.pk)).stamp
    assert draft and "version" not in text
    compare = reverse("activities:delaftale_compare", args=[plan.slug, slug])
    assert leader_client.get(compare).status_code == 404
    assert DocumentVersion.objects.filter(plan=plan).count() == 1  # the old one is kept

    _approve(leader_client, board_client, plan, new)  # the new delaftale starts at version 1
    numbers = sorted(DocumentVersion.objects.filter(plan=plan).values_list("number", flat=True))
    assert numbers == [1, 1]


def test_an_approval_made_in_english_is_not_changed_in_danish(
    leader_client, board_client, filled_plan
):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    board_client.cookies["django_language"] = "en"
    _approve(leader_client, board_client, filled_plan, delaftale)

    page = leader_client.get(
        reverse("activities:delaftale_detail", args=[filled_plan.slug,
                                                     delaftale.focus_area.slug])
    ).content.decode()

    assert "ændret siden version 1" not in page
    assert "Godkendt af bestyrelsen" in page
    text, draft = approval.approval_state_get(Delaftale.objects.get(pk=delaftale.pk)).stamp
    assert not draft and "version 1" in text
    # and the other way round: a Danish snapshot read with the English interface
    from django.utils import translation

    version = DocumentVersion.objects.get(plan=filled_plan)
    with translation.override("en"):
        live = snapshots.delaftale_data(activity_selectors.delaftale_get(
            plan=filled_plan, area_slug=delaftale.focus_area.slug))
        assert snapshots.compare(version.data, live) == []
