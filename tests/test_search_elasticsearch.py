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
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from search.backends import get_backend
from search.models import PendingEngineUpdate
from tests import factories
from tests.tools import missing

ROOT = Path(__file__).resolve().parent.parent
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


def require_engine():
    """Skips (fails in CI) unless SEARCH_URL names a cluster that answers."""
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


@pytest.fixture(scope="module")
def engine_alias():
    """A fresh alias (and index) on the cluster for this module, removed afterwards."""
    require_engine()
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


def test_snippets_keep_paragraphs_apart_and_the_engines_are_one_sentence_of_one_paragraph(client, archive, monkeypatch):
    factories.memo(
        archive,
        title="Referat af mødet",
        body="<p>Orientering om vækstforum.</p><p>Punkt 3. Budgettet for turisme blev godkendt.</p>",
    )
    # By default the portal's own highlighter makes the snippet, as on the database: the match's paragraph.
    snippet = snippets(search(client, "turisme"))[0]
    assert snippet.strip() == "Punkt 3. Budgettet for <mark>turisme</mark> blev godkendt."
    monkeypatch.setattr("search.backends.elasticsearch.ENGINE_SNIPPETS", True)
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


# Wagtail's own search ----------------------------------------------------------------------------------


@pytest.fixture
def wagtail_on_the_engine(settings, engine_alias):
    """Wagtail's search backend on the cluster, as the settings make it when SEARCH_URL is set, in indexes of this
    test's own; removed afterwards."""
    from wagtail.search.backends import get_search_backend

    prefix = f"{engine_alias}-wagtail-{uuid.uuid4().hex[:6]}-"
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.wagtail_backend", "URLS": [ENGINE_URL.split(",")[0]], "INDEX_PREFIX": prefix}
    }
    backend = get_search_backend()
    yield backend
    backend.es.indices.delete(index=f"{prefix}*", ignore=[404])


def test_the_admins_page_search_uses_the_cluster_with_danish_analysis(client, wagtail_on_the_engine):
    from django.contrib.auth import get_user_model

    archive = factories.memo_archive()
    factories.memo(archive, title="Kommunekontaktrådets møder i Solrød", body="<p>Referat.</p>")
    factories.memo(archive, title="Turismekonsortiet og kysterne", body="<p>Projekter.</p>")
    factories.memo(archive, title="Budget for regionen", body="<p>Budget.</p>")
    call_command("update_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
    index = next(iter(wagtail_on_the_engine.es.indices.get_alias(index=f"{wagtail_on_the_engine.index_prefix}*")))
    analysis = wagtail_on_the_engine.es.indices.get_settings(index=index)[index]["settings"]["index"]["analysis"]
    assert analysis["analyzer"]["default"]["filter"][-3:-1] == ["portal_da_latin", "portal_da_ens"]
    assert analysis["analyzer"]["edgengram_analyzer"]["tokenizer"] == "portal_words"
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.org", "x"))

    def found(query):
        html = client.get("/admin/pages/search/", {"q": query}).content.decode()
        return {title for title in ("Kommunekontaktrådets", "Turismekonsortiet", "Budget") if title in html}

    assert found("kommunekontaktrådet") == {"Kommunekontaktrådets"}  # stemmed
    assert found("Solrod") == {"Kommunekontaktrådets"}  # folded
    assert found("konsortiet") == {"Turismekonsortiet"}  # a compound's part
    assert found("KKR") == {"Kommunekontaktrådets"}  # a synonym


# One node stopped -------------------------------------------------------------------------------------


class OwnCluster:
    """A two-node cluster of a test's own (search/engine/NodeControl.java), so that stopping a node disturbs no one
    else's searches."""

    def __init__(self, data, base_port):
        classpath = subprocess.run(
            [str(ROOT / "search/engine/engine.sh"), "classpath"], capture_output=True, text=True, check=True
        ).stdout.strip()
        self.base_port = base_port
        self.urls = [f"http://127.0.0.1:{base_port + n}" for n in (1, 2)]
        self.process = subprocess.Popen(  # noqa: S603 - our own program and arguments
            [
                "java",
                "-Xms128m",
                "-Xmx512m",
                "-cp",
                Path(classpath).read_text().strip(),
                str(ROOT / "search/engine/NodeControl.java"),
                str(data),
                str(base_port),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.wait_for("ready", 300)

    def wait_for(self, word, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the test cluster stopped")
            if line.strip() == word:
                return
        raise RuntimeError(f"the test cluster did not say {word!r} within {seconds} s")

    def command(self, text):
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()
        self.wait_for("done", 120)

    def master(self):
        with urllib.request.urlopen(f"{self.urls[0]}/_cat/master?h=node", timeout=10) as response:
            return response.read().decode().strip()

    def close(self):
        try:
            self.command("quit")
            self.process.wait(60)
        except Exception:  # noqa: BLE001 - whatever happened, the process must go
            self.process.kill()


def free_base_port():
    """A base port whose two HTTP ports and two transport ports (see NodeControl.java) are all free."""
    for base in range(9240, 9300, 4):
        ports = [base + 1, base + 2, base + 101, base + 102]
        try:
            for port in ports:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    missing("no free ports for a test cluster of its own")


@pytest.fixture(scope="module")
def own_cluster(tmp_path_factory):
    require_engine()
    if shutil.which("java") is None:
        missing("java is needed to start a cluster of the test's own")
    cluster = OwnCluster(tmp_path_factory.mktemp("cluster"), free_base_port())
    yield cluster
    cluster.close()


def test_stopping_one_node_leaves_search_answering(client, settings, monkeypatch, own_cluster):
    settings.PORTAL_SEARCH_URL = ",".join(own_cluster.urls)
    settings.PORTAL_SEARCH_INDEX = f"portal-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr("search.backends.run_after_commit", lambda function: function())
    backend = get_backend()
    backend.ensure_index()
    # The index has a replica on the other node before any node stops.
    backend.client.cluster.health(index=backend.alias, wait_for_status="green", request_timeout=120)
    archive = factories.memo_archive()
    factories.memo(archive, title="Notat om havne", body="<p>Havne.</p>")
    assert titles(search(client, "havne")) == ["Notat om havne"]
    # Stop the node that is not the elected master, so the cluster keeps a master and takes writes.
    stopped = 2 if own_cluster.master() == "Node 1" else 1
    own_cluster.command(f"stop {stopped}")
    factories.memo(archive, title="Notat om havnebyer", body="<p>Havne og byer.</p>")
    for _ in range(3):  # the client finds the stopped node's address dead and asks the other
        response = search(client, "havne")
        assert response.status_code == 200
        assert sorted(titles(response)) == ["Notat om havne", "Notat om havnebyer"]
        assert "enklere databasesøgning" not in response.content.decode()
    assert not PendingEngineUpdate.objects.exists()
    health = client.get("/healthz").json()["checks"]["search"]
    assert health["ok"] and health["nodes"] == 1 and health["status"] == "yellow"
    own_cluster.command(f"start {stopped}")


def test_updates_made_while_the_whole_cluster_is_stopped_are_sent_when_it_starts_again(
    client, settings, monkeypatch, own_cluster
):
    settings.PORTAL_SEARCH_URL = ",".join(own_cluster.urls)
    settings.PORTAL_SEARCH_INDEX = f"portal-test-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr("search.backends.run_after_commit", lambda function: function())
    backend = get_backend()
    backend.ensure_index()
    archive = factories.memo_archive()
    gone = factories.memo(archive, title="Notat om havne", body="<p>Havne.</p>")
    assert titles(search(client, "havne")) == ["Notat om havne"]
    own_cluster.command("stop 1")
    own_cluster.command("stop 2")
    factories.memo(archive, title="Notat om havnebyer", body="<p>Havne og byer.</p>")
    gone.unpublish()
    assert PendingEngineUpdate.objects.exists()
    response = search(client, "havne")  # answered by the database meanwhile, and said so
    assert titles(response) == ["Notat om havnebyer"]
    assert "enklere databasesøgning" in response.content.decode()
    own_cluster.command("start 1")
    own_cluster.command("start 2")
    backend.client.cluster.health(index=backend.alias, wait_for_status="yellow", request_timeout=120)
    call_command("search_engine_sync", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert not PendingEngineUpdate.objects.exists()
    response = search(client, "havne")
    assert titles(response) == ["Notat om havnebyer"]
    assert "enklere databasesøgning" not in response.content.decode()
