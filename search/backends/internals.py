"""The one module that reaches past modelsearch's public surface.

Everywhere else the portal uses what modelsearch documents: the index fields
(`modelsearch.index`), the query classes (`modelsearch.query`), `get_search_backend` and its
backends' `add`, `add_bulk` and `search`. Ranking each query in one statement and analysing the
indexed text (search.backends.sqlite, .postgres, .searchserver) needs more: the database
backends' classes to subclass, the index entry tables and the columns the portal's own SQL
reads, the query expressions each backend builds, PostgreSQL's column weights, the content types
of a model and its subclasses, and the search servers' field names. They are named here, and
tests/search/test_modelsearch_contract.py fails, naming what changed, when an upgrade of
modelsearch moves any of them or changes a method the portal overrides.

The database modules are imported on demand: modelsearch defines SQLite's full-text table only
when SQLite is in use, and each database loads only its own backend.
"""

from types import SimpleNamespace

from modelsearch.backends.elasticsearchbase import Field  # a search server's field, by path
from modelsearch.utils import get_descendants_content_types_pks

__all__ = ["ENTRY_COLUMNS", "Field", "get_descendants_content_types_pks", "postgres", "sqlite"]

# Columns of the index entry table that the portal's own SQL reads (and SQLite's FTS5 table
# holds the last three of them).
ENTRY_COLUMNS = ("content_type_id", "object_id", "title_norm", "title", "body", "autocomplete")


def sqlite() -> SimpleNamespace:
    from modelsearch.backends.database.sqlite import query, sqlite

    return SimpleNamespace(
        Index=sqlite.SQLiteIndex,
        SearchQueryCompiler=sqlite.SQLiteSearchQueryCompiler,
        AutocompleteQueryCompiler=sqlite.SQLiteAutocompleteQueryCompiler,
        SearchResults=sqlite.SQLiteSearchResults,
        SearchBackend=sqlite.SQLiteSearchBackend,
        IndexEntry=sqlite.IndexEntry,
        FTSIndexEntry=sqlite.SQLiteFTSIndexEntry,
        Lexeme=query.Lexeme,
        MatchExpression=query.MatchExpression,
        SearchQueryExpression=query.SearchQueryExpression,
        normalize=query.normalize,
    )


def postgres() -> SimpleNamespace:
    from modelsearch.backends.database.postgres import postgres, query, weights

    return SimpleNamespace(
        Index=postgres.PostgresIndex,
        SearchQueryCompiler=postgres.PostgresSearchQueryCompiler,
        AutocompleteQueryCompiler=postgres.PostgresAutocompleteQueryCompiler,
        SearchResults=postgres.PostgresSearchResults,
        SearchBackend=postgres.PostgresSearchBackend,
        IndexEntry=postgres.IndexEntry,
        Lexeme=query.Lexeme,
        get_sql_weights=weights.get_sql_weights,
    )
