"""Wagtail's SQLite FTS5 backend with Swedish handling (see search.backends.database)."""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import FloatField, Func
from modelsearch.query import PlainText

from search.backends import internals
from search.backends.database import (
    AnalysedIndexMixin,
    BatchedAddMixin,
    RankedCountMixin,
    RankedQueryMixin,
    index_columns,
    plan_lexemes,
    prefix_lexemes,
)

_sqlite = internals.sqlite()
Lexeme = _sqlite.Lexeme
MatchExpression = _sqlite.MatchExpression
SearchQueryExpression = _sqlite.SearchQueryExpression
normalize = _sqlite.normalize
get_descendants_content_types_pks = internals.get_descendants_content_types_pks

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
        table = _sqlite.FTSIndexEntry._meta.db_table
        weights = ", ".join(str(float(w)) for w in self.weights)
        return f"bm25({table}, {weights})", []


class SwedishSQLiteIndex(AnalysedIndexMixin, _sqlite.Index):
    pass


class FieldColumnsMixin:
    """A search restricted to fields searches the index columns holding them (see
    `index_columns`): SQLite's full-text table has no column per field ("no such column")."""

    AUTOCOMPLETE = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.requested_fields = self.fields
        if self.fields:
            self.fields = index_columns(
                self.queryset.model, self.fields, autocomplete=self.AUTOCOMPLETE
            )

    def check(self):
        """Wagtail's checks (is every field a SearchField?) apply to the fields asked for."""
        columns, self.fields = self.fields, self.requested_fields
        try:
            super().check()
        finally:
            self.fields = columns


class RankedSearchMixin(RankedQueryMixin):
    """Search and count from one full-text-first query (see `ranked`)."""

    COLUMN_WEIGHTS = SQLITE_COLUMN_WEIGHTS

    def ranked(self, config) -> list[tuple[int, float]] | None:
        """Every match as (primary key, score), best first, from one query that reads the
        full-text index first. Wagtail's own query lets SQLite start from the model's table
        and run the full-text match again for each row, which took seconds on 10 000 pages.
        None for queries Wagtail's code handles itself (match all, negations, other orders)."""
        if hasattr(self, "_ranked"):
            return self._ranked
        query = normalize(self.query)
        model = self.queryset.model
        if not self.rankable(query):
            self._ranked = None
            return None
        fts = _sqlite.FTSIndexEntry._meta.db_table
        entries = _sqlite.IndexEntry._meta.db_table
        connection = connections[self.queryset.db]
        match = MatchExpression(
            self.fields or self.FTS_TABLE_FIELDS, self.build_search_query(query, config=config)
        )
        compiler = _sqlite.FTSIndexEntry.objects.all().query.get_compiler(connection=connection)
        match_sql, match_params = match.as_sql(compiler, connection)
        weights = ", ".join(str(float(w)) for w in self.COLUMN_WEIGHTS)
        try:
            ids_sql, ids_params = self.queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # the queryset can match nothing (e.g. filtered by pk__in=[])
            self._ranked = []
            return self._ranked
        content_types = list(get_descendants_content_types_pks(model))
        placeholders = ", ".join(["%s"] * len(content_types))
        # "LIMIT -1" keeps SQLite from flattening the full-text subquery into the join.
        sql = (
            f"SELECT CAST(e.object_id AS INTEGER) AS pk, m.score FROM ("  # noqa: S608
            f"SELECT rowid AS rid, bm25({fts}, {weights}) AS score FROM {fts} "
            f"WHERE {match_sql} LIMIT -1) AS m "
            f"JOIN {entries} AS e ON e.id = m.rid "
            f"WHERE e.content_type_id IN ({placeholders}) "
            f"AND CAST(e.object_id AS INTEGER) IN ({ids_sql}) "
            "ORDER BY m.score ASC, pk DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*match_params, *content_types, *ids_params])
            self._ranked = [(row[0], row[1]) for row in cursor.fetchall()]
        return self._ranked

    def search(self, config, start, stop, score_field=None):
        ranked = self.ranked(config)
        if ranked is None:
            return super().search(config, start, stop, score_field)
        return self.ranked_objects(ranked, start, stop, score_field)


class SwedishSQLiteQueryCompiler(FieldColumnsMixin, RankedSearchMixin, _sqlite.SearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            lexemes = plan_lexemes(query.query_string, Lexeme, query.operator)
            return SearchQueryExpression(lexemes if lexemes is not None else Lexeme(""))
        return super().build_search_query_content(query, config)

    def _build_rank_expression(self, vectors, config):
        return WeightedBM25(SQLITE_COLUMN_WEIGHTS)


class SwedishSQLiteAutocompleteCompiler(
    FieldColumnsMixin, RankedSearchMixin, _sqlite.AutocompleteQueryCompiler
):
    AUTOCOMPLETE = True
    COLUMN_WEIGHTS = (1.0, 0.0, 0.0)

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            lexemes = prefix_lexemes(query.query_string, Lexeme, prefix=True)
            return SearchQueryExpression(lexemes if lexemes is not None else Lexeme(""))
        return super().build_search_query_content(query, config)


class SwedishSQLiteSearchResults(RankedCountMixin, _sqlite.SearchResults):
    pass


class SwedishSQLiteSearchBackend(BatchedAddMixin, _sqlite.SearchBackend):
    results_class = SwedishSQLiteSearchResults
    index_class = SwedishSQLiteIndex
    query_compiler_class = SwedishSQLiteQueryCompiler
    autocomplete_query_compiler_class = SwedishSQLiteAutocompleteCompiler
