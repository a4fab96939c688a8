"""Database search: SQLite FTS5 or PostgreSQL full-text search over the analysed terms of each entry.

Each entry carries its own public flag, language, type, body, year and date, so a search reads the entries
table and its full-text index only; the page tree is consulted just for the page of hits that is shown.
Counting stops at COUNT_CAP matches (the page then says "more than 10,000"), and on PostgreSQL relevance is
computed for the RANK_CANDIDATES newest matches rather than for every match of a very broad query.
"""

from contextlib import contextmanager

from django.db import DatabaseError, connection, transaction

from search.models import SearchEntry

from . import Results, SearchUnavailable, visible_entry_ids

FTS_TABLE = "search_fts"
ENTRY_TABLE = SearchEntry._meta.db_table
FOCUS_TABLE = SearchEntry.focus_areas.through._meta.db_table
SQLITE_COVERING_INDEX = "search_entry_facets"
COUNT_CAP = 10_000
RANK_CANDIDATES = 500
CAPPED_RANK_CANDIDATES = 200


def fts_query(terms):
    return " ".join(f'"{term}"' for term in terms)


def ts_query(terms):
    return " & ".join(f"'{term}'" for term in terms)


def _date(value):
    return value.isoformat() if connection.vendor == "sqlite" else value


def filter_sql(query):
    """SQL conditions on the entry alias ``e`` for the query's language and filters, with their parameters."""
    where, params = ["e.language = %s", "e.is_public"], [query.language]
    if query.kinds:
        where.append(f"e.kind IN ({', '.join(['%s'] * len(query.kinds))})")
        params.extend(query.kinds)
    if query.organisation_id:
        where.append("e.organisation_id = %s")
        params.append(query.organisation_id)
    if query.year:
        where.append("e.year = %s")
        params.append(query.year)
    if query.focus_area_id:
        where.append(f"e.id IN (SELECT searchentry_id FROM {FOCUS_TABLE} WHERE focusarea_id = %s)")
        params.append(query.focus_area_id)
    if query.date_from:
        where.append("e.date >= %s")
        params.append(_date(query.date_from))
    if query.date_to:
        where.append("e.date <= %s")
        params.append(_date(query.date_to))
    return where, params


def matches_sql(query, columns):
    """A SELECT of ``columns`` of the public entries that hold every term and pass the filters."""
    where, params = filter_sql(query)
    if connection.vendor == "postgresql":
        sql = (
            f"SELECT {columns} FROM {ENTRY_TABLE} e "
            f"WHERE e.vector @@ to_tsquery('simple', %s) AND {' AND '.join(where)}"
        )
        return sql, [ts_query(query.terms), *params]
    # The covering index holds every filtered column, so the wide rows (text and terms) are never read.
    sql = (
        f"SELECT {columns} FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e INDEXED BY {SQLITE_COVERING_INDEX} "
        f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND {' AND '.join(where)}"
    )
    return sql, [fts_query(query.terms), *params]


def count_and_facets(cursor, query):
    """The number of matches (up to COUNT_CAP, and whether that is exact) and the facet counts, in two queries."""
    hits, params = matches_sql(query, "e.id, e.kind, e.organisation_id, e.year")
    hits = f"{hits} LIMIT {COUNT_CAP + 1}"
    cursor.execute(
        f"SELECT h.kind, h.organisation_id, h.year, COUNT(*) FROM ({hits}) h "
        "GROUP BY h.kind, h.organisation_id, h.year",
        params,
    )
    kinds, organisations, years, total = {}, {}, {}, 0
    for kind, organisation_id, year, n in cursor.fetchall():
        total += n
        kinds[kind] = kinds.get(kind, 0) + n
        if organisation_id is not None:
            organisations[organisation_id] = organisations.get(organisation_id, 0) + n
        if year is not None:
            years[year] = years.get(year, 0) + n
    if not total:
        return 0, True, {}
    cursor.execute(
        f"SELECT f.focusarea_id, COUNT(*) FROM {FOCUS_TABLE} f WHERE f.searchentry_id IN (SELECT h.id FROM ({hits}) h) "
        "GROUP BY f.focusarea_id",
        params,
    )
    focus = dict(cursor.fetchall())
    exact = total <= COUNT_CAP
    facets = {
        "kind": list(kinds.items()),
        "organisation": list(organisations.items()),
        "year": list(years.items()),
        "focus_area": list(focus.items()),
    }
    return min(total, COUNT_CAP), exact, facets


def ranked_ids(cursor, query, exact=True):
    """One page of matching entry ids: by date, or by relevance (title terms weigh more) with newer first on ties."""
    window = [query.limit, query.offset]
    if connection.vendor == "postgresql" and not exact:
        # Over COUNT_CAP matches: walk the date index newest first and test each entry, which soon finds enough,
        # instead of fetching every match to sort them. Entries without a date would come after these anyway.
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        sql, params = matches_sql(query, "e.id")
        if query.sort == "date":
            cursor.execute(
                f"{sql} AND e.date IS NOT NULL ORDER BY e.date DESC, e.id LIMIT %s OFFSET %s", [*params, *window]
            )
        else:
            candidates = max(CAPPED_RANK_CANDIDATES, query.offset + query.limit)
            cursor.execute(
                f"SELECT e.id FROM {ENTRY_TABLE} e WHERE e.id IN "
                f"({sql} AND e.date IS NOT NULL ORDER BY e.date DESC LIMIT %s) "
                "ORDER BY ts_rank(e.vector, to_tsquery('simple', %s)) DESC, e.date DESC, e.id LIMIT %s OFFSET %s",
                [*params, candidates, ts_query(query.terms), *window],
            )
    elif query.sort == "date":
        sql, params = matches_sql(query, "e.id")
        order = "e.date IS NULL, e.date DESC, e.id"
        if connection.vendor == "postgresql":
            order = "e.date DESC NULLS LAST, e.id"
        cursor.execute(f"{sql} ORDER BY {order} LIMIT %s OFFSET %s", [*params, *window])
    elif connection.vendor == "postgresql":
        # ts_rank reads each candidate's whole vector: rank the newest matches, enough for the page asked for.
        candidates = max(RANK_CANDIDATES, query.offset + query.limit)
        sql, params = matches_sql(query, "e.id")
        cursor.execute(
            f"SELECT e.id FROM {ENTRY_TABLE} e WHERE e.id IN ({sql} ORDER BY e.date DESC NULLS LAST LIMIT %s) "
            "ORDER BY ts_rank(e.vector, to_tsquery('simple', %s)) DESC, e.date DESC NULLS LAST, e.id "
            "LIMIT %s OFFSET %s",
            [*params, candidates, ts_query(query.terms), *window],
        )
    else:
        sql, params = matches_sql(query, "e.id")
        cursor.execute(
            f"{sql} ORDER BY bm25({FTS_TABLE}, 4.0, 1.0), e.date DESC, e.id LIMIT %s OFFSET %s", [*params, *window]
        )
    return [row[0] for row in cursor.fetchall()]


class DatabaseBackend:
    """Searches the entries table with the database's own full-text index."""

    external = False

    def search(self, query):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # A sequential scan would decompress every entry's vector to test it; the GIN index need not.
                    cursor.execute("SET LOCAL enable_seqscan = off")
                total, exact, facets = count_and_facets(cursor, query)
                ids = ranked_ids(cursor, query, exact) if total else []
            # The flag is kept by the publishing signals; check the shown hits against the page tree once more.
            ids = visible_entry_ids(ids)
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return Results(ids=ids, total=total, facets=facets, total_exact=exact)

    def reset(self):
        pass


@contextmanager
def bulk_loading():
    """While many entries are written at once, PostgreSQL's GIN index is dropped and then built in one pass."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield  # inside a transaction the index cannot be rebuilt while row changes are pending
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS search_searchentry_vector")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(
                "CREATE INDEX IF NOT EXISTS search_searchentry_vector ON search_searchentry USING gin (vector)"
            )
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {ENTRY_TABLE}")
