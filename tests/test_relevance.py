"""The relevance set (tests/relevance.py) on the database's search (SQLite or PostgreSQL, as DATABASE_URL says)
and on Elasticsearch (SEARCH_URL, marker `elasticsearch`): success@5 and MRR per backend, printed with -s.

    .venv/bin/python -m pytest tests/test_relevance.py -s                                   # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python -m pytest tests/test_relevance.py -s
    SEARCH_URL=http://127.0.0.1:9200 .venv/bin/python -m pytest tests/test_relevance.py -m elasticsearch -s
    .venv/bin/python bench/relevance.py                                                      # all three, one table

On Elasticsearch the engine's own ranking is measured as well, with its ranking evaluation API (_rank_eval) on
the queries the backend sends. RELEVANCE_REPORT=file.json writes the figures and every miss to a file.
"""

import io
import json
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, override_settings

from search.models import SearchEntry
from tests import relevance

ENGINE_URL = os.environ.get("SEARCH_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"
TARGET = 0.95

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo and the set's archive memos, loaded once for the module and rolled back afterwards."""
    media_root = tmp_path_factory.mktemp("relevance-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media_root)), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        relevance.add_archive_memos()
        yield
        transaction.set_rollback(True)


def database_name():
    return "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"


def report(backend, outcome, extra=None):
    """Prints the backend's figures and misses, and adds them to RELEVANCE_REPORT when set; returns success@5."""
    ranks = [r for _case, r, _titles in outcome]
    success, mrr = relevance.figures(ranks)
    print(f"\n{backend}: {len(ranks)} queries, success@5 {success:.3f}, MRR {mrr:.3f}")
    misses = []
    for case_, r, titles in outcome:
        if r is None or r > 5:
            misses.append({"query": case_.query, "language": case_.language, "rank": r, "shown": titles[:5]})
            print(f"  missed: {case_.query!r} ({case_.language}, {case_.kind}) rank {r}; shown {titles[:5]}")
    by_kind = {}
    for case_, r, _titles in outcome:
        by_kind.setdefault(case_.kind, []).append(r)
    for kind, kind_ranks in by_kind.items():
        s, m = relevance.figures(kind_ranks)
        print(f"  {kind:<13} {len(kind_ranks):>3} queries  success@5 {s:.2f}  MRR {m:.2f}")
    row = {"backend": backend, "queries": len(ranks), "success_at_5": success, "mrr": mrr, "misses": misses}
    row.update(extra or {})
    path = os.environ.get("RELEVANCE_REPORT")
    if path:
        report_file = Path(path)
        rows = json.loads(report_file.read_text()) if report_file.exists() and report_file.stat().st_size else []
        with open(path, "w") as out:
            json.dump([*rows, row], out, ensure_ascii=False, indent=1)
    return success


def test_the_set_is_large_enough_and_covers_every_kind():
    kinds = {c.kind for c in relevance.CASES}
    assert len(relevance.CASES) >= 40
    assert kinds >= {"inflection", "compound", "misspelling", "name", "abbreviation", "number", "english"}


def test_relevance_on_the_database(corpus):
    outcome = relevance.run_through_pages(Client())
    assert report(f"{database_name()} (database search)", outcome) >= TARGET


# Elasticsearch -------------------------------------------------------------------------------------


@pytest.fixture
def engine(corpus):
    """The corpus in a fresh index on the cluster, behind an alias of this run's own; removed afterwards."""
    if not ENGINE_URL:
        # CI runs the whole suite first without the engine, then the elasticsearch tests with SEARCH_URL set
        # (.ci/run); there, as in test_search_elasticsearch.py, only missing Java or Maven is a failure.
        if IN_CI:
            missing = [tool for tool in ("java", "mvn") if shutil.which(tool) is None]
            if missing:
                pytest.fail(f"CI needs {' and '.join(missing)} to start the search engine (make search-engine)")
        pytest.skip("SEARCH_URL is not set: start the engine with `make search-engine`")
    from search.backends.elasticsearch import ElasticsearchBackend

    alias = f"portal-relevance-{uuid.uuid4().hex[:8]}"
    backend = ElasticsearchBackend(ENGINE_URL, alias)
    with override_settings(PORTAL_SEARCH_URL=ENGINE_URL, PORTAL_SEARCH_INDEX=alias):
        try:
            backend.rebuild_index()
            yield backend
        finally:
            backend.delete_all_indices()


def rank_eval(backend, outcome_cases):
    """success@5 and MRR of the engine's own ranking, from its ranking evaluation API: each case's query as the
    backend sends it (the second, misspelling-tolerant form when the first finds nothing), the entries whose titles
    answer the case rated relevant."""
    from search.analysis import analyzer_for
    from search.backends import Query
    from search.views import analysed

    index = backend.indices_behind_alias()[0]
    requests = []
    for number, case_ in enumerate(outcome_cases):
        analyzer = analyzer_for(case_.language)
        query = analysed(Query(language=case_.language, terms=[]), case_.query, analyzer)
        body = backend.build(query)
        if not backend.client.count(index=backend.alias, body={"query": body["query"]})["count"]:
            body = backend.build(query, fuzzy=True)
        relevant = [
            pk
            for pk, title in SearchEntry.objects.public(case_.language).values_list("pk", "title")
            if case_.answered_by(title)
        ]
        requests.append(
            {
                "id": str(number),
                "request": {"query": body["query"], "sort": body["sort"]},
                "ratings": [{"_index": index, "_id": str(pk), "rating": 1} for pk in relevant],
            }
        )
    evaluation = {"requests": requests, "metric": {"mean_reciprocal_rank": {"k": 20, "relevant_rating_threshold": 1}}}
    answer = backend.client.rank_eval(index=backend.alias, body=evaluation)
    assert not answer.get("failures"), answer["failures"]
    firsts = [
        answer["details"][str(n)]["metric_details"]["mean_reciprocal_rank"].get("first_relevant", -1)
        for n in range(len(requests))
    ]
    ranks = [r if r and r > 0 else None for r in firsts]
    return relevance.figures(ranks), answer["metric_score"]


@pytest.mark.elasticsearch
def test_relevance_on_elasticsearch(engine):
    outcome = relevance.run_through_pages(Client())
    (engine_success, engine_mrr), metric_score = rank_eval(engine, relevance.CASES)
    print(f"\nElasticsearch _rank_eval (the engine alone): success@5 {engine_success:.3f}, MRR {engine_mrr:.3f}")
    assert abs(metric_score - engine_mrr) < 1e-6
    extra = {"rank_eval_success_at_5": engine_success, "rank_eval_mrr": engine_mrr}
    assert report("Elasticsearch 7.10", outcome, extra) >= TARGET
