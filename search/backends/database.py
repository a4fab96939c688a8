"""Database search: SQLite FTS5 or PostgreSQL full-text search over the analysed terms of each entry."""

from django.db import DatabaseError, connection
from django.db.models import Count, F
from wagtail.models import Page

from search.models import SearchEntry

from . import Results, SearchUnavailable

FTS_TABLE = "search_fts"
ENTRY_TABLE = SearchEntry._meta.db_table


def filtered_entries(query):
    """Entries in the query's language on live, public pages, narrowed by its filters."""
    entries = SearchEntry.objects.filter(
        language=query.language, page__in=Page.objects.live().public().values("pk")
    )
    if query.kinds:
        entries = entries.filter(kind__in=query.kinds)
    if query.organisation_id:
        entries = entries.filter(organisation_id=query.organisation_id)
    if query.year:
        entries = entries.filter(year=query.year)
    if query.focus_area_id:
        entries = entries.filter(focus_areas__id=query.focus_area_id)
    if query.date_from:
        entries = entries.filter(date__gte=query.date_from)
    if query.date_to:
        entries = entries.filter(date__lte=query.date_to)
    return entries


def match(entries, terms):
    """Narrows entries to those holding every term, with a relevance ``rank`` (higher is better)."""
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"'{term}'" for term in terms)
        return entries.extra(
            where=[f"{ENTRY_TABLE}.vector @@ to_tsquery('simple', %s)"],
            params=[tsquery],
            select={"rank": f"ts_rank({ENTRY_TABLE}.vector, to_tsquery('simple', %s))"},
            select_params=[tsquery],
        )
    fts_query = " ".join(f'"{term}"' for term in terms)
    return entries.extra(
        tables=[FTS_TABLE],
        where=[f"{FTS_TABLE}.rowid = {ENTRY_TABLE}.id", f"{FTS_TABLE} MATCH %s"],
        params=[fts_query],
        select={"rank": f"-bm25({FTS_TABLE}, 4.0, 1.0)"},
    )


def facet_counts(entries):
    plain = entries.order_by()
    return {
        "kind": list(plain.values_list("kind").annotate(n=Count("pk"))),
        "organisation": list(
            plain.filter(organisation__isnull=False).values_list("organisation_id").annotate(n=Count("pk"))
        ),
        "year": list(plain.filter(year__isnull=False).values_list("year").annotate(n=Count("pk"))),
        "focus_area": list(
            plain.filter(focus_areas__isnull=False).values_list("focus_areas__id").annotate(n=Count("pk", distinct=True))
        ),
    }


class DatabaseBackend:
    """Searches the entries table with the database's own full-text index."""

    external = False

    def search(self, query):
        try:
            entries = match(filtered_entries(query), query.terms)
            total = entries.count()
            facets = facet_counts(entries) if total else {}
            if query.sort == "date":
                entries = entries.order_by(F("date").desc(nulls_last=True), "-rank", "pk")
            else:
                entries = entries.extra(order_by=["-rank"]).order_by("-rank", F("date").desc(nulls_last=True), "pk")
            ids = list(entries.values_list("pk", flat=True)[query.offset : query.offset + query.limit])
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return Results(ids=ids, total=total, facets=facets)

    def reset(self):
        pass
