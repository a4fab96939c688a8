"""Elasticsearch through the official client: Danish (and English) analysis done by the engine.

The entries table in the database stays the source of truth; this backend mirrors its public entries into an
index reached through an alias (SEARCH_INDEX, default "portal"). A rebuild fills a new index and swaps the alias
in one step, so searches answer throughout. The engine analyses the raw text itself:

- Danish: letters of other languages written the Danish way (ö → ø, é → e), lowercase, Danish stop words,
  folding that keeps the original (Hörup is found as Hörup, Hørup and Horup; a query with æ, ø or å finds only
  those letters, a query without them finds both), compounds split with the word list in search/data (from the
  query side too: "turismekonsortium" finds "Turismekonsortiet"), the Danish Snowball stemmer.
- English: the same steps with English stop words and the English stemmer.
- Queries only: the synonyms in search/data/synonyms.txt (KKR = Kommunekontaktrådet, tourism = turisme, …).
- Case, journal and KLE numbers ("2009-00123", "04.00.00") are one token; their parts are indexed too.
- A query that finds nothing is run again allowing misspellings (fuzziness), and the result says so.

Titles are marked by the engine's highlighter; snippets come from the portal's own highlighter as on the database
(ENGINE_SNIPPETS: the engine's one sentence-bounded fragment that never crosses a paragraph, at a price).
"""

import datetime as dt
import logging
from functools import lru_cache

from django.conf import settings

from search.analysis import FOREIGN_LETTERS, danish_lexicon, synonym_rules, word_forms
from search.models import SearchEntry

from . import KIND_WEIGHTS, Results, SearchUnavailable, visible_entry_ids

logger = logging.getLogger(__name__)

FACET_SIZE = 50
BULK_CHUNK = 500
BULK_IN_FLIGHT = 2
FRAGMENT_CHARS = 240
# Whether the engine's highlighter makes the text snippets too (one sentence of one paragraph). It costs about 8 ms
# of the engine's time per hit on long texts (its sentence scanner reads the whole text), over 150 ms for a page of
# 20 on the development machine; off, the engine marks the titles and the portal's own highlighter (the database
# backends') makes the snippets, from the same words.
ENGINE_SNIPPETS = False
MIN_SUBWORD = 4
# A number made of groups joined by - / . (case, journal and KLE numbers) is one token; otherwise letters and digits.
TOKEN_PATTERN = r"\p{N}+(?:[-/.]\p{N}+)+|[\p{L}\p{N}]+"  # noqa: S105 - a pattern, not a secret
LANGUAGES = ("da", "en")
DANISH_STEM = ("portal_da_stem", "portal_da_latin", "portal_da_ens")
TEXT_FIELDS = ("title", "text", "files")


def synonyms():
    """The synonym rules of search/data/synonyms.txt, one equivalence a line, each one-word name also in its genitive
    ("kommunaldirektørkredsens", "k17s"): the engine applies them before stemming, to the words as written."""
    rules = []
    for rule in synonym_rules():
        genitives = [phrase + "s" for phrase in rule if " " not in phrase and not phrase.endswith("s")]
        rules.append(", ".join(dict.fromkeys([*rule, *genitives])))
    return rules


def compound_words():
    """The word list the decompounder looks for inside longer words: the shipped base forms and their inflections."""
    words = sorted(w for w in danish_lexicon()[0] if len(w) >= MIN_SUBWORD)
    return sorted({form for w in words for form in word_forms(w)})


def analysis_settings():
    mapping = [f"{source} => {target}" for source, target in FOREIGN_LETTERS.items()]
    mapping += [f"{source.upper()} => {target.upper()}" for source, target in FOREIGN_LETTERS.items() if source != "ß"]
    common_index = ["portal_number_parts", "flatten_graph", "lowercase"]
    return {
        "char_filter": {"portal_foreign_letters": {"type": "mapping", "mappings": mapping}},
        "tokenizer": {"portal_words": {"type": "pattern", "pattern": TOKEN_PATTERN, "group": 0}},
        "filter": {
            "portal_number_parts": {
                "type": "word_delimiter_graph",
                "preserve_original": True,
                "split_on_case_change": False,
                "split_on_numerics": False,
                "stem_english_possessive": False,
            },
            "portal_fold": {"type": "asciifolding", "preserve_original": True},
            "portal_synonyms": {"type": "synonym_graph", "synonyms": synonyms(), "lenient": True},
            "portal_da_stop": {"type": "stop", "stopwords": "_danish_"},
            "portal_en_stop": {"type": "stop", "stopwords": "_english_"},
            # English words a Danish search may contain ("energy and climate") that no Danish text needs.
            "portal_da_query_stop": {"type": "stop", "stopwords": ["and", "the", "of", "with"]},
            "portal_compounds": {
                "type": "dictionary_decompounder",
                "word_list": compound_words(),
                "min_word_size": 7,
                "min_subword_size": MIN_SUBWORD,
            },
            "portal_da_stem": {"type": "stemmer", "language": "danish"},
            # As search.analysis evens out Danish stems: konsortium = konsortiet, frekvens = frekvensen.
            "portal_da_latin": {"type": "pattern_replace", "pattern": "^(.*[ie])um$", "replacement": "$1"},
            "portal_da_ens": {"type": "pattern_replace", "pattern": "^(.{3,})ens$", "replacement": "$1"},
            "portal_en_stem": {"type": "stemmer", "language": "english"},
            "portal_unique": {"type": "unique", "only_on_same_position": True},
        },
        "analyzer": {
            "portal_da": {
                "type": "custom",
                "char_filter": ["portal_foreign_letters"],
                "tokenizer": "portal_words",
                "filter": [
                    *common_index,
                    "portal_da_stop",
                    "portal_fold",
                    "portal_compounds",
                    *DANISH_STEM,
                    "portal_unique",
                ],
            },
            "portal_da_search": {
                "type": "custom",
                "char_filter": ["portal_foreign_letters"],
                "tokenizer": "portal_words",
                "filter": [
                    "lowercase",
                    "portal_synonyms",
                    "portal_da_stop",
                    "portal_da_query_stop",
                    "portal_compounds",
                    *DANISH_STEM,
                    "portal_unique",
                ],
            },
            # For the second try with misspellings allowed: no synonyms, and a misspelt compound is not split.
            "portal_da_fuzzy": {
                "type": "custom",
                "char_filter": ["portal_foreign_letters"],
                "tokenizer": "portal_words",
                "filter": ["lowercase", "portal_da_stop", *DANISH_STEM],
            },
            "portal_en": {
                "type": "custom",
                "char_filter": ["portal_foreign_letters"],
                "tokenizer": "portal_words",
                "filter": [*common_index, "portal_en_stop", "portal_fold", "portal_en_stem", "portal_unique"],
            },
            "portal_en_search": {
                "type": "custom",
                "char_filter": ["portal_foreign_letters"],
                "tokenizer": "portal_words",
                "filter": ["lowercase", "portal_synonyms", "portal_en_stop", "portal_en_stem", "portal_unique"],
            },
            "portal_en_fuzzy": {
                "type": "custom",
                "char_filter": ["portal_foreign_letters"],
                "tokenizer": "portal_words",
                "filter": ["lowercase", "portal_en_stop", "portal_en_stem"],
            },
        },
    }


def text_field(language):
    # Each text is analysed once, in its own field (no catch-all copy): queries span the fields with cross_fields.
    return {
        "type": "text",
        "analyzer": f"portal_{language}",
        "search_analyzer": f"portal_{language}_search",
        # Offsets in the index let the highlighter work on long attachments without analysing them again.
        "index_options": "offsets",
    }


@lru_cache(maxsize=1)
def index_body():
    """Settings and mappings of one index: one shard with a replica (two nodes keep answering when one stops)."""
    properties = {
        "page_id": {"type": "integer"},
        "item_number": {"type": "integer"},
        "kind": {"type": "keyword"},
        "language": {"type": "keyword"},
        "date": {"type": "date"},
        "expires_at": {"type": "date"},
        "year": {"type": "integer"},
        "organisation_id": {"type": "integer"},
        "focus_area_ids": {"type": "integer"},
        "document_ids": {"type": "integer"},
        "title_suggest": {"type": "search_as_you_type", "analyzer": "simple"},
    }
    for language in LANGUAGES:
        for name in TEXT_FIELDS:
            properties[f"{name}_{language}"] = text_field(language)
    return {
        "settings": {
            "number_of_shards": 1,
            "number_of_replicas": 1,
            "analysis": analysis_settings(),
        },
        "mappings": {"dynamic": "strict", "properties": properties},
    }


def document(entry):
    language = "en" if entry.language == "en" else "da"
    attachments = list(entry.attachments.all())
    return {
        "page_id": entry.page_id,
        "item_number": entry.item_number,
        "kind": entry.kind,
        "language": entry.language,
        "date": entry.date.isoformat() if entry.date else None,
        "expires_at": entry.expires_at.isoformat() if entry.expires_at else None,
        "year": entry.year,
        "organisation_id": entry.organisation_id,
        "focus_area_ids": [int(pk) for pk in (entry.focus_area_ids or "").split()],
        "document_ids": [a.document_id for a in attachments],
        "title_suggest": entry.title,
        f"title_{language}": entry.title,
        f"text_{language}": entry.text,
        f"files_{language}": [f"{a.title}\n{a.document.extracted_text or ''}" for a in attachments],
    }


def not_expired():
    """Entries whose page has not expired by now (the portal's clock, as the database search uses)."""
    from django.utils import timezone

    return {
        "bool": {
            "should": [
                {"bool": {"must_not": {"exists": {"field": "expires_at"}}}},
                {"range": {"expires_at": {"gt": timezone.now().isoformat()}}},
            ],
            "minimum_should_match": 1,
        }
    }


def entries_queryset():
    from django.db.models import Prefetch

    from search.models import SearchAttachment

    return SearchEntry.objects.filter(is_public=True).prefetch_related(
        Prefetch("attachments", queryset=SearchAttachment.objects.select_related("document"))
    )


class ElasticsearchBackend:
    """Searches the Elasticsearch index behind an alias, with one document per public search entry."""

    external = True
    name = "elasticsearch"

    def __init__(self, url, alias="portal"):
        self.url = url
        self.alias = alias

    @property
    def client(self):
        return _client(self.url)

    def call(self, function, *args, **kwargs):
        """Runs one client call; an engine that cannot be reached or fails raises SearchUnavailable."""
        from elasticsearch import ConnectionError as EngineConnectionError
        from elasticsearch import TransportError

        try:
            return function(*args, **kwargs)
        except EngineConnectionError as exc:
            raise SearchUnavailable(f"{self.url}: {exc}") from exc
        except TransportError as exc:
            status = exc.status_code if isinstance(exc.status_code, int) else 500
            if status >= 500 or status == 429:
                raise SearchUnavailable(f"{self.url}: {exc}") from exc
            raise

    # Health --------------------------------------------------------------------------------------

    def health(self):
        """The cluster's status ("green", "yellow" or "red") and its number of nodes."""
        body = self.call(self.client.cluster.health, request_timeout=3)
        return {"status": body["status"], "nodes": body["number_of_nodes"]}

    # Index management ----------------------------------------------------------------------------

    def new_index_name(self):
        return f"{self.alias}-{dt.datetime.now(dt.UTC).strftime('%Y%m%d%H%M%S%f')}"

    def indices_behind_alias(self):
        from elasticsearch import NotFoundError

        try:
            return sorted(self.call(self.client.indices.get_alias, name=self.alias))
        except NotFoundError:
            return []

    def ensure_index(self):
        """Creates an index behind the alias if there is none; returns whether one had to be created."""
        if self.indices_behind_alias():
            return False
        name = self.new_index_name()
        self.call(self.client.indices.create, index=name, body={**index_body(), "aliases": {self.alias: {}}})
        self.call(self.client.cluster.health, index=name, wait_for_status="yellow", request_timeout=30)
        return True

    def count(self):
        self.ensure_index()
        return self.call(self.client.count, index=self.alias)["count"]

    def reset(self):
        """Nothing to do at the start of a full rebuild: ``rebuild_index`` replaces the index once entries are ready."""

    def rebuild_index(self, progress=None):
        """Fills a new index with every public entry, then moves the alias to it and deletes the old index.

        Searches keep reading the old index until the alias moves, in one step. ``progress(done, total)`` is
        called as entries are sent. Returns the number of entries indexed."""
        from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

        from elasticsearch.helpers import bulk

        old = self.indices_behind_alias()
        name = self.new_index_name()
        body = index_body()
        # No replica and no refreshes while loading; both are turned on before the alias moves.
        loading = {**body, "settings": {**body["settings"], "number_of_replicas": 0, "refresh_interval": "-1"}}
        self.call(self.client.indices.create, index=name, body=loading)
        entries = entries_queryset()
        total = entries.count()
        done = 0
        if progress:
            progress(0, total)

        def send(chunk):
            sent, errors = self.call(bulk, self.client, chunk, raise_on_error=False, request_timeout=120)
            for error in errors[:3]:
                logger.error("The search engine refused an entry: %s", str(error)[:300])
            return len(chunk)

        # The entries are read and turned into documents here (the database connection stays in this thread)
        # while up to BULK_IN_FLIGHT chunks are on their way, so the engine's cores and this process work at once.
        try:
            with ThreadPoolExecutor(max_workers=BULK_IN_FLIGHT) as pool:
                pending, chunk = set(), []
                for entry in entries.order_by("pk").iterator(chunk_size=BULK_CHUNK):
                    chunk.append({"_index": name, "_id": str(entry.pk), "_source": document(entry)})
                    if len(chunk) < BULK_CHUNK:
                        continue
                    if len(pending) >= BULK_IN_FLIGHT:
                        finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                        for future in finished:
                            done += future.result()
                            if progress:
                                progress(done, total)
                    pending.add(pool.submit(send, chunk))
                    chunk = []
                if chunk:
                    pending.add(pool.submit(send, chunk))
                for future in pending:
                    done += future.result()
                if progress:
                    progress(done, total)
        except Exception:
            self.call(self.client.indices.delete, index=name, ignore=[404])
            raise
        self.call(
            self.client.indices.put_settings, index=name, body={"number_of_replicas": 1, "refresh_interval": "1s"}
        )
        self.call(self.client.indices.refresh, index=name)
        self.call(self.client.cluster.health, index=name, wait_for_status="yellow", request_timeout=60)
        actions = [{"add": {"index": name, "alias": self.alias}}]
        actions += [{"remove": {"index": index, "alias": self.alias}} for index in old]
        self.call(self.client.indices.update_aliases, body={"actions": actions})
        for index in old:
            self.call(self.client.indices.delete, index=index, ignore=[404])
        return done

    def delete_all_indices(self):
        """Removes every index behind the alias (tests)."""
        for index in self.indices_behind_alias():
            self.call(self.client.indices.delete, index=index, ignore=[404])

    # Updates -------------------------------------------------------------------------------------

    def index_entries(self, ids, refresh=True):
        from elasticsearch.helpers import bulk

        self.ensure_index()
        entries = entries_queryset().filter(pk__in=ids)
        found = set()
        actions = []
        for entry in entries:
            found.add(entry.pk)
            actions.append({"_index": self.alias, "_id": str(entry.pk), "_source": document(entry)})
        # An id whose entry is gone or no longer public leaves the index.
        actions += [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids if pk not in found]
        if actions:
            self.call(bulk, self.client, actions, refresh=refresh, raise_on_error=False)

    def delete_entries(self, ids, refresh=True):
        from elasticsearch.helpers import bulk

        if not ids or not self.indices_behind_alias():
            return
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids]
        self.call(bulk, self.client, actions, refresh=refresh, raise_on_error=False)

    # Querying ------------------------------------------------------------------------------------

    def filters(self, query):
        filters = [{"term": {"language": query.language}}, not_expired()]
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
        return filters

    def text_query(self, query, fuzzy=False):
        language = "en" if query.language == "en" else "da"
        text = query.raw or " ".join(query.terms)
        fields = [f"{name}_{language}" for name in TEXT_FIELDS]
        match = {"query": text, "operator": "and"}
        # Every word in one of the fields (title, text, attachments), scored as if they were one field.
        every_word = {"multi_match": {**match, "fields": fields, "type": "cross_fields"}}
        if fuzzy:
            match.update(fuzziness="AUTO", prefix_length=1, analyzer=f"portal_{language}_fuzzy")
            # cross_fields takes no fuzziness: a misspelt query's words are looked for within each field.
            every_word = {"multi_match": {**match, "fields": fields, "type": "most_fields"}}
        return {
            "bool": {
                "must": [every_word],
                "should": [
                    {"match": {f"title_{language}": {**match, "boost": 4}}},
                    {"multi_match": {"query": text, "fields": fields, "type": "phrase", "slop": 2, "boost": 2}},
                ],
            }
        }

    def build(self, query, fuzzy=False):
        language = "en" if query.language == "en" else "da"
        text_query = self.text_query(query, fuzzy)
        date_sort = {"date": {"order": "desc", "missing": "_last"}}
        sort = [date_sort, "_score"] if query.sort == "date" else ["_score", date_sort]
        fragment = {"number_of_fragments": 1, "fragment_size": FRAGMENT_CHARS, "no_match_size": 0}  # ENGINE_SNIPPETS
        weighted = {
            "function_score": {
                "query": text_query,
                "functions": [
                    {"filter": {"term": {"kind": kind}}, "weight": weight} for kind, weight in KIND_WEIGHTS.items()
                ],
                "score_mode": "first",
                "boost_mode": "multiply",
            }
        }
        return {
            "query": {"bool": {"must": [weighted], "filter": self.filters(query)}},
            "sort": sort,
            "from": query.offset,
            "size": query.limit,
            "track_total_hits": True,
            "_source": False,
            "highlight": {
                "type": "unified",
                "encoder": "html",
                "pre_tags": ["<mark>"],
                "post_tags": ["</mark>"],
                "require_field_match": False,
                "highlight_query": text_query,
                "fields": {
                    f"title_{language}": {"number_of_fragments": 0},
                    **({f"text_{language}": fragment, f"files_{language}": fragment} if ENGINE_SNIPPETS else {}),
                },
            },
            "aggs": {
                "kind": {"terms": {"field": "kind", "size": FACET_SIZE}},
                "organisation": {"terms": {"field": "organisation_id", "size": FACET_SIZE}},
                "year": {"terms": {"field": "year", "size": FACET_SIZE}},
                "focus_area": {"terms": {"field": "focus_area_ids", "size": FACET_SIZE}},
            },
        }

    def run(self, query, fuzzy=False):
        from elasticsearch import NotFoundError, RequestError

        try:
            try:
                return self.call(self.client.search, index=self.alias, body=self.build(query, fuzzy))
            except NotFoundError:
                self.ensure_index()
                return self.call(self.client.search, index=self.alias, body=self.build(query, fuzzy))
        except RequestError as exc:
            raise SearchUnavailable(f"{self.url}: {exc}") from exc

    def search(self, query):
        body = self.run(query)
        fuzzy = False
        if not body["hits"]["total"]["value"] and query.raw:
            # Nothing found as written: allow misspellings, and say so on the page.
            body, fuzzy = self.run(query, fuzzy=True), True
        language = "en" if query.language == "en" else "da"
        hits = body["hits"]["hits"]
        ids = visible_entry_ids([int(hit["_id"]) for hit in hits])
        highlights = {}
        for hit in hits:
            found = hit.get("highlight", {})
            highlights[int(hit["_id"])] = {
                "title": (found.get(f"title_{language}") or [""])[0].replace("&#x2F;", "/"),
                "snippet": one_line((found.get(f"text_{language}") or [""])[0]),
                "files_snippet": one_line((found.get(f"files_{language}") or [""])[0]),
            }
        facets = {
            name: [(bucket["key"], bucket["doc_count"]) for bucket in agg.get("buckets", [])]
            for name, agg in body.get("aggregations", {}).items()
        }
        total = body["hits"]["total"]["value"]
        return Results(ids=ids, total=total, facets=facets, highlights=highlights, fuzzy=fuzzy and bool(total))

    def suggest(self, text, language, size):
        """Entry ids whose title starts with or contains words starting with ``text``, best first."""
        body = {
            "size": size,
            "_source": False,
            "query": {
                "bool": {
                    "must": [
                        {
                            "multi_match": {
                                "query": text,
                                "type": "bool_prefix",
                                "fields": ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"],
                                "operator": "and",
                            }
                        }
                    ],
                    "filter": [{"term": {"language": language}}, not_expired()],
                }
            },
            "sort": ["_score", {"date": {"order": "desc", "missing": "_last"}}],
        }
        from elasticsearch import NotFoundError

        try:
            found = self.call(self.client.search, index=self.alias, body=body)
        except NotFoundError:
            return []
        return [int(hit["_id"]) for hit in found["hits"]["hits"]]


def one_line(fragment):
    """A highlighted fragment with its line breaks and runs of whitespace shown as single spaces."""
    return " ".join(fragment.replace("&#x2F;", "/").split())


@lru_cache(maxsize=4)
def _client(url):
    from elasticsearch import Elasticsearch

    hosts = [part.strip() for part in url.split(",") if part.strip()]
    return Elasticsearch(hosts, timeout=settings.PORTAL_SEARCH_TIMEOUT, max_retries=1, retry_on_timeout=True)
