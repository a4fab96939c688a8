"""Chooses the search backend: the database (SQLite FTS5 or PostgreSQL) unless SEARCH_URL names a search engine."""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


class SearchUnavailable(Exception):
    """The search engine cannot be reached or did not answer."""


@dataclass
class Query:
    """What a visitor asked for: analysed terms, filters, sort order and the slice of results."""

    language: str
    terms: list
    raw: str = ""
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
    url = getattr(settings, "PORTAL_SEARCH_URL", "")
    if url:
        from .opensearch import OpenSearchBackend

        return OpenSearchBackend(url, getattr(settings, "PORTAL_SEARCH_INDEX", "portal"))
    from .database import DatabaseBackend

    return DatabaseBackend()


def _mirror(method, ids):
    backend = get_backend()
    if not backend.external or not ids:
        return
    ids = list(ids)

    def run():
        try:
            getattr(backend, method)(ids)
        except SearchUnavailable:
            logger.warning("Search engine unavailable: %s of %d entries not sent", method, len(ids))

    run_after_commit(run)


def run_after_commit(function):
    """Runs ``function`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(function)


def mirror_index(ids):
    """Sends saved entries to an external search engine once the transaction commits."""
    _mirror("index_entries", ids)


def mirror_delete(ids):
    """Removes entries from an external search engine once the transaction commits."""
    _mirror("delete_entries", ids)
