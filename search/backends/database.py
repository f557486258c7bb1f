"""Wagtail's database search backends with Swedish language handling.

The SQLite backend has no language support, and PostgreSQL's Swedish configuration knows neither
compounds, nor synonyms, nor words typed without å, ä and ö. Both backends here send the indexed
text and the queries through the same analyser (`search.analysis`): folded, stemmed and
decompounded text goes into the index, and a query becomes "any of its words, in any of their
equivalent forms". One piece of code thus gives the same behaviour on both databases.

Use `search.backends.database` as BACKEND in WAGTAILSEARCH_BACKENDS; it picks the backend for the
default database, as Wagtail's own `wagtail.search.backends.database` does.
"""

from functools import partial, reduce

from django.db import connection
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Or, PlainText

from portal import deferred
from search import analysis
from search.language import resources


def SearchBackend(params):  # noqa: N802  (Wagtail looks the backend up by this name)
    # Imported here: only the database in use is loaded, and both modules build on this one.
    if connection.vendor == "postgresql":
        from search.backends.postgres import SwedishPostgresSearchBackend

        return SwedishPostgresSearchBackend(params)
    from search.backends.sqlite import SwedishSQLiteSearchBackend

    return SwedishSQLiteSearchBackend(params)


# Indexing ------------------------------------------------------------------------------------


# Fields boosted this much or more are indexed with the title (the SQLite backend ranks only
# "title" and "body"; PostgreSQL keeps the boost as a weight as well).
TITLE_BOOST = 3


class _AnalysedSearchField(SearchField):
    def __init__(self, field: SearchField):
        boost = field.boost or 1
        name = "title" if boost >= TITLE_BOOST else field.field_name
        super().__init__(name, boost=field.boost)
        self.original = field

    def get_value(self, obj):
        return " ".join(
            analysis.analyse(_text(self.original.get_value(_unwrap(obj))), resources().lexicon)
        )


class _FoldedAutocompleteField(AutocompleteField):
    def __init__(self, field: AutocompleteField):
        super().__init__(field.field_name)
        self.original = field

    def get_value(self, obj):
        return " ".join(
            analysis.fold(t)
            for t in analysis.tokenize(_text(self.original.get_value(_unwrap(obj))))
        )


def _analysed_fields(fields, *, postgres: bool):
    result = []
    for field in fields:
        if getattr(field, "kwargs", {}).get("postgres_only") and not postgres:
            continue  # see SearchDocument.search_body_has_everything
        if isinstance(field, SearchField):
            result.append(_AnalysedSearchField(field))
        elif isinstance(field, AutocompleteField):
            result.append(_FoldedAutocompleteField(field))
        elif isinstance(field, RelatedFields):
            result.append(
                RelatedFields(field.field_name, _analysed_fields(field.fields, postgres=postgres))
            )
        else:
            result.append(field)
    return result


def _unwrap(obj):
    return obj._obj if isinstance(obj, AnalysedObject) else obj


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(_text(item) for item in value)
    if isinstance(value, dict):
        return " ".join(_text(item) for item in value.values())
    return str(value)


class AnalysedObject:
    """An object as the index should see it: the same fields, with analysed values.

    The backends' indexers read `obj.get_search_fields()` and `field.get_value(obj)`; handing
    them this view keeps Wagtail's indexing code as it is.
    """

    def __init__(self, obj, *, postgres: bool):
        self._obj = obj
        self._postgres = postgres

    @property
    def __class__(self):  # Wagtail looks fields up on obj.__class__._meta
        return type(self._obj)

    def __getattr__(self, name):
        return getattr(self._obj, name)

    def get_search_fields(self):
        return _analysed_fields(self._obj.get_search_fields(), postgres=self._postgres)


class AnalysedIndexMixin:
    POSTGRES = False  # whether fields marked postgres_only=True are indexed

    def add_items(self, model, objs):
        super().add_items(model, [AnalysedObject(o, postgres=self.POSTGRES) for o in objs])


class BatchedAddMixin:
    """For search backends: an object saved inside a batch (`portal.deferred`, the content-pack
    loader) is indexed once when the batch ends, in bulk with the other objects of its model and
    as they are then, however often it was saved; outside a batch, at once."""

    def add(self, obj):
        if not deferred.active():
            return super().add(obj)
        model = type(obj)
        deferred.later(("search index", type(self), model), obj.pk, partial(self._add_keys, model))
        return None

    def _add_keys(self, model, keys):
        objects = list(model.get_indexed_objects().filter(pk__in=keys))
        if objects:
            self.add_bulk(model, objects)


# Queries -------------------------------------------------------------------------------------


def group_lexemes(text: str, lexeme_class) -> list[tuple[list, object]]:
    """Each word group of the query (its alternatives, as in the query plan) with its lexeme
    expression: any of the word's equivalent forms (stems, compound parts, synonyms)."""
    language = resources()
    plan = analysis.analyse_query(text, language.lexicon, language.synonyms)
    groups = []
    for alternatives in plan:
        forms = [reduce(lambda a, b: a & b, (lexeme_class(s) for s in alt)) for alt in alternatives]
        if forms:
            groups.append((alternatives, reduce(lambda a, b: a | b, forms)))
    return groups


def plan_lexemes(text: str, lexeme_class, operator: str = "or"):
    """The query as lexemes: all (operator "and") or any of its words, each in any of its
    equivalent forms (stems, compound parts, synonyms). None when nothing searchable remains."""
    groups = [lexemes for _alternatives, lexemes in group_lexemes(text, lexeme_class)]
    if not groups:
        return None
    if operator == "and":
        return reduce(lambda a, b: a & b, groups)
    return reduce(lambda a, b: a | b, groups)


def prefix_lexemes(text: str, lexeme_class, **prefix_kwargs):
    """Autocomplete: every typed word, folded; the last one may be unfinished."""
    words = [analysis.fold(t) for t in analysis.tokenize(text, limit=8)]
    if not words:
        return None
    lexemes = [lexeme_class(w) for w in words[:-1]] + [lexeme_class(words[-1], **prefix_kwargs)]
    return reduce(lambda a, b: a & b, lexemes)


# Field-restricted search -------------------------------------------------------------------


def index_columns(model, field_names, *, autocomplete: bool = False) -> list[str]:
    """The index columns that hold the text of the given search fields.

    The database index keeps one row per object with a title, a body and an autocomplete column
    (not one column per field), and holds analysed text that a search of the model's own
    columns would not match. A search restricted to some fields (the admin's listings ask for
    `search_fields`) is therefore a search of the columns those fields are indexed in: "title"
    for the title and the strongly boosted fields (see _AnalysedSearchField), "body" for others.
    """
    if autocomplete:
        return ["autocomplete"]
    boosts = {
        field.field_name: field.boost or 1
        for field in model.get_searchable_search_fields()
        if isinstance(field, SearchField)
    }
    columns = []
    for name in field_names:
        base = name.split("__", 1)[0]
        column = "title" if base == "title" or boosts.get(base, 1) >= TITLE_BOOST else "body"
        if column not in columns:
            columns.append(column)
    return columns


# Ranking from one query ---------------------------------------------------------------------

INTEGER_KEYS = {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField"}


class RankedQueryMixin:
    """For query compilers whose `ranked(config)` returns every match as (primary key, score),
    best first, from one query (each database's own, in search.backends.sqlite/postgres), or
    None where Wagtail's code should answer. Results and counts then come from that list."""

    def rankable(self, query) -> bool:
        """Text queries ordered by relevance, on a model with whole-number keys."""
        return (
            isinstance(query, PlainText | And | Or)
            and self.order_by_relevance
            and self.queryset.model._meta.pk.get_internal_type() in INTEGER_KEYS
        )

    def ranked_objects(self, ranked, start, stop, score_field=None):
        """The objects of one window of the ranking, in its order.

        Asked for no window at all (as modelsearch's `facet()` does, to group the matches),
        the answer is a queryset of every match, without order: callers of that form chain
        `values()` and `annotate()` onto it.
        """
        if start is None and stop is None:
            return self.queryset.filter(pk__in=[pk for pk, _score in ranked]).order_by()
        window = ranked[start:stop]
        objects = self.queryset.in_bulk([pk for pk, _score in window])
        found = []
        for pk, score in window:
            if pk in objects:
                if score_field:
                    setattr(objects[pk], score_field, score)
                found.append(objects[pk])
        return found


class RankedCountMixin:
    """Search results counted from the compiler's ranking, when it has one (PostgreSQL's
    autocomplete compiler has none: Wagtail's count answers for it)."""

    def _do_count(self):
        compiler = self.query_compiler
        if not hasattr(compiler, "ranked"):
            return super()._do_count()
        ranked = compiler.ranked(compiler.get_config(self.backend))
        return len(ranked) if ranked is not None else super()._do_count()
