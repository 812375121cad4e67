"""The plan's history page (django-simple-history): who changed which field, before → after."""

from django.urls import reverse

from plans.models import Delaftale


def test_a_change_through_a_form_shows_who_and_before_and_after(leader, leader_client,
                                                                  filled_plan):
    delaftale = Delaftale.objects.get(focus_area__plan=filled_plan)
    edit = reverse("plans:delaftale_section_edit",
                   args=[filled_plan.slug, delaftale.focus_area.slug, "kommunal"])
    assert leader_client.post(edit, {"municipal_link": "Gammel tekst"}).status_code == 302
    assert leader_client.post(edit, {"municipal_link": "Ny tekst"}).status_code == 302

    page = leader_client.get(reverse("activities:plan_history", args=[filled_plan.slug]))

    assert page.status_code == 200
    assert "Gammel tekst" in page.text
    assert "Ny tekst" in page.text
    assert leader.get_username() in page.text


def test_the_history_stays_within_the_plan(leader_client, filled_plan, outsider):
    from tests.factories import FocusAreaFactory

    other_plan = outsider.plan_memberships.get().plan
    FocusAreaFactory(plan=other_plan, name="Fremmed område")
    page = leader_client.get(reverse("activities:plan_history", args=[filled_plan.slug]))
    assert "Fremmed område" not in page.text


def test_the_history_page_reads_a_fixed_number_of_queries(
    leader_client, filled_plan, django_assert_max_num_queries
):
    url = reverse("activities:plan_history", args=[filled_plan.slug])
    with django_assert_max_num_queries(60):
        assert leader_client.get(url).status_code == 200
