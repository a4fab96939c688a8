"""The search page on a real Elasticsearch cluster (the two nodes `make search-engine` starts).

Run with the engine started: `make search-engine` then
`SEARCH_URL=http://127.0.0.1:9200 .venv/bin/python -m pytest -m elasticsearch`. Without SEARCH_URL these tests
skip and say why; `.ci/run` starts the engine and runs them (with CI=true a missing Java or Maven fails the run,
and so does a SEARCH_URL that does not answer).
"""

import json
import os
import re
import shutil
import urllib.request
import uuid

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search.backends import get_backend
from search.models import PendingEngineUpdate
from tests import factories

ENGINE_URL = os.environ.get("SEARCH_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
DEAD_URL = "http://127.0.0.1:9"

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


def cluster_nodes(url):
    try:
        with urllib.request.urlopen(f"{url.split(',')[0].rstrip('/')}/_cluster/health", timeout=5) as response:
            return json.load(response)["number_of_nodes"]
    except OSError:
        return 0


@pytest.fixture(scope="module")
def engine_alias():
    """A fresh alias (and index) on the cluster for this module, removed afterwards."""
    if not ENGINE_URL:
        if IN_CI:
            missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
            if missing:
                pytest.fail(f"CI needs {' and '.join(missing)} to start the search engine (make search-engine)")
        pytest.skip(
            "SEARCH_URL is not set: start the engine with `make search-engine` and run "
            "SEARCH_URL=http://127.0.0.1:9200 pytest -m elasticsearch (.ci/run does)"
        )
    if not cluster_nodes(ENGINE_URL):
        message = f"SEARCH_URL={ENGINE_URL} does not answer: start it with `make search-engine`"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    alias = f"portal-test-{uuid.uuid4().hex[:8]}"
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(ENGINE_URL, alias)
    backend.ensure_index()
    yield alias
    backend.delete_all_indices()


@pytest.fixture
def engine(settings, engine_alias, monkeypatch):
    """The cluster as the portal's search engine, emptied; index updates are sent at once (a test is one
    transaction, which never commits)."""
    settings.PORTAL_SEARCH_URL = ENGINE_URL
    settings.PORTAL_SEARCH_INDEX = engine_alias
    monkeypatch.setattr("search.backends.run_after_commit", lambda function: function())
    backend = get_backend()
    backend.client.delete_by_query(
        index=engine_alias, body={"query": {"match_all": {}}}, refresh=True, conflicts="proceed"
    )
    return backend


def titles(response):
    html = response.content.decode()
    found = re.findall(r'<h2 class="search-result__title"><a href="[^"]*">(.*?)</a></h2>', html, re.S)
    return [re.sub(r"</?mark>", "", t).strip() for t in found]


def snippets(response):
    return re.findall(r'<p class="search-result__snippet">(.*?)</p>', response.content.decode(), re.S)


def search(client, query, lang="da", **params):
    return client.get(f"/{lang}/search/", {"q": query, **params})


@pytest.fixture
def archive(engine):
    return factories.memo_archive()


# What the database search missed -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("udviklingsstrategi", "Erhvervsudviklingsstrategi 2025-2028"),
        ("turismekonsortium", "Turismekonsortiet"),
        ("sundhedsområdet", "Sundhed"),
        ("finansiering", "Ansøgning om medfinansiering"),
    ],
)
def test_compounds_split_from_the_query_side_find_the_whole_word(client, archive, query, title):
    n17 = factories.body()
    factories.memo(archive, title="Erhvervsudviklingsstrategi 2025-2028", body="<p>Strategien for regionen.</p>")
    factories.consortium(n17)
    factories.working_group(n17, title="Sundhed")
    factories.memo(archive, title="Ansøgning om medfinansiering", body="<p>Projektet søger midler.</p>")
    assert title in titles(search(client, query))


def test_a_misspelt_compound_finds_what_was_meant(client, archive):
    factories.memo(archive, title="Vækstforum Sjælland mødes", body="<p>Dagsorden for mødet.</p>")
    factories.memo(archive, title="Budget for regionen", body="<p>Budget.</p>")
    assert titles(search(client, "vækstfroum")) == ["Vækstforum Sjælland mødes"]


def test_a_misspelling_finds_what_was_meant_and_says_so(client, archive):
    factories.memo(archive, title="Fingeraftryk i pas", body="<p>Om pas.</p>")
    factories.memo(archive, title="Budget for regionen", body="<p>Budget.</p>")
    response = search(client, "fingeraftrky")
    assert titles(response) == ["Fingeraftryk i pas"]
    assert "lignende stavemåder" in response.content.decode()


def test_a_name_written_without_its_accent_finds_it(client, archive):
    factories.memo(archive, title="Referat", body="<p>Til stede: Niels Hörup, Sorø Kommune.</p>")
    assert titles(search(client, "Niels Horup")) == ["Referat"]
    assert titles(search(client, "Hörup")) == ["Referat"]


def test_a_danish_letter_in_the_query_is_kept_distinct(client, archive):
    factories.memo(archive, title="Kø ved færgen", body="<p>Trafik.</p>")
    factories.memo(archive, title="Ko på marken", body="<p>Landbrug.</p>")
    assert titles(search(client, "kø")) == ["Kø ved færgen"]


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("tourism", "Turisme/oplevelsesøkonomi"),
        ("energy and climate", "Energi og Klima"),
        ("coordination group", "Erhvervskoordinationsgruppen"),
        ("KKR", "Kommunekontaktrådet Sjælland"),
    ],
)
def test_english_names_and_abbreviations_find_the_bodies_they_mean(client, archive, query, title):
    n17 = factories.body()
    factories.working_group(n17, title="Turisme/oplevelsesøkonomi")
    factories.working_group(n17, title="Energi og Klima")
    factories.body(title="Erhvervskoordinationsgruppen", short_name="EKO")
    factories.body(title="Kommunekontaktrådet Sjælland", short_name="KKRS")
    factories.memo(archive, title="Kommunernes budget", body="<p>Om skatter og afgifter.</p>")
    assert titles(search(client, query))[:1] == [title]


def test_a_memo_attached_to_many_agenda_items_is_one_hit(client, archive):
    document = factories.document(title="Notat om fingeraftryk", filename="fingeraftryk.txt")
    document.extracted_text = "Notat om fingeraftryk i pas og opholdskort."
    document.save()
    n17 = factories.body()
    meeting = factories.meeting(n17, items=5)
    for item in meeting.agenda_items.all():
        item.attachments = factories.attachment(document)
        item.save()
    meeting.save_revision().publish()
    response = search(client, "fingeraftryk")
    assert len(titles(response)) == 1
    assert "Også vedhæftet 4 andre punkter" in response.content.decode()


def test_a_case_number_is_found_and_marked_whole(client, archive):
    factories.memo(archive, title="Sag om trafik", case_id="2026-000123", body="<p>Budget 2026 for vejene.</p>")
    factories.memo(archive, title="Plan for 2026", body="<p>Planen for 2026.</p>")
    response = search(client, "2026-000123")
    assert titles(response) == ["Sag om trafik"]
    assert snippets(response)[0].count("<mark>") == 1
    assert "<mark>2026-000123</mark>" in snippets(response)[0]


def test_snippets_are_the_matching_sentence_of_one_paragraph(client, archive):
    factories.memo(
        archive,
        title="Referat af mødet",
        body="<p>Orientering om vækstforum.</p><p>Punkt 3. Budgettet for turisme blev godkendt.</p>",
    )
    snippet = snippets(search(client, "turisme"))[0]
    assert snippet.strip() == "Budgettet for <mark>turisme</mark> blev godkendt."


# Never found ------------------------------------------------------------------------------------------


def test_members_only_unpublished_and_closed_content_is_never_found(client, archive):
    hidden = factories.memo(archive, title="Lukket notat om personalesager", body="<p>Personalesager.</p>")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    factories.memo(archive, title="Kladde om personalesager", body="<p>Personalesager.</p>", publish=False)
    unpublished = factories.memo(archive, title="Tidligere notat om personalesager", body="<p>Personalesager.</p>")
    unpublished.unpublish()
    n17 = factories.body()
    meeting = factories.meeting(n17, items=2, closed=(2,))
    closed = meeting.agenda_items.all()[1]
    closed.title = "Personalesager i sekretariatet"
    closed.description = "<p>Personalesager.</p>"
    closed.save()
    meeting.save_revision().publish()
    factories.memo(archive, title="Offentligt notat om personalesager", body="<p>Personalesager.</p>")
    response = search(client, "personalesager")
    assert titles(response) == ["Offentligt notat om personalesager"]
    suggestions = client.get("/da/search/suggest/", {"q": "Personale"}).json()["suggestions"]
    assert [s["title"] for s in suggestions] == ["Offentligt notat om personalesager"]


# Nothing lost -----------------------------------------------------------------------------------------


def test_a_rebuild_moves_the_alias_and_searches_answer_throughout(client, archive, engine):
    factories.memo(archive, title="Vækstforum og kommunerne", body="<p>Strategi.</p>")
    before = engine.indices_behind_alias()
    seen_during = []

    def progress(done, total):
        seen_during.append(titles(search(client, "vækstforum")))

    assert engine.rebuild_index(progress=progress) == 1
    after = engine.indices_behind_alias()
    assert seen_during and all(found == ["Vækstforum og kommunerne"] for found in seen_during)
    assert len(after) == 1 and after != before
    assert titles(search(client, "vækstforum")) == ["Vækstforum og kommunerne"]


def test_updates_made_while_the_engine_is_down_are_sent_when_it_returns(client, archive, settings):
    gone = factories.memo(archive, title="Notat om havne", body="<p>Havne.</p>")
    settings.PORTAL_SEARCH_URL = DEAD_URL
    factories.memo(archive, title="Notat om havnebyer", body="<p>Havne og byer.</p>")
    gone.unpublish()
    assert PendingEngineUpdate.objects.exists()
    settings.PORTAL_SEARCH_URL = ENGINE_URL
    call_command("search_engine_sync", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not PendingEngineUpdate.objects.exists()
    response = search(client, "havne")
    assert titles(response) == ["Notat om havnebyer"]
    assert "enklere databasesøgning" not in response.content.decode()


def test_engine_down_falls_back_to_database_search_and_says_so(client, archive, settings):
    factories.memo(archive, title="Notat om havne", body="<p>Havne.</p>")
    settings.PORTAL_SEARCH_URL = DEAD_URL
    response = search(client, "havne")
    assert response.status_code == 200
    assert titles(response) == ["Notat om havne"]
    assert "enklere databasesøgning" in response.content.decode()


def test_healthz_reports_the_cluster(client, engine):
    search_check = client.get("/healthz").json()["checks"]["search"]
    assert search_check == {"ok": True, "backend": "elasticsearch", "status": "green", "nodes": 2}


def test_suggestions_come_from_the_engine(client, archive):
    factories.memo(archive, title="Erhvervsudviklingsstrategi 2025-2028", body="<p>Strategi.</p>")
    factories.memo(archive, title="Budget for regionen", body="<p>Budget.</p>")
    found = client.get("/da/search/suggest/", {"q": "erhvervsudv"}).json()["suggestions"]
    assert [s["title"] for s in found] == ["Erhvervsudviklingsstrategi 2025-2028"]
