"""/healthz tells monitoring whether the database and the search backend answer."""

from unittest import mock

import pytest


@pytest.mark.django_db
def test_healthz_reports_both_parts_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"] == {"ok": True, "backend": "database"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_database_search_fails(client):
    from search.backends import SearchUnavailable

    with mock.patch("search.backends.database.DatabaseBackend.search", side_effect=SearchUnavailable("no fts")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"] == {"ok": False, "backend": "database", "error": "SearchUnavailable"}


@pytest.mark.django_db
def test_healthz_reports_a_stopped_search_engine_as_degraded_with_database_search(client, settings):
    settings.PORTAL_SEARCH_URL = "http://127.0.0.1:9"
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["search"] == {
        "ok": False,
        "backend": "elasticsearch",
        "fallback": "database",
        "error": "SearchUnavailable",
    }


@pytest.mark.django_db
def test_healthz_answers_503_when_database_fails(client):
    from django.db import OperationalError

    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
