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
    assert body["checks"]["search"]["ok"] is True
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_search_backend_fails(client):
    with mock.patch("portal.views.get_search_backend", side_effect=ConnectionError("refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["search"] == {"ok": False, "error": "ConnectionError"}


@pytest.mark.django_db
def test_healthz_answers_503_when_database_fails(client):
    from django.db import OperationalError

    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"]["ok"] is False
