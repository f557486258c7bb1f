"""Wagtail's SQLite FTS5 backend with Swedish handling (see search.backends.database)."""

from django.db.models import FloatField, Func
from modelsearch.backends.database.sqlite import sqlite as _sqlite
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    MatchExpression,
    SearchQueryExpression,
    normalize,
)
from modelsearch.query import And, Or, PlainText

from search.backends.database import AnalysedIndexMixin, plan_lexemes, prefix_lexemes

# Columns of the FTS5 table, in order: autocomplete, body, title.
SQLITE_COLUMN_WEIGHTS = (0.0, 1.0, 5.0)


class WeightedBM25(Func):
    """FTS5's bm25() with column weights, so a match in a title counts more than one in the
    body (Wagtail's SQLite backend ranks every column alike)."""

    output_field = FloatField()

    def __init__(self, weights):
        self.weights = weights
        super().__init__()

    def as_sql(self, compiler, connection, **extra):
        table = _sqlite.SQLiteFTSIndexEntry._meta.db_table
        weights = ", ".join(str(float(w)) for w in self.weights)
        return f"bm25({table}, {weights})", []


class SwedishSQLiteIndex(AnalysedIndexMixin, _sqlite.SQLiteIndex):
    pass


class SwedishSQLiteQueryCompiler(_sqlite.SQLiteSearchQueryCompiler):
    DEFAULT_OPERATOR = "or"

    def matching(self, config):
        """The objects that match a text query (words, or words combined with And/Or), unranked;
        None for queries Wagtail's own code handles (match all, negations)."""
        query = normalize(self.query)
        if not isinstance(query, PlainText | And | Or):
            return None
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        return self.queryset.filter(index_entries__sqliteftsindexentry__isnull=False).filter(match)

    def search(self, config, start, stop, score_field=None):
        """One query that joins the FTS table, instead of Wagtail's per-row score subquery
        (which repeats the full-text match for every result and grows with the corpus)."""
        matching = self.matching(config)
        if matching is None:
            return super().search(config, start, stop, score_field)
        score_field = score_field or "_score"
        queryset = matching.annotate(**{score_field: self._build_rank_expression(None, config)})
        if self.order_by_relevance:
            queryset = queryset.order_by(score_field, "-pk")
        elif not queryset.query.order_by:
            queryset = queryset.order_by("-pk")
        return queryset[start:stop]

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            lexemes = plan_lexemes(query.query_string, Lexeme, query.operator)
            return SearchQueryExpression(lexemes if lexemes is not None else Lexeme(""))
        return super().build_search_query_content(query, config)

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(SQLITE_COLUMN_WEIGHTS)


class SwedishSQLiteAutocompleteCompiler(_sqlite.SQLiteAutocompleteQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            lexemes = prefix_lexemes(query.query_string, Lexeme, prefix=True)
            return SearchQueryExpression(lexemes if lexemes is not None else Lexeme(""))
        return super().build_search_query_content(query, config)


class SwedishSQLiteSearchResults(_sqlite.SQLiteSearchResults):
    def _do_count(self):
        """Count the ranked ids: without the ranking, SQLite's planner runs the full-text match
        once per row, which is a hundred times slower."""
        compiler = self.query_compiler
        if getattr(compiler, "matching", None) is None:
            return super()._do_count()
        ranked = compiler.search(compiler.get_config(self.backend), None, None)
        return len(ranked.values_list("pk", flat=True))


class SwedishSQLiteSearchBackend(_sqlite.SQLiteSearchBackend):
    results_class = SwedishSQLiteSearchResults
    index_class = SwedishSQLiteIndex
    query_compiler_class = SwedishSQLiteQueryCompiler
    autocomplete_query_compiler_class = SwedishSQLiteAutocompleteCompiler
