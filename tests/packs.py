"""Content packs in the test database, loaded as seldom as the tests allow.

Loading the real pack takes about a minute on SQLite and more on PostgreSQL; the small test pack
takes 6–8 s on PostgreSQL. So a pack is loaded once for a test module (`for_module`), and on
SQLite once for the whole run: the database right after the load is copied into memory and
copied back for the next module or browser test that needs the same pack (a few milliseconds).
"""

import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

SMALL_PACK = Path(__file__).resolve().parent / "fixtures" / "guidance_pack"

# pack directory -> (copy of the SQLite database right after it was loaded, the load's report)
_LOADED: dict[str, tuple[sqlite3.Connection, object]] = {}


def _copy_of_database() -> sqlite3.Connection:
    connection.ensure_connection()
    copy = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(copy)
    return copy


def _restore(copy: sqlite3.Connection) -> None:
    connection.ensure_connection()
    copy.backup(connection.connection)
    cache.clear()  # site root paths and search word lists point at the copied rows


def _load(pack_dir: Path):
    from portal.content_pack.loader import load_pack
    from search.services import search_documents_rebuild

    report = load_pack(pack_dir)
    assert report.conflicts == []
    search_documents_rebuild()
    return report


def restore_or_load(pack_dir: Path, prepare=None):
    """Put the pack in the database, committed, and return the load's report: on SQLite from
    the copy made at its first load (`prepare`, called before that load only, makes again what
    an emptied database lacks); elsewhere loaded now."""
    key = str(Path(pack_dir).resolve())
    if connection.vendor == "sqlite" and key in _LOADED:
        copy, report = _LOADED[key]
        _restore(copy)
        return report
    if prepare is not None:
        prepare()
    report = _load(pack_dir)
    if connection.vendor == "sqlite":
        _LOADED[key] = (_copy_of_database(), report)
    return report


@contextmanager
def for_module(pack_dir: Path):
    """The pack in the database while a module's tests run, inside a transaction rolled back
    afterwards: each test's own transaction is a savepoint inside it, so what a test changes is
    undone before the next. On SQLite the database is first copied and copied back afterwards,
    since the pack itself comes committed from its copy."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            yield _load(pack_dir)
            transaction.set_rollback(True)
        return
    before = _copy_of_database()
    try:
        report = restore_or_load(pack_dir)
        with transaction.atomic():
            yield report
            transaction.set_rollback(True)
    finally:
        _restore(before)
        before.close()


def real_pack_dir() -> Path:
    return Path(settings.PORTAL_CONTENT_DIR)
