"""Database search: SQLite FTS5 or PostgreSQL full-text search over the analysed terms of each entry.

Each entry carries its own public flag, language, type, body, year, date and focus area ids, so a search reads
the entries table and its full-text index only; the page tree is consulted just for the page of hits that is
shown. Counting stops at COUNT_CAP matches (the page then says "more than 10,000"), and the facets come from
the same capped set of matches, in the same statement.

PostgreSQL's planner cannot see that testing an entry against a query means decompressing its whole vector,
so each statement is told how to find its rows: matches come from the GIN index (never from testing entry
after entry), except that the newest matches of a query with more than COUNT_CAP of them are found by walking
the date index, where nearly every entry matches. ts_rank reads the whole vector too, so relevance ranks all
matches only when there are at most RANK_CANDIDATES; otherwise it ranks the TITLE_CANDIDATES newest matches
whose title holds every word (found with the small title vector; these rank highest) together with the
RECENT_CANDIDATES newest matches (more for later pages).
"""

import datetime as dt
import math
from contextlib import contextmanager
from dataclasses import replace

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from search.models import SearchEntry

from . import KIND_WEIGHTS, RELAX_BELOW, Results, SearchUnavailable, visible_entry_ids

FTS_TABLE = "search_fts"
ENTRY_TABLE = SearchEntry._meta.db_table
FOCUS_TABLE = SearchEntry.focus_areas.through._meta.db_table
SQLITE_COVERING_INDEX = "search_entry_facets"
COUNT_CAP = 10_000
RANK_CANDIDATES = 200
TITLE_CANDIDATES = 100
RECENT_CANDIDATES = 50
TITLE_VECTOR = "e.title_vector"
# A result whose title holds the whole query ranks as if it matched this many times better.
TITLE_WEIGHT = 3.0
# The weight of each kind of result (KIND_WEIGHTS) as SQL, multiplied into the rank.
KIND_WEIGHT_SQL = (
    "(CASE e.kind "
    + " ".join(f"WHEN '{kind}' THEN {weight}" for kind, weight in KIND_WEIGHTS.items())
    + " ELSE 1.0 END)"
)
# The statements below are put together from this module's constants (table, index and column names), from "%s"
# placeholders and from fragments built of the same two; every value that comes from a request is a parameter.
# Each f-string that does so carries "noqa: S608" with what it interpolates.
# PostgreSQL planner settings per kind of statement (transaction-local). A search's statements are short:
# compiling them or starting workers for them takes longer than running them.
SHORT_STATEMENTS = {"jit": "off", "max_parallel_workers_per_gather": "0"}
FROM_GIN_INDEX = {"enable_seqscan": "off", "enable_indexscan": "off", "enable_indexonlyscan": "off"}
BY_DATE_INDEX = {"enable_seqscan": "off", "enable_bitmapscan": "off", "enable_indexscan": "on"}
PLANNER_CHOOSES = {
    "enable_seqscan": "on",
    "enable_bitmapscan": "on",
    "enable_indexscan": "on",
    "enable_indexonlyscan": "on",
}
PLANNER_SETTINGS = list(dict.fromkeys([*SHORT_STATEMENTS, *FROM_GIN_INDEX, *BY_DATE_INDEX, *PLANNER_CHOOSES]))
# Indexes PostgreSQL builds once after a bulk load instead of updating them row by row.
POSTGRES_BULK_INDEXES = {
    "search_searchentry_vector": "USING gin (vector)",
    "search_entry_title_vector": "USING gin (title_vector)",
}


def render(expression, quote, operators):
    """An analysed query expression (search.analysis) in a database's query syntax. Terms are made of letters and
    digits only (the analyzer's words), so quoting them is enough."""
    if isinstance(expression, str):
        return quote(expression)
    operator, children = expression
    inner = f" {operators[operator]} ".join(render(child, quote, operators) for child in children)
    return f"({inner})" if len(children) > 1 else inner


def _expression(query):
    return query.expression if query.expression is not None else ("and", list(query.terms))


def fts_query(query):
    """The query as an FTS5 MATCH expression."""
    return render(_expression(query), lambda term: f'"{term}"', {"and": "AND", "or": "OR"})


def ts_query(query):
    """The query as a PostgreSQL tsquery."""
    return render(_expression(query), lambda term: f"'{term}'", {"and": "&", "or": "|"})


def _date(value):
    return value.isoformat() if connection.vendor == "sqlite" else value


def _now():
    """Now, as the database stores a date and time."""
    return connection.ops.adapt_datetimefield_value(timezone.now())


class Planner:
    """Sets PostgreSQL planner options for the statements that follow in the transaction, sending only changes."""

    def __init__(self, cursor):
        self.cursor, self.current = cursor, {}

    def use(self, settings):
        changed = {name: value for name, value in settings.items() if self.current.get(name) != value}
        if changed:
            self.cursor.execute(
                "SELECT " + ", ".join(f"set_config('{name}', '{value}', true)" for name, value in changed.items())
            )
            self.current.update(changed)


def filter_sql(query, by_date=False):
    """SQL conditions on the entry alias ``e`` for the query's language and filters, with their parameters.

    On PostgreSQL, unless ``by_date`` (a walk of the date index, which starts with the language), the language test
    is written so that no index can serve it: otherwise the planner may read every entry of the language through
    its index and test each one's vector, rather than take the matches from the GIN index, for a query of several
    alternatives ("kommunaldirektør | kommunal & direktør": 220 ms instead of 17 ms at 10,000 entries)."""
    language = "e.language = %s" if by_date or connection.vendor != "postgresql" else "(e.language = %s) IS TRUE"
    where = [language, "e.is_public", "(e.expires_at IS NULL OR e.expires_at > %s)"]
    params = [query.language, _now()]
    if query.kinds:
        where.append(f"e.kind IN ({', '.join(['%s'] * len(query.kinds))})")
        params.extend(query.kinds)
    if query.organisation_id:
        where.append("e.organisation_id = %s")
        params.append(query.organisation_id)
    if query.year:
        # The same year as a date range too, so that walking the date index starts at that year.
        where.append("e.year = %s AND e.date >= %s AND e.date <= %s")
        params.extend([query.year, _date(dt.date(query.year, 1, 1)), _date(dt.date(query.year, 12, 31))])
    if query.focus_area_id:
        where.append(f"e.id IN (SELECT searchentry_id FROM {FOCUS_TABLE} WHERE focusarea_id = %s)")  # noqa: S608 table name
        params.append(query.focus_area_id)
    if query.date_from:
        where.append("e.date >= %s")
        params.append(_date(query.date_from))
    if query.date_to:
        where.append("e.date <= %s")
        params.append(_date(query.date_to))
    return where, params


def matches_sql(query, columns, vector="e.vector", by_date=False):
    """A SELECT of ``columns`` of the public entries that hold every term and pass the filters.

    ``vector=TITLE_VECTOR`` asks for entries whose title holds them (on SQLite: a filter on the title column);
    ``by_date`` leaves the date index usable (see filter_sql)."""
    where, params = filter_sql(query, by_date)
    if connection.vendor == "postgresql":
        # The term test comes last, so an entry that fails a cheap filter is never decompressed.
        where.append(f"{vector} @@ to_tsquery('simple', %s)")
        sql = f"SELECT {columns} FROM {ENTRY_TABLE} e WHERE {' AND '.join(where)}"  # noqa: S608 constants, placeholders
        return sql, [*params, ts_query(query)]
    # The covering index holds every filtered column, so the wide rows (text and terms) are never read.
    # Interpolated: column, table and index names, and filters made of placeholders.
    sql = (
        f"SELECT {columns} FROM {FTS_TABLE} CROSS JOIN {ENTRY_TABLE} e INDEXED BY {SQLITE_COVERING_INDEX} "  # noqa: S608
        f"ON e.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND {' AND '.join(where)}"
    )
    match = fts_query(query)
    return sql, [f"title_terms : ({match})" if vector == TITLE_VECTOR else match, *params]


def any_title_match(cursor, query, planner=None):
    """Whether any entry's title holds the whole query."""
    sql, params = matches_sql(query, "1", vector=TITLE_VECTOR)
    if connection.vendor == "postgresql":
        (planner or Planner(cursor)).use({**SHORT_STATEMENTS, **FROM_GIN_INDEX})
    cursor.execute(f"{sql} LIMIT 1", params)
    return cursor.fetchone() is not None


def count_and_facets(cursor, query, planner=None):
    """The number of matches (up to COUNT_CAP, and whether that is exact) and the facet counts, in one statement.

    The focus areas are grouped by each entry's list of them (a handful of distinct lists), then added up here."""
    hits, params = matches_sql(query, "e.id, e.kind, e.organisation_id, e.year, e.focus_area_ids")
    hits = f"{hits} LIMIT {COUNT_CAP + 1}"
    if connection.vendor == "postgresql":
        (planner or Planner(cursor)).use({**SHORT_STATEMENTS, **FROM_GIN_INDEX})
        # Interpolated: the matches statement above, whose values are placeholders.
        cursor.execute(
            "SELECT GROUPING(h.kind, h.organisation_id, h.year), h.kind, h.organisation_id, h.year, h.focus_area_ids, "  # noqa: S608
            f"COUNT(*) FROM ({hits}) h "
            "GROUP BY GROUPING SETS ((h.kind, h.organisation_id, h.year), (h.focus_area_ids))",
            params,
        )
    else:
        cursor.execute(
            f"WITH h AS MATERIALIZED ({hits}) "  # noqa: S608 the matches statement, with placeholders
            "SELECT 0, h.kind, h.organisation_id, h.year, NULL, COUNT(*) FROM h "
            "GROUP BY h.kind, h.organisation_id, h.year "
            "UNION ALL SELECT 1, NULL, NULL, NULL, h.focus_area_ids, COUNT(*) FROM h GROUP BY h.focus_area_ids",
            params,
        )
    kinds, organisations, years, focus, total = {}, {}, {}, {}, 0
    for focus_group, kind, organisation_id, year, focus_area_ids, n in cursor.fetchall():
        if focus_group:
            for area_id in (focus_area_ids or "").split():
                focus[int(area_id)] = focus.get(int(area_id), 0) + n
            continue
        total += n
        kinds[kind] = kinds.get(kind, 0) + n
        if organisation_id is not None:
            organisations[organisation_id] = organisations.get(organisation_id, 0) + n
        if year is not None:
            years[year] = years.get(year, 0) + n
    if not total:
        return 0, True, {}
    exact = total <= COUNT_CAP
    facets = {
        "kind": list(kinds.items()),
        "organisation": list(organisations.items()),
        "year": list(years.items()),
        "focus_area": list(focus.items()),
    }
    return min(total, COUNT_CAP), exact, facets


def newest_matches_sql(query, exact):
    """On PostgreSQL: the planner settings and SELECT of the matches' ids, newest first (LIMIT to be added).

    Up to COUNT_CAP matches are fetched from the GIN index and sorted; beyond that so many entries match that
    walking the date index (search_entry_public_newest, in this order) finds the newest at once."""
    sql, params = matches_sql(query, "e.id", by_date=not exact)
    return (FROM_GIN_INDEX if exact else BY_DATE_INDEX), f"{sql} ORDER BY e.date DESC NULLS LAST, e.id", params


def postgres_ranked_ids(cursor, planner, query, total, exact):
    """One page of entry ids on PostgreSQL; ``planner`` holds the settings the count left in force."""
    window = [query.limit, query.offset]
    if query.sort == "date":
        settings, sql, params = newest_matches_sql(query, exact)
        planner.use(settings)
        cursor.execute(f"{sql} LIMIT %s OFFSET %s", [*params, *window])
        return [row[0] for row in cursor.fetchall()]
    # The rank, times the kind's weight, times TITLE_WEIGHT when the title holds the whole query.
    ranking = (
        f"ORDER BY ts_rank(e.vector, to_tsquery('simple', %s)) * {KIND_WEIGHT_SQL} "
        f"* (CASE WHEN {TITLE_VECTOR} @@ to_tsquery('simple', %s) THEN {TITLE_WEIGHT} ELSE 1.0 END) DESC, "
        "e.date DESC NULLS LAST, e.id LIMIT %s OFFSET %s"
    )
    terms = ts_query(query)
    if exact and total <= RANK_CANDIDATES:
        sql, params = matches_sql(query, "e.id")
        planner.use(FROM_GIN_INDEX)
        cursor.execute(f"{sql} {ranking}", [*params, terms, terms, *window])
        return [row[0] for row in cursor.fetchall()]
    # The newest matches in steps of RECENT_CANDIDATES, so that neighbouring pages are ranked from the same set.
    recent = RECENT_CANDIDATES * math.ceil((query.offset + query.limit) / RECENT_CANDIDATES)
    sql, params = matches_sql(query, "e.id", vector=TITLE_VECTOR, by_date=not exact)
    # Up to COUNT_CAP matches the title matches are fewer still: fetch them all from the GIN index. Beyond, a
    # title's vector is small to test, so the planner may walk the date index instead when titles match often.
    planner.use(FROM_GIN_INDEX if exact else PLANNER_CHOOSES)
    cursor.execute(f"{sql} ORDER BY e.date DESC NULLS LAST LIMIT %s", [*params, max(TITLE_CANDIDATES, recent)])
    candidates = {row[0] for row in cursor.fetchall()}
    settings, sql, params = newest_matches_sql(query, exact)
    planner.use(settings)
    cursor.execute(f"{sql} LIMIT %s", [*params, recent])
    candidates.update(row[0] for row in cursor.fetchall())
    cursor.execute(
        f"SELECT e.id FROM {ENTRY_TABLE} e WHERE e.id = ANY(%s) {ranking}",  # noqa: S608 table name, ORDER BY constant
        [list(candidates), terms, terms, *window],
    )
    return [row[0] for row in cursor.fetchall()]


def ranked_ids(cursor, query, total=0, exact=True, planner=None):
    """One page of matching entry ids: by date, or by relevance (title terms weigh more) with newer first on ties."""
    if connection.vendor == "postgresql":
        return postgres_ranked_ids(cursor, planner or Planner(cursor), query, total, exact)
    window = [query.limit, query.offset]
    sql, params = matches_sql(query, "e.id")
    if query.sort == "date":
        cursor.execute(f"{sql} ORDER BY e.date IS NULL, e.date DESC, e.id LIMIT %s OFFSET %s", [*params, *window])
    else:
        # bm25 (negative: lower is better) times the kind's weight, times TITLE_WEIGHT when the title holds the
        # whole query (FTS5's bm25 divides by the length of the whole entry, so a long text hides its title).
        title_matches = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 table name
        cursor.execute(
            f"{sql} ORDER BY bm25({FTS_TABLE}, 4.0, 1.0) * {KIND_WEIGHT_SQL} "
            f"* (CASE WHEN e.id IN ({title_matches}) THEN {TITLE_WEIGHT} ELSE 1.0 END), e.date DESC, e.id "
            "LIMIT %s OFFSET %s",
            [*params, f"title_terms : ({fts_query(query)})", *window],
        )
    return [row[0] for row in cursor.fetchall()]


class DatabaseBackend:
    """Searches the entries table with the database's own full-text index."""

    external = False
    name = "database"

    def search(self, query):
        results = self._search(query)
        if query.relaxed is None or query.relaxed == query.expression:
            return results
        if results.total >= RELAX_BELOW and self._title_match(query):
            return results
        # A compound few entries hold, or none is named after: let any of its parts match ("sundhedsområdet" finds
        # the working group "Sundhed"); entries with more of the parts rank higher.
        relaxed = self._search(replace(query, expression=query.relaxed))
        return relaxed if relaxed.total > results.total else results

    def _title_match(self, query):
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                return any_title_match(cursor, query)
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc

    def _search(self, query):
        postgres = connection.vendor == "postgresql"
        within_transaction = connection.in_atomic_block
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                planner = Planner(cursor)
                total, exact, facets = count_and_facets(cursor, query, planner)
                ids = ranked_ids(cursor, query, total, exact, planner) if total else []
                if postgres and within_transaction:
                    # The settings would last until the enclosing transaction ends: give the rest of it the usual ones.
                    cursor.execute(
                        "SELECT set_config(name, reset_val, true) FROM pg_settings WHERE name = ANY(%s)",
                        [PLANNER_SETTINGS],
                    )
            # The flag is kept by the publishing signals; check the shown hits against the page tree once more.
            ids = visible_entry_ids(ids)
        except DatabaseError as exc:
            raise SearchUnavailable(str(exc)) from exc
        return Results(ids=ids, total=total, facets=facets, total_exact=exact)

    def reset(self):
        pass


@contextmanager
def bulk_loading():
    """While many entries are written at once, PostgreSQL's GIN indexes are dropped and then built in one pass."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield  # inside a transaction the index cannot be rebuilt while row changes are pending
        return
    with connection.cursor() as cursor:
        for name in POSTGRES_BULK_INDEXES:
            cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            for name, definition in POSTGRES_BULK_INDEXES.items():
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {ENTRY_TABLE} {definition}")
            cursor.execute("RESET maintenance_work_mem")
            cursor.execute(f"ANALYZE {ENTRY_TABLE}")
            cursor.execute(f"ANALYZE {FOCUS_TABLE}")
