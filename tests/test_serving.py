"""Serving: the health endpoint, the Danish error pages and static files through WhiteNoise."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client
from django.urls import path

import helhedsplan.urls


def _server_error(request):
    raise RuntimeError("a bug")


# This module doubles as a URLconf with a view that fails, for the 500 page.
urlpatterns = [path("fejl/", _server_error), *helhedsplan.urls.urlpatterns]


def test_health_answers_ok_without_signing_in_or_a_session(db):
    response = Client().get("/sundhed/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


def test_health_answers_503_when_the_database_does_not(db):
    with mock.patch("helhedsplan.health.connection.cursor", side_effect=DatabaseError):
        response = Client().get("/sundhed/")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_unknown_page_answers_a_danish_404(db):
    response = Client().get("/findes-ikke/")

    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_reader_editing_answers_a_danish_403(filled_plan, reader_client):
    response = reader_client.get(f"/planer/{filled_plan.slug}/rediger/")

    assert response.status_code == 403
    assert "Du har ikke adgang til denne side" in response.content.decode()


def test_form_without_csrf_token_answers_a_danish_403(db):
    response = Client(enforce_csrf_checks=True).post("/konto/log-ind/", {"username": "x"})

    assert response.status_code == 403
    assert "Formularen kunne ikke sendes" in response.content.decode()


@pytest.mark.urls("tests.test_serving")
def test_server_error_answers_a_danish_500_without_details(db):
    response = Client(raise_request_exception=False).get("/fejl/")

    assert response.status_code == 500
    content = response.content.decode()
    assert "Der opstod en fejl" in content
    assert "a bug" not in content


def test_collected_static_files_are_served_hashed_compressed_and_cached_for_a_year(
    settings, tmp_path, leader_client
):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()  # a new client builds WhiteNoise's file list from the new STATIC_ROOT

    page = leader_client.get("/planer/").content.decode()
    script = next(
        line.split('"')[1] for line in page.splitlines() if "htmx.min." in line and "src=" in line
    )
    response = client.get(script, HTTP_ACCEPT_ENCODING="gzip")

    assert script.startswith("/static/vendor/htmx-2.0.4/htmx.min.")
    assert script != "/static/vendor/htmx-2.0.4/htmx.min.js"
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]


def test_unknown_host_answers_a_danish_400(db):
    response = Client(HTTP_HOST="angriber.example").get("/konto/log-ind/")

    assert response.status_code == 400
    assert "Forespørgslen kunne ikke forstås" in response.content.decode()
