"""What loading the real content costs the search index: time, objects analysed, index size.

    .venv/bin/python bench/search_index.py                  # a throwaway SQLite file
    .ci/with-postgres .venv/bin/python bench/search_index.py

Prints the time of `load_content` (which keeps the index in step as it saves), how many objects
the database backend analysed and wrote into the index on the way (an object saved five times
counts five times), the time of a full `rebuild_search --index` afterwards, and the index's size:
rows per model and the characters of analysed text (on PostgreSQL also the table's bytes).
Run it on two commits to compare them; the numbers of this machine are in the closing notes.
"""

import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.gettempdir()) / "po-portalen-bench-index.sqlite3"
        path.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from search.backends.database import AnalysedIndexMixin

    settings.DEBUG = False
    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0, interactive=False)

    analysed: Counter[str] = Counter()
    original = AnalysedIndexMixin.add_items

    def counting(self, model, objs):
        objs = list(objs)
        analysed[model.__name__] += len(objs)
        return original(self, model, objs)

    AnalysedIndexMixin.add_items = counting
    with open(os.devnull, "w") as quiet:
        started = time.perf_counter()
        call_command("load_content", verbosity=0, stdout=quiet)
        load_seconds = time.perf_counter() - started
        during_load = sum(analysed.values())
        started = time.perf_counter()
        call_command("rebuild_search", index=True, verbosity=0, stdout=quiet)
        rebuild_seconds = time.perf_counter() - started
    print(f"# {connection.vendor}, {django.get_version()}")
    print(f"load_content: {load_seconds:.1f} s, {during_load} objects analysed into the index")
    top = ", ".join(f"{name} {count}" for name, count in analysed.most_common(6))
    print(f"  of which (with the rebuild's): {top}")
    print(f"rebuild_search --index: {rebuild_seconds:.1f} s")
    _index_size(connection)


def _index_size(connection) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count
    from wagtail.search.models import IndexEntry

    rows = IndexEntry.objects.values("content_type").annotate(n=Count("id")).order_by("-n")
    names = {ct.pk: ct.model for ct in ContentType.objects.all()}
    total = sum(row["n"] for row in rows)
    listed = ", ".join(f"{names[row['content_type']]} {row['n']}" for row in rows[:8])
    print(f"index rows: {total} ({listed})")
    table = IndexEntry._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sizes = "sum(length(title) + length(body) + length(autocomplete))"
            cursor.execute(f"SELECT {sizes}, pg_total_relation_size('{table}') FROM {table}")  # noqa: S608
            lexemes, size = cursor.fetchone()
            print(f"index text: {lexemes} lexemes, table with indexes {size / 1e6:.2f} MB")
        else:
            from search.backends import internals

            fts_table = internals.sqlite().FTSIndexEntry._meta.db_table
            cursor.execute(
                f"SELECT sum(length(title) + length(body) + length(autocomplete)) FROM {fts_table}"  # noqa: S608 (a model's table)
            )
            print(f"index text: {cursor.fetchone()[0]} characters (SQLite FTS5)")


if __name__ == "__main__":
    main()
