"""The search page on the Elasticsearch/OpenSearch backend.

Runs against osmem-server, an in-memory OpenSearch-compatible stand-in from PyPI: it is not a real
cluster and lacks the `danish` analyzer, so these tests also show that the portal's own analysed terms
carry Danish stemming and compound splitting without it. The last test runs the same checks against a
real Elasticsearch or OpenSearch cluster when ELASTICSEARCH_URL is set.
"""

import os
import re
import uuid

import pytest
from wagtail.models import PageViewRestriction

from search.backends import get_backend
from search.indexing import rebuild
from tests import factories

pytestmark = pytest.mark.django_db


def titles(response):
    html = response.content.decode()
    found = re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a></h2>', html, re.S)
    return [re.sub(r"</?mark>", "", t).strip() for t in found]


@pytest.fixture
def engine(settings, osmem_clone, monkeypatch):
    """The osmem-server stand-in as the portal's search engine; index updates are sent at once (each test is one transaction)."""
    settings.PORTAL_SEARCH_URL = osmem_clone.url
    settings.PORTAL_SEARCH_INDEX = f"portal-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr("search.backends.run_after_commit", lambda function: function())
    return osmem_clone


def publish_archive():
    archive = factories.memo_archive()
    n17 = factories.body(title="Kommunalt erhvervsnetværk", short_name="N17")
    factories.memo(
        archive,
        title="Vækstforum og kommunerne",
        body="<p>En erhvervsudviklingsstrategi for hver kommune og en koordinationsgruppe.</p>",
    )
    hidden = factories.memo(archive, title="Lukket notat", body="<p>Om kommunens personalesager.</p>")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    factories.memo(archive, title="Kladde", body="<p>Kladde om kommunerne.</p>", publish=False)
    meeting = factories.meeting(n17, items=2, closed=(2,), start=factories.copenhagen(2009, 3, 4))
    closed = meeting.agenda_items.all()[1]
    closed.title = "Fortrolig kommunesag"
    closed.save()
    meeting.save_revision().publish()
    return archive, n17, meeting


def check_search(client):
    for query in ("vækstforummets", "kommunerne", "koordinationsgruppen", "strategi"):
        response = client.get("/da/search/", {"q": query})
        assert response.status_code == 200
        assert "Vækstforum og kommunerne" in titles(response), query
        assert "Kladde" not in titles(response) and "Lukket notat" not in titles(response)
    html = client.get("/da/search/", {"q": "kommune"}).content.decode()
    assert "<mark>kommune</mark>" in html
    assert "Lukket notat" not in html and "Kladde" not in html and "Fortrolig" not in html
    assert titles(client.get("/da/search/", {"q": "sagsfremstilling", "type": "item"})) == [
        "Punkt 1: Orientering om vækstforum"
    ]
    assert titles(client.get("/da/search/", {"q": "sagsfremstilling", "type": "memo"})) == []


def test_osmem_stand_in_has_no_danish_analyzer_and_search_still_understands_danish(client, engine):
    assert get_backend().ensure_index() is False
    publish_archive()
    check_search(client)


def test_facets_paging_and_unpublishing_on_the_engine(client, engine):
    archive, n17, meeting = publish_archive()
    for number in range(22):
        factories.memo(archive, title=f"Turismenotat {number}", body="<p>Turisme i regionen.</p>")
    first = client.get("/da/search/", {"q": "turisme"})
    html = first.content.decode()
    assert "22 results" in html or "22 resultater" in html
    assert len(titles(first)) == 20
    assert len(titles(client.get("/da/search/", {"q": "turisme", "page": 2}))) == 2
    assert client.get("/da/search/", {"q": "turisme", "page": 3}).status_code == 404
    assert re.search(r'facet__count">\(22\)', html)
    memo = archive.get_children().specific().get(title="Vækstforum og kommunerne")
    memo.unpublish()
    assert titles(client.get("/da/search/", {"q": "strategi"})) == []


def test_rebuild_fills_the_engine_from_the_database(client, engine):
    publish_archive()
    get_backend().reset()
    assert titles(client.get("/da/search/", {"q": "strategi"})) == []
    assert rebuild() >= 3
    check_search(client)


def test_real_cluster(client, settings, monkeypatch):
    """The same checks against a real Elasticsearch or OpenSearch cluster named by ELASTICSEARCH_URL."""
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL is not set: no real Elasticsearch/OpenSearch cluster to test against")
    settings.PORTAL_SEARCH_URL = url
    settings.PORTAL_SEARCH_INDEX = f"portal-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr("search.backends.run_after_commit", lambda function: function())
    try:
        publish_archive()
        check_search(client)
    finally:
        get_backend().request("DELETE", settings.PORTAL_SEARCH_INDEX, allow=(404,))
