"""Wagtail's PostgreSQL backend with Swedish handling (see search.backends.database).

The Swedish text-search configuration stems once more what the analyser has already stemmed;
index and queries pass through both steps alike, so they still match.
"""

from django.contrib.postgres.search import SearchQuery
from modelsearch.backends.database.postgres import postgres as _postgres
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText

from search.backends.database import AnalysedIndexMixin, plan_lexemes, prefix_lexemes


class SwedishPostgresIndex(AnalysedIndexMixin, _postgres.PostgresIndex):
    pass


class SwedishPostgresQueryCompiler(_postgres.PostgresSearchQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            lexemes = plan_lexemes(query.query_string, Lexeme, query.operator)
            if lexemes is None:
                return None
            return SearchQuery(lexemes, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class SwedishPostgresAutocompleteCompiler(_postgres.PostgresAutocompleteQueryCompiler):
    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            lexemes = prefix_lexemes(query.query_string, Lexeme, prefix=True)
            if lexemes is None:
                return None
            return SearchQuery(lexemes, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class SwedishPostgresSearchBackend(_postgres.PostgresSearchBackend):
    index_class = SwedishPostgresIndex
    query_compiler_class = SwedishPostgresQueryCompiler
    autocomplete_query_compiler_class = SwedishPostgresAutocompleteCompiler

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "swedish", **params})
