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
    return entries.extra(
        where=[f"{ENTRY_TABLE}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"],
        params=[fts_query(terms)],
    )


def fts_query(terms):
    return " ".join(f'"{term}"' for term in terms)


def sqlite_ranked_ids(entries, terms, offset, limit):
    """One page of matching entry ids by bm25, with the full-text table driving the join (SQLite)."""
    subquery, params = entries.order_by().values("pk").query.sql_with_params()
    sql = (
        f"SELECT e.id FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e ON e.id = {FTS_TABLE}.rowid "
        f"WHERE {FTS_TABLE} MATCH %s AND e.id IN ({subquery}) "
        f"ORDER BY bm25({FTS_TABLE}, 4.0, 1.0), e.date DESC, e.id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts_query(terms), *params, limit, offset])
        return [row[0] for row in cursor.fetchall()]


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
                entries = entries.order_by(F("date").desc(nulls_last=True), "pk")
                ids = list(entries.values_list("pk", flat=True)[query.offset : query.offset + query.limit])
            elif connection.vendor == "postgresql":
                entries = entries.order_by("-rank", F("date").desc(nulls_last=True), "pk")
                ids = list(entries.values_list("pk", flat=True)[query.offset : query.offset + query.limit])
            else:
                ids = sqlite_ranked_ids(entries, query.terms, query.offset, query.limit) if total else []
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return Results(ids=ids, total=total, facets=facets)

    def reset(self):
        pass
