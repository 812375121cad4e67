"""Accessibility in the markup, without a browser (issue 19): error messages are tied to their
fields, the page has its landmark and language, and action columns have a header text."""

import re

from django.urls import reverse

from .factories import may_create_plans


def _ids(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_a_field_with_an_error_points_at_its_message(client, user):
    client.force_login(may_create_plans(user))

    response = client.post(reverse("plans:plan_create"), {"name": "", "area_name": ""})
    html = response.content.decode()

    assert response.status_code == 400
    invalid = re.findall(r"<(?:input|select|textarea)[^>]*aria-invalid=\"true\"[^>]*>", html)
    assert invalid, "no field is marked invalid"
    ids = _ids(html)
    for field in invalid:
        described = re.search(r'aria-describedby="([^"]+)"', field)
        assert described, f"an invalid field without aria-describedby: {field}"
        for target in described.group(1).split():
            assert target in ids, f"{target} is not on the page"
        errors = [t for t in described.group(1).split() if t.endswith("_error")]
        assert errors, f"the field's description has no error message: {field}"
        message = re.search(rf'id="{errors[0]}"[^>]*>(.*?)</div>', html, re.S)
        assert message and "Dette felt er påkrævet" in message.group(1)


def test_a_wrong_password_message_is_tied_to_the_sign_in_form(client, user):
    response = client.post(reverse("login"), {"username": user.username, "password": "forkert"})
    html = response.content.decode()

    assert 'aria-describedby="sign-in-error"' in html
    assert 'id="sign-in-error"' in html and 'role="alert"' in html


def test_pages_have_a_main_landmark_the_language_and_named_action_columns(
    leader_client, filled_plan
):
    response = leader_client.get(
        reverse("activities:delaftale_detail", args=[filled_plan.slug,
                                                     filled_plan.focus_areas.get().slug])
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="da">' in html
    assert html.count("<main ") == 1
    assert not re.search(r"<th[^>]*>\s*</th>", html), "an empty header cell"
