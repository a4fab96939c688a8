"""Wagtail's own search (the admin's page, document and snippet search; API v2's ?search=) on the portal's
Elasticsearch cluster, with the portal's Danish analysis.

Wagtail 8 searches through django-modelsearch. Its Elasticsearch 7 backend maps every searchable text field without
an analyzer of its own, so the index's default analyzer decides how they are analysed: this backend makes the
portal's Danish chain (search/backends/elasticsearch.py: folding that keeps the original, Danish stop words,
compounds split from the word list, the Danish stemmer; synonyms at query time) that default. The admin's page
search matches what editors type against the start of words (edge n-grams); those are made from the same words,
folded and split into their compound parts, and the typed words get the synonyms and are cut to the longest n-gram,
so "Solrod", "konsortiet" and "KKR" find "Solrød", "Turismekonsortiet" and "Kommunekontaktrådet". The indexes have a
replica, so editors' searches survive one node stopping. WAGTAILSEARCH_BACKENDS in portal/settings/base.py names it
when SEARCH_URL is set; `manage.py update_index` fills it.
"""

from copy import deepcopy

from modelsearch.backends.elasticsearch7 import (
    Elasticsearch7AutocompleteQueryCompiler,
    Elasticsearch7Index,
    Elasticsearch7Mapping,
    Elasticsearch7SearchBackend,
    Elasticsearch7SearchQueryCompiler,
)
from modelsearch.utils import deep_update

from search.backends.elasticsearch import analysis_settings

LONGEST_PREFIX = 20


def danish_index_settings():
    """Index settings: the portal's analysis with its Danish chain as the default, Danish edge n-grams, one replica."""
    analysis = deepcopy(analysis_settings())
    analyzers = analysis["analyzer"]
    analyzers["default"] = analyzers["portal_da"]
    analyzers["default_search"] = analyzers["portal_da_search"]
    analysis["filter"]["portal_prefixes"] = {"type": "edge_ngram", "min_gram": 1, "max_gram": LONGEST_PREFIX}
    analysis["filter"]["portal_longest_prefix"] = {"type": "truncate", "length": LONGEST_PREFIX}
    analyzers["edgengram_analyzer"] = {
        "type": "custom",
        "char_filter": ["portal_foreign_letters"],
        "tokenizer": "portal_words",
        "filter": ["lowercase", "portal_fold", "portal_compounds", "portal_prefixes"],
    }
    analyzers["portal_prefix_search"] = {
        "type": "custom",
        "char_filter": ["portal_foreign_letters"],
        "tokenizer": "portal_words",
        "filter": ["lowercase", "portal_synonyms", "portal_longest_prefix"],
    }
    return {
        "settings": {
            "analysis": analysis,
            "index": {"number_of_replicas": 1, "max_ngram_diff": LONGEST_PREFIX - 1},
        }
    }


class DanishMapping(Elasticsearch7Mapping):
    edgengram_analyzer_config = {"analyzer": "edgengram_analyzer", "search_analyzer": "portal_prefix_search"}


class DanishSearchQueryCompiler(Elasticsearch7SearchQueryCompiler):
    mapping_class = DanishMapping


class DanishAutocompleteQueryCompiler(Elasticsearch7AutocompleteQueryCompiler):
    mapping_class = DanishMapping


class DanishElasticsearch7SearchBackend(Elasticsearch7SearchBackend):
    mapping_class = DanishMapping
    index_class = Elasticsearch7Index
    query_compiler_class = DanishSearchQueryCompiler
    autocomplete_query_compiler_class = DanishAutocompleteQueryCompiler

    def __init__(self, params):
        super().__init__(params)
        self.settings = deep_update(self.settings, danish_index_settings())


SearchBackend = DanishElasticsearch7SearchBackend
