"""Chooses the search backend: the database (SQLite FTS5 or PostgreSQL) unless SEARCH_URL names a search engine."""

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


# How much a match counts by the kind of result, on every backend: a body's own page answers a question naming the
# body before the agenda items that bear its name at every meeting; a memo before the meetings that mention it.
KIND_WEIGHTS = {"organisation": 2.0, "memo": 1.5, "page": 1.3, "meeting": 1.1, "item": 1.0}
# A strict query (a compound by all its parts) with fewer matches than this, or whose words no title holds, is tried
# loosely as well (a compound by any of its parts).
RELAX_BELOW = 5


class SearchUnavailable(Exception):
    """The search engine cannot be reached or did not answer."""


@dataclass
class Query:
    """What a visitor asked for: analysed terms, filters, sort order and the slice of results."""

    language: str
    terms: list
    raw: str = ""
    # The query as analysed (search.analysis.Analyzer.query_expression): terms combined with "and"/"or"; without
    # it every term is required. ``relaxed`` is the looser form tried when the strict one finds nothing.
    expression: object = None
    relaxed: object = None
    kinds: list = field(default_factory=list)
    organisation_id: int | None = None
    year: int | None = None
    focus_area_id: int | None = None
    date_from: object = None
    date_to: object = None
    sort: str = "relevance"
    offset: int = 0
    limit: int = 20


@dataclass
class Results:
    """The entry ids of one page of results in order, the total and the facet counts."""

    ids: list
    total: int
    facets: dict
    total_exact: bool = True
    # From an engine with its own highlighter: {entry id: {"title": html, "snippet": html}} (escaped, <mark>ed).
    highlights: dict = field(default_factory=dict)
    # Whether the results were found only by allowing misspellings.
    fuzzy: bool = False


def visible_entry_ids(ids):
    """``ids`` without any whose page is no longer live and public (a last check on the shown page of hits)."""
    from wagtail.models import Page

    from pages import visibility
    from search.models import SearchEntry

    if not ids:
        return []
    # The few entries' pages first, then which of those pages are live and public: two small look-ups whatever
    # the size of the index or the number of entries a page has.
    pages = dict(SearchEntry.objects.filter(pk__in=ids).values_list("pk", "page_id"))
    live = set(visibility.public().pages(Page.objects.filter(pk__in=set(pages.values()))).values_list("pk", flat=True))
    return [pk for pk in ids if pages.get(pk) in live]


def get_backend():
    url = settings.PORTAL_SEARCH_URL
    if url:
        from .elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(url, settings.PORTAL_SEARCH_INDEX)
    from .database import DatabaseBackend

    return DatabaseBackend()


_suspended = []


@contextmanager
def mirroring_suspended():
    """Within the block, entry changes are not sent to the search engine (a rebuild sends them all at the end)."""
    _suspended.append(True)
    try:
        yield
    finally:
        _suspended.pop()


def _mirror(method, ids):
    if _suspended:
        return
    backend = get_backend()
    if not backend.external or not ids:
        return
    ids = list(ids)

    def run():
        try:
            send_pending(backend)
            getattr(backend, method)(ids)
        except SearchUnavailable:
            from search.models import PendingEngineUpdate

            logger.warning("Search engine unavailable: %s of %d entries kept to send later", method, len(ids))
            PendingEngineUpdate.objects.bulk_create(PendingEngineUpdate(entry_id=pk) for pk in ids)

    run_after_commit(run)


def send_pending(backend, batch=1000):
    """Sends the entries kept while the engine was down, as they are now (or their removal); returns how many."""
    from search.models import PendingEngineUpdate

    sent = 0
    while True:
        rows = list(PendingEngineUpdate.objects.order_by("pk").values_list("pk", "entry_id")[:batch])
        if not rows:
            return sent
        backend.index_entries(sorted({entry_id for _pk, entry_id in rows}))
        PendingEngineUpdate.objects.filter(pk__lte=rows[-1][0]).delete()
        sent += len(rows)


def run_after_commit(function):
    """Runs ``function`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(function)


def mirror_index(ids):
    """Sends saved entries to an external search engine once the transaction commits."""
    _mirror("index_entries", ids)


def mirror_delete(ids):
    """Removes entries from an external search engine once the transaction commits."""
    _mirror("delete_entries", ids)
