"""When the database, the search engine or the cache is down, visitors get a polite answer and the rest keeps
working."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.utils import translation

from portal.cache import bump_generation
from portal.settings.base import cache_config
from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent
CLOSED_PORT = 1  # nothing listens on port 1 of the loopback interface


def database_down():
    """Every new query fails the way it does when the database server has gone away."""
    return mock.patch.object(
        connection, "ensure_connection", side_effect=OperationalError("server closed the connection")
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path, language, heading",
    [
        ("/da/", "da", "Portalen er midlertidigt utilgængelig"),
        ("/da/kkr/moeder/", "da", "Portalen er midlertidigt utilgængelig"),
        ("/en/", "en", "The portal is temporarily unavailable"),
        ("/en/kkr/", "en", "The portal is temporarily unavailable"),
    ],
)
def test_database_down_gives_a_503_page_in_the_visitors_language(client, path, language, heading):
    with database_down():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response["Content-Language"] == language
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert "<style>" in page and "stylesheet" not in page  # self-contained, loads nothing


@pytest.mark.django_db
def test_database_down_still_serves_pages_already_in_the_cache(client, settings):
    settings.PORTAL_PAGE_CACHE = True
    bump_generation()
    body = f.body(title="KKR Sjælland")
    assert client.get(body.url).status_code == 200
    with database_down():
        cached = client.get(body.url)
        fresh = client.get("/en/")
    assert cached.status_code == 200 and "KKR Sjælland" in cached.content.decode()
    assert fresh.status_code == 503


def _run_with_unreachable_database(script):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{CLOSED_PORT}/portal",
        "DATABASE_CONN_MAX_AGE": "0",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_really_unreachable_database_gives_the_503_page_and_healthz_names_it():
    script = """
import json, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
out = {}
for path in ("/da/", "/en/", "/da/kkr/"):
    r = client.get(path)
    out[path] = [r.status_code, r.content.decode()]
r = client.get("/healthz")
out["healthz"] = [r.status_code, r.json()]
print(json.dumps(out))
"""
    out = _run_with_unreachable_database(script)
    assert out["/da/"][0] == 503 and "Portalen er midlertidigt utilgængelig" in out["/da/"][1]
    assert out["/da/kkr/"][0] == 503 and 'lang="da"' in out["/da/kkr/"][1]
    assert out["/en/"][0] == 503 and "The portal is temporarily unavailable" in out["/en/"][1]
    status, health = out["healthz"]
    assert status == 503
    assert health["checks"]["database"]["ok"] is False
    assert health["checks"]["cache"]["ok"] is True


@pytest.mark.django_db
def test_search_engine_down_searches_the_database_and_says_so(client, settings):
    settings.PORTAL_SEARCH_URL = f"http://127.0.0.1:{CLOSED_PORT}"
    f.meeting(f.body(title="KKR Sjælland"), title="Møde om turisme")
    page = client.get("/da/search/", {"q": "turisme"}).content.decode()
    with translation.override("da"):
        notice = translation.gettext(
            "The search engine is unavailable right now, so these results come from the portal's simpler "
            "database search."
        )
    assert notice.replace("'", "&#x27;") in page and "Møde om <mark>turisme</mark>" in page


@pytest.mark.django_db
def test_search_engine_down_leaves_every_other_page_working(client, settings):
    settings.PORTAL_SEARCH_URL = f"http://127.0.0.1:{CLOSED_PORT}"
    body = f.body(title="KKR Sjælland")
    meeting = f.meeting(body, title="Møde om turisme")
    for url in (f.home_page().url, body.url, meeting.url, "/en/"):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_search_connection_error_that_escapes_the_search_view_still_gives_a_polite_503(client):
    from elasticsearch.exceptions import ConnectionError as EngineConnectionError

    with mock.patch("search.views.get_backend", side_effect=EngineConnectionError("N/A", "connection refused", None)):
        danish = client.get("/da/search/", {"q": "turisme"})
        english = client.get("/en/search/", {"q": "tourism"})
    assert danish.status_code == 503
    assert "Søgningen er midlertidigt utilgængelig" in danish.content.decode()
    assert english.status_code == 503
    assert "Search is temporarily unavailable" in english.content.decode()


@pytest.mark.django_db
def test_cache_server_down_the_site_works_uncached(client, settings):
    settings.CACHES = {"default": cache_config(f"redis://127.0.0.1:{CLOSED_PORT}/0")}
    settings.PORTAL_PAGE_CACHE = True
    body = f.body(title="KKR Sjælland")
    for _ in range(2):
        response = client.get(body.url)
        assert response.status_code == 200
        assert "KKR Sjælland" in response.content.decode()
        assert "X-Cache" not in response
    body.title = "KKR Sjælland og Hovedstaden"
    body.save_revision().publish()  # invalidation fails quietly too
    assert "KKR Sjælland og Hovedstaden" in client.get(body.url).content.decode()
    health = client.get("/healthz").json()
    assert health["checks"]["cache"]["ok"] is False
    assert health["checks"]["database"]["ok"] is True
