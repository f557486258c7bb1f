"""Elasticsearch 8 (or OpenSearch through its Elasticsearch API) with the same Swedish handling
as the database backends, done by the search server's own analysers:

- Swedish stop words and the Swedish Snowball stemmer,
- å, ä, ö folded after stemming (asciifolding), so "forvaltare" finds "förvaltare",
- compounds split by a dictionary decompounder with the portal's word list,
- synonyms (glossary abbreviations and the editors' list) expanded at search time,
- typo tolerance through fuzzy matching.

The synonyms and the word list are written into the index settings, so after editors change
them the index is rebuilt (`manage.py update_index`), as for any settings change.
"""

from modelsearch.backends.elasticsearch8 import (
    Elasticsearch8SearchBackend,
    Elasticsearch8SearchQueryCompiler,
)

from search.language import resources, shipped_words


def swedish_analysis() -> dict:
    """The analysis settings: analysers named "default" and "default_search" apply to every
    text field that does not name its own (the autocomplete fields keep their edge n-grams)."""
    groups = [
        ", ".join(expression.replace(",", " ") for expression in group)
        for group in resources().groups
        if len(group) > 1
    ]
    index_filters = [
        "lowercase",
        "swedish_decompounder",
        "swedish_stop",
        "swedish_stemmer",
        "asciifolding",
    ]
    return {
        "filter": {
            "swedish_stop": {"type": "stop", "stopwords": "_swedish_"},
            "swedish_stemmer": {"type": "stemmer", "language": "swedish"},
            "swedish_decompounder": {
                "type": "dictionary_decompounder",
                "word_list": sorted(shipped_words()),
                "min_subword_size": 3,
                "only_longest_match": False,
            },
            "swedish_synonyms": {"type": "synonym_graph", "synonyms": groups, "lenient": True},
        },
        "analyzer": {
            "default": {"type": "custom", "tokenizer": "standard", "filter": index_filters},
            "default_search": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "swedish_synonyms", *index_filters[1:]],
            },
        },
    }


class SwedishElasticsearch8QueryCompiler(Elasticsearch8SearchQueryCompiler):
    def _compile_plaintext_query(self, query, fields, boost=1.0):
        compiled = super()._compile_plaintext_query(query, fields, boost)
        body = compiled.get("multi_match") or next(iter(compiled["match"].values()))
        body["fuzziness"] = "AUTO"  # one or two letters wrong, depending on the word's length
        return compiled


class SwedishElasticsearch8SearchBackend(Elasticsearch8SearchBackend):
    query_compiler_class = SwedishElasticsearch8QueryCompiler

    def __init__(self, params):
        super().__init__(params)
        analysis = self.settings["settings"]["analysis"]
        swedish = swedish_analysis()
        analysis.setdefault("filter", {}).update(swedish["filter"])
        analysis.setdefault("analyzer", {}).update(swedish["analyzer"])


SearchBackend = SwedishElasticsearch8SearchBackend
