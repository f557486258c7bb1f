"""What the portal takes from modelsearch beyond its public surface (search.backends.internals)
is still there, in the shape the portal's code expects. Each failure names what an upgrade of
modelsearch changed; fix search.backends.internals and the code that uses it, not this test."""

import inspect

import pytest
from django.db import connection

from search.backends import database, internals

SEARCH_SERVER_MODULES = ("search.backends.opensearch", "search.backends.elasticsearch")


def _database_parts():
    return internals.postgres() if connection.vendor == "postgresql" else internals.sqlite()


def _our_backend_classes():
    import importlib

    if connection.vendor == "postgresql":
        from search.backends import postgres as ours
    else:
        from search.backends import sqlite as ours
    modules = [ours, *(importlib.import_module(name) for name in SEARCH_SERVER_MODULES)]
    return [
        cls
        for module in modules
        for cls in vars(module).values()
        if inspect.isclass(cls) and cls.__module__ == module.__name__
    ]


def _overrides():
    """(our class, method name, our function, modelsearch's function) for every method the
    portal defines (in its classes or their mixins) over one of modelsearch's."""
    found = []
    for cls in _our_backend_classes():
        for base in cls.__mro__:
            if not base.__module__.startswith("search."):
                continue
            for name, ours in vars(base).items():
                if not inspect.isfunction(ours) or name.startswith("__"):
                    continue
                theirs = next(
                    (
                        vars(parent)[name]
                        for parent in cls.__mro__
                        if parent.__module__.startswith("modelsearch.") and name in vars(parent)
                    ),
                    None,
                )
                if theirs is not None:
                    found.append((cls, name, ours, theirs))
    return found


def test_every_name_the_portal_takes_is_there():
    parts = _database_parts()
    for name, value in vars(parts).items():
        assert value is not None, name
    assert callable(internals.get_descendants_content_types_pks)
    assert internals.Field("title", 2).field_name == "title"


@pytest.mark.django_db
def test_the_index_entry_tables_have_the_columns_the_portal_reads():
    parts = _database_parts()
    columns = {field.column for field in parts.IndexEntry._meta.get_fields() if field.concrete}
    expected = set(internals.ENTRY_COLUMNS)
    if connection.vendor == "sqlite":
        fts = {f.column for f in parts.FTSIndexEntry._meta.get_fields() if f.concrete}
        assert {"title", "body", "autocomplete"} <= fts
        expected -= {"title", "body", "autocomplete"}  # held by the FTS5 table on SQLite
    assert expected <= columns, f"modelsearch's index entry has lost {expected - columns}"


def test_the_portal_overrides_methods_modelsearch_still_has_with_the_same_parameters():
    overrides = _overrides()
    assert len(overrides) >= 8  # the ranking, the analysed index, the counts: not an empty walk
    changed = []
    for cls, name, ours, theirs in overrides:
        their_parameters = list(inspect.signature(theirs).parameters)
        our_parameters = list(inspect.signature(ours).parameters)
        if our_parameters[: len(their_parameters)] != their_parameters and not any(
            p.kind is p.VAR_KEYWORD for p in inspect.signature(ours).parameters.values()
        ):
            changed.append(
                f"{cls.__name__}.{name}: modelsearch {their_parameters}, ours {our_parameters}"
            )
    assert changed == []


@pytest.mark.django_db
def test_the_indexer_reads_the_fields_of_the_object_it_is_handed():
    """The analysed view (database.AnalysedObject) works because modelsearch's indexers ask the
    object for its search fields and their values; if they read the model instead, the index
    would hold unanalysed text and this fails."""
    from search.models import SearchDocument

    view = database.AnalysedObject(
        SearchDocument(title="Villkoren för statsbidraget"), postgres=False
    )
    title = next(f for f in view.get_search_fields() if f.field_name == "title")
    value = title.get_value(view)
    assert "statsbidrag" in value and "Villkoren" not in value
