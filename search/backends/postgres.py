"""Wagtail's PostgreSQL backend with Swedish handling (see search.backends.database).

The Swedish text-search configuration stems once more what the analyser has already stemmed;
index and queries pass through both steps alike, so they still match.
"""

from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import EmptyResultSet
from django.db import connections
from modelsearch.query import Or, PlainText

from search.backends import internals
from search.backends.database import (
    AnalysedIndexMixin,
    BatchedAddMixin,
    RankedCountMixin,
    RankedQueryMixin,
    group_lexemes,
    index_columns,
    plan_lexemes,
    prefix_lexemes,
)
from search.language import vocabulary

_postgres = internals.postgres()
IndexEntry = _postgres.IndexEntry
Lexeme = _postgres.Lexeme
get_sql_weights = _postgres.get_sql_weights
get_descendants_content_types_pks = internals.get_descendants_content_types_pks


class SwedishPostgresIndex(AnalysedIndexMixin, _postgres.Index):
    POSTGRES = True


# Up to FULL_RANK_ALL matches are all scored on title and body; beyond that, the best
# FULL_RANK by title (twice the reranked window), and the rest keep their title score.
FULL_RANK_ALL = 1000
FULL_RANK = 100
# ts_rank's normalisation 1: the rank divided by 1 + the logarithm of the document's length.
LENGTH_NORMALISATION = 1


class SwedishPostgresQueryCompiler(RankedQueryMixin, _postgres.SearchQueryCompiler):
    def ranked(self, config) -> list[tuple[int, float]] | None:
        """Every match as (primary key, score), best first, in one query that finds the matches
        through a GIN index (on the body, or on title || body: migration 0004). Wagtail's
        query reaches the index entries through a join and an annotation that no index
        covers, so it read every row (300 ms at 10 000 pages). The score is Wagtail's: title
        rank × title norm + the body's score (see body_scores). None for queries Wagtail's own code
        handles."""
        if hasattr(self, "_ranked"):
            return self._ranked
        model = self.queryset.model
        if self.fields or not self.rankable(self.query):
            self._ranked = None
            return None
        connection = connections[self.queryset.db]
        compiler = self.queryset.query.get_compiler(connection=connection)
        tsquery = self.build_tsquery(self.query, config=config)
        if tsquery is None:
            self._ranked = []
            return self._ranked
        tsquery_sql, tsquery_params = compiler.compile(
            tsquery.resolve_expression(self.queryset.query)
        )
        entries = IndexEntry._meta.db_table
        try:
            ids_sql, ids_params = self.queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # the queryset can match nothing (e.g. filtered by pk__in=[])
            self._ranked = []
            return self._ranked
        content_types = list(get_descendants_content_types_pks(model))
        placeholders = ", ".join(["%s"] * len(content_types))
        # A model whose indexed body repeats its title is matched on the body's own index,
        # without joining title and body for every row.
        if getattr(model, "search_body_has_everything", False):
            searched = "e.body"
        else:
            searched = "(e.title || e.body)"
        # First every match with its title score, which needs no body vector; then the body
        # score for all of them, or for the best FULL_RANK when there are very many: reading
        # thousands of body vectors is what made broad queries slow.
        sql = (
            "SELECT CAST(e.object_id AS INTEGER) AS pk, e.id, "  # noqa: S608
            "ts_rank(%s::float4[], e.title, q.query) * e.title_norm AS score "
            f"FROM {entries} AS e, (SELECT {tsquery_sql} AS query) AS q "
            f"WHERE e.content_type_id IN ({placeholders}) "
            f"AND {searched} @@ q.query "
            f"AND CAST(e.object_id AS INTEGER) IN ({ids_sql}) "
            "ORDER BY score DESC, pk DESC"
        )
        weights = get_sql_weights()
        with connection.cursor() as cursor:
            cursor.execute(sql, [weights, *tsquery_params, *content_types, *ids_params])
            rows = cursor.fetchall()
            size = len(rows) if len(rows) <= FULL_RANK_ALL else FULL_RANK
            head, tail = rows[:size], rows[size:]
            body_scores = {}
            if head:
                groups = self.word_groups(config, compiler) or [(tsquery_sql, tsquery_params, 1.0)]
                body_scores = self.body_scores(cursor, [row[1] for row in head], groups)
        scored = sorted(
            ((pk, title + body_scores.get(entry, 0.0)) for pk, entry, title in head),
            key=lambda item: (-item[1], -item[0]),
        )
        self._ranked = scored + [(pk, title) for pk, _entry, title in tail]
        return self._ranked

    def word_groups(self, config, compiler) -> list[tuple[str, list, float]] | None:
        """Each word group of a plain query (with its spelling correction, if any) as a
        compiled tsquery with how rare its words are: (sql, params, rarity). None for other
        queries."""
        query = self.query
        subqueries = query.subqueries if isinstance(query, Or) else [query]
        if not all(isinstance(q, PlainText) for q in subqueries):
            return None
        groups = []
        for subquery in subqueries:
            found = group_lexemes(subquery.query_string, Lexeme)
            rarities = vocabulary().rarities([alternatives for alternatives, _lexemes in found])
            for (_alternatives, lexemes), rarity in zip(found, rarities, strict=True):
                tsquery = SearchQuery(lexemes, search_type="raw", config=config)
                sql, params = compiler.compile(tsquery.resolve_expression(self.queryset.query))
                groups.append((sql, params, rarity))
        return groups or None

    def body_scores(self, cursor, entry_ids, groups) -> dict[int, float]:
        """The body's score of each entry: per word group, PostgreSQL's rank divided by
        1 + log(length), weighted by how rare the group's words are in the portal's public
        documents (inverse document frequency, from the word counts: search.language), as
        BM25 weighs them.

        ts_rank alone knows neither: a long page that repeats common words ("ombud",
        "personligt") outranked the short page that answers the question. Measured on the
        judged questions (bench/search_quality.py): success@1 0.48 -> 0.61, success@3
        0.81 -> 0.85. (Counting each group's matches in the index instead cost 60-120 ms
        per search at 10 000 pages.)"""
        entries = IndexEntry._meta.db_table
        ranks, params = [], []
        for group_sql, group_params, _rarity in groups:
            ranks.append(f"ts_rank(%s::float4[], e.body, {group_sql}, {LENGTH_NORMALISATION})")
            params += [get_sql_weights(), *group_params]
        cursor.execute(
            f"SELECT e.id, {', '.join(ranks)} FROM {entries} AS e "  # noqa: S608
            f"WHERE e.id IN ({', '.join(['%s'] * len(entry_ids))})",
            [*params, *entry_ids],
        )
        rarities = [rarity for _sql, _params, rarity in groups]
        weight = sum(rarities) or 1.0
        return {
            entry: sum(r * rank for r, rank in zip(rarities, group_ranks, strict=True)) / weight
            for entry, *group_ranks in cursor.fetchall()
        }

    def search(self, config, start, stop, score_field=None, backend=None):
        ranked = self.ranked(config)
        if ranked is None:
            return super().search(config, start, stop, score_field, backend)
        return self.ranked_objects(ranked, start, stop, score_field)

    def get_fields_vectors(self, search_query):
        """The index columns holding the fields (see `index_columns`): the model's own columns
        hold text the analysed query would not match."""
        columns = index_columns(self.queryset.model, self.fields)
        return [
            v for v in self.get_index_vectors(search_query) if v[0].name.split("__")[-1] in columns
        ]

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            lexemes = plan_lexemes(query.query_string, Lexeme, query.operator)
            if lexemes is None:
                return None
            return SearchQuery(lexemes, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class SwedishPostgresAutocompleteCompiler(_postgres.AutocompleteQueryCompiler):
    def get_fields_vectors(self, search_query):
        return self.get_index_vectors(search_query)

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText):
            lexemes = prefix_lexemes(query.query_string, Lexeme, prefix=True)
            if lexemes is None:
                return None
            return SearchQuery(lexemes, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)


class SwedishPostgresSearchResults(RankedCountMixin, _postgres.SearchResults):
    pass


class SwedishPostgresSearchBackend(BatchedAddMixin, _postgres.SearchBackend):
    results_class = SwedishPostgresSearchResults
    index_class = SwedishPostgresIndex
    query_compiler_class = SwedishPostgresQueryCompiler
    autocomplete_query_compiler_class = SwedishPostgresAutocompleteCompiler

    def __init__(self, params):
        super().__init__({"SEARCH_CONFIG": "swedish", **params})
