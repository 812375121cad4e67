"""The `{% url %}` builtin that reverses each URL shape once per request gives exactly what
Django's own tag gives, for every row, and falls back to Django's tag where it cannot."""

import pytest
from django.template import Context, Engine, Template
from django.test import RequestFactory
from django.urls import reverse

from helhedsplan.templatetags.shaped_url import ShapedURLNode


def render(source: str, request=None, **context) -> str:
    if request is not None:
        context["request"] = request
    return Template(source).render(Context(context))


def test_the_project_templates_use_the_shaped_tag():
    template = Engine.get_default().from_string("{% url 'plans:plan_edit' 'x' %}")
    assert isinstance(template.nodelist[0], ShapedURLNode)


def test_every_row_gets_the_url_django_reverses():
    request = RequestFactory().get("/")
    rows = [1, 7, 10, 987650001, 123456]
    out = render(
        "{% for pk in rows %}{% url 'plans:party_remove' slug pk %}|"
        "{% url 'plans:afsnit_move' slug pk 'op' %}|{% endfor %}",
        request, rows=rows, slug="plan-10-1",
    )
    expected = "".join(
        reverse("plans:party_remove", args=["plan-10-1", pk]) + "|"
        + reverse("plans:afsnit_move", args=["plan-10-1", pk, "op"]) + "|"
        for pk in rows
    )
    assert out == expected
    # One shape per route and plan, remembered on the request.
    assert len(request._url_shapes) == 2


def test_another_plan_is_another_shape():
    request = RequestFactory().get("/")
    out = render(
        "{% url 'plans:party_remove' 'a' 5 %} {% url 'plans:party_remove' 'b' 5 %}", request
    )
    assert out == (
        reverse("plans:party_remove", args=["a", 5]) + " "
        + reverse("plans:party_remove", args=["b", 5])
    )


def test_a_slug_holding_the_placeholder_falls_back_to_django():
    request = RequestFactory().get("/")
    slug = "x987650001"
    out = render("{% url 'plans:party_remove' slug 3 %}", request, slug=slug)
    assert out == reverse("plans:party_remove", args=[slug, 3])


@pytest.mark.parametrize("source", [
    "{% url 'plans:plan_edit' 'x' %}",  # no integer argument
    "{% url 'plans:party_remove' slug='x' pk=4 %}",  # keyword arguments
    "{% url 'plans:party_remove' 'x' 4 as link %}[{{ link }}]",
])
def test_other_forms_give_djangos_output(source):
    request = RequestFactory().get("/")
    django = Engine(builtins=[]).from_string(source).render(Context({}))
    assert render(source, request) == django
    assert render(source) == django


def test_a_missing_route_still_raises():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        render("{% url 'plans:party_remove' 'x' 4 'extra' %}", RequestFactory().get("/"))
