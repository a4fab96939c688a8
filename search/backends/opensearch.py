"""Elasticsearch 8/9 and OpenSearch 2/3 over their REST API: the same analysed terms, plus a Danish analyzer where
the engine has one.

The entries table in the database stays the source of truth; this backend mirrors it into one index and
answers queries with ids, totals and facet counts. Plain HTTP is used so one code path serves both engines
(the official Elasticsearch client refuses servers that are not Elasticsearch).
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request

from pages import visibility
from search.models import SearchEntry

from . import Results, SearchUnavailable

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15
FACET_SIZE = 50


def index_body(with_danish):
    """Index settings and mappings: analysed terms split on whitespace; raw text with the Danish analyzer if any."""
    properties = {
        "page_id": {"type": "integer"},
        "item_number": {"type": "integer"},
        "kind": {"type": "keyword"},
        "language": {"type": "keyword"},
        "title": {"type": "text"},
        "title_terms": {"type": "text", "analyzer": "portal_terms"},
        "terms": {"type": "text", "analyzer": "portal_terms"},
        "date": {"type": "date"},
        "year": {"type": "integer"},
        "organisation_id": {"type": "integer"},
        "focus_area_ids": {"type": "integer"},
    }
    if with_danish:
        properties["text_da"] = {"type": "text", "analyzer": "danish"}
    return {
        "settings": {"analysis": {"analyzer": {"portal_terms": {"type": "custom", "tokenizer": "whitespace"}}}},
        "mappings": {"_meta": {"danish": with_danish}, "properties": properties},
    }


class OpenSearchBackend:
    """Searches an Elasticsearch or OpenSearch index holding one document per search entry."""

    external = True

    def __init__(self, url, index="portal"):
        self.url = url.rstrip("/")
        self.index = index

    # HTTP ----------------------------------------------------------------------------------------

    def request(self, method, path, body=None, ndjson=False, allow=()):
        if ndjson:
            data, content_type = body.encode("utf-8"), "application/x-ndjson"
        else:
            data, content_type = (None if body is None else json.dumps(body).encode("utf-8")), "application/json"
        request = urllib.request.Request(  # noqa: S310 - the URL comes from the SEARCH_URL setting
            f"{self.url}/{path}", data=data, method=method, headers={"Content-Type": content_type}
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
                text = response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            text = exc.read().decode("utf-8", "replace")
            if exc.code in allow:
                return exc.code, text
            if exc.code >= 500:
                raise SearchUnavailable(f"{method} {path}: {exc.code} {text[:300]}") from exc
            raise ValueError(f"{method} {path}: {exc.code} {text[:500]}") from exc
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise SearchUnavailable(f"{method} {path}: {exc}") from exc
        return 200, json.loads(text) if text else {}

    # Index management ----------------------------------------------------------------------------

    def ensure_index(self):
        """Creates the index if missing, with the Danish analyzer when the engine has it; returns whether it has."""
        status, body = self.request("GET", f"{self.index}/_mapping", allow=(404,))
        if status == 200:
            mapping = next(iter(body.values()), {}).get("mappings", {})
            return bool(mapping.get("_meta", {}).get("danish"))
        try:
            self.request("PUT", self.index, index_body(with_danish=True))
            return True
        except ValueError as exc:
            if "danish" not in str(exc):
                raise
            logger.info("The search engine has no Danish analyzer; indexing analysed terms only.")
            self.request("PUT", self.index, index_body(with_danish=False))
            return False

    def reset(self):
        self.request("DELETE", self.index, allow=(404,))
        self.ensure_index()

    def document(self, entry, with_danish):
        doc = {
            "page_id": entry.page_id,
            "item_number": entry.item_number,
            "kind": entry.kind,
            "language": entry.language,
            "title": entry.title,
            "title_terms": entry.title_terms,
            "terms": entry.terms,
            "date": entry.date.isoformat() if entry.date else None,
            "year": entry.year,
            "organisation_id": entry.organisation_id,
            "focus_area_ids": [area.pk for area in entry.focus_areas.all()],
        }
        if with_danish and entry.language == "da":
            doc["text_da"] = f"{entry.title}\n{entry.text}"
        return doc

    def index_entries(self, ids, refresh=True):
        with_danish = self.ensure_index()
        entries = SearchEntry.objects.filter(pk__in=ids).prefetch_related("focus_areas")
        lines = []
        for entry in entries:
            lines.append(json.dumps({"index": {"_index": self.index, "_id": str(entry.pk)}}))
            lines.append(json.dumps(self.document(entry, with_danish)))
        if not lines:
            return
        suffix = "?refresh=true" if refresh else ""
        _status, body = self.request("POST", f"_bulk{suffix}", "\n".join(lines) + "\n", ndjson=True)
        if body.get("errors"):
            logger.error("Search engine refused some entries: %s", json.dumps(body)[:500])

    def delete_entries(self, ids):
        lines = [json.dumps({"delete": {"_index": self.index, "_id": str(pk)}}) for pk in ids]
        if lines:
            self.request("POST", "_bulk?refresh=true", "\n".join(lines) + "\n", ndjson=True)

    # Querying ------------------------------------------------------------------------------------

    def build(self, query, with_danish):
        filters = [{"term": {"language": query.language}}]
        if query.kinds:
            filters.append({"terms": {"kind": query.kinds}})
        if query.organisation_id:
            filters.append({"term": {"organisation_id": query.organisation_id}})
        if query.year:
            filters.append({"term": {"year": query.year}})
        if query.focus_area_id:
            filters.append({"term": {"focus_area_ids": query.focus_area_id}})
        if query.date_from or query.date_to:
            bounds = {}
            if query.date_from:
                bounds["gte"] = query.date_from.isoformat()
            if query.date_to:
                bounds["lte"] = query.date_to.isoformat()
            filters.append({"range": {"date": bounds}})
        # Every term must be found, in the title or the text.
        must = [
            {"multi_match": {"query": term, "fields": ["title_terms^4", "terms"], "type": "best_fields"}}
            for term in query.terms
        ]
        boolean = {"must": must, "filter": filters}
        if with_danish and query.language == "da" and query.raw:
            boolean["should"] = [{"match": {"text_da": {"query": query.raw}}}]
        date_sort = {"date": {"order": "desc", "missing": "_last"}}
        sort = [date_sort, "_score"] if query.sort == "date" else ["_score", date_sort]
        return {
            "query": {"bool": boolean},
            "sort": sort,
            "from": query.offset,
            "size": query.limit,
            "track_total_hits": True,
            "_source": False,
            "aggs": {
                "kind": {"terms": {"field": "kind", "size": FACET_SIZE}},
                "organisation": {"terms": {"field": "organisation_id", "size": FACET_SIZE}},
                "year": {"terms": {"field": "year", "size": FACET_SIZE}},
                "focus_area": {"terms": {"field": "focus_area_ids", "size": FACET_SIZE}},
            },
        }

    def search(self, query):
        try:
            with_danish = self.ensure_index()
            _status, body = self.request("POST", f"{self.index}/_search", self.build(query, with_danish))
        except ValueError as exc:
            raise SearchUnavailable(str(exc)) from exc
        ids = [int(hit["_id"]) for hit in body["hits"]["hits"]]
        total = body["hits"]["total"]
        total = total["value"] if isinstance(total, dict) else int(total)
        # The index holds public entries only; check again so a page made private a moment ago never shows.
        visible = set(
            SearchEntry.objects.filter(pk__in=ids, page__in=visibility.public().pages().values("pk")).values_list(
                "pk", flat=True
            )
        )
        facets = {
            name: [(bucket["key"], bucket["doc_count"]) for bucket in agg.get("buckets", [])]
            for name, agg in body.get("aggregations", {}).items()
        }
        return Results(ids=[pk for pk in ids if pk in visible], total=total, facets=facets)
