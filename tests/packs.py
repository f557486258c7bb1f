"""Content packs in the test database, loaded as seldom as the tests allow.

Loading the real pack takes about a minute on SQLite and more on PostgreSQL; the small test pack
takes 6–8 s on PostgreSQL. So a pack is loaded once for a test module (`for_module`). On SQLite
it is loaded once for the whole run: the database right after the load is copied into memory and
copied back for the next module or browser test that needs the same pack (a few milliseconds).
On PostgreSQL the browser tests, which commit, get the same from `pg_dump` and `pg_restore`.
"""

import atexit
import os
import shutil
import sqlite3
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from tests import snapshots

SMALL_PACK = Path(__file__).resolve().parent / "fixtures" / "guidance_pack"

# pack directory -> (copy of the database right after it was loaded, the load's report): on
# SQLite an in-memory database, on PostgreSQL the path of a `pg_dump` of its rows.
_LOADED: dict[str, tuple[object, object]] = {}


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


def _pg_dump() -> str:
    handle, path = tempfile.mkstemp(prefix="po-portalen-pack-", suffix=".dump")
    os.close(handle)
    atexit.register(os.remove, path)  # the dump lives as long as the test run
    snapshots.pg_run(
        "pg_dump",
        connection.settings_dict,
        "--data-only",
        "--format=custom",
        "--exclude-table-data=django_migrations",  # kept by flush, as migrations wrote it
        f"--file={path}",
    )
    return path


def _pg_restore(path: str) -> None:
    snapshots.pg_restore_rows(connection, path)
    cache.clear()


def restore_or_load(pack_dir: Path, prepare=None):
    """Put the pack in the database, committed, and return the load's report: from the copy
    made at its first load when there is one (`prepare`, called before that load only, makes
    again what an emptied database lacks)."""
    key = str(Path(pack_dir).resolve())
    if key in _LOADED:
        copy, report = _LOADED[key]
        if connection.vendor == "sqlite":
            _restore(copy)
        else:
            _pg_restore(copy)
        return report
    if prepare is not None:
        prepare()
    report = _load(pack_dir)
    if connection.vendor == "sqlite":
        _LOADED[key] = (_copy_of_database(), report)
    elif connection.vendor == "postgresql":
        _LOADED[key] = (_pg_dump(), report)
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


def root_page_and_locales():
    """The locales and the root page that migrations made, made again when a transactional
    test has emptied the tables; the root page is returned."""
    from wagtail.models import Locale, Page

    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)
    return Page.get_first_root_node() or Page.add_root(
        title="Root", slug="root", locale=Locale.get_default()
    )


def real_pack_dir() -> Path:
    return Path(settings.PORTAL_CONTENT_DIR)


TILLSYN_SITE = Path(__file__).resolve().parent / "fixtures" / "tillsyn_site"
# The real pack's snippets that the checklist refers to (sources, terms, rules).
TILLSYN_SNIPPETS = ("10_sources.yaml", "20_terms.yaml", "30_rulesets.yaml", "31_rules.yaml")
_tillsyn_dir: list[Path] = []


def tillsyn_pack_dir() -> Path:
    """The real supervision checklist (content/pages/45_tillsyn.yaml) with the real snippets it
    cites, under the two pages above it (tests/fixtures/tillsyn_site): what the tillsyn tool's
    browser tests need, loaded in seconds where the whole pack takes minutes on PostgreSQL.
    Assembled once per test run in a temporary folder."""
    if not _tillsyn_dir:
        folder = Path(tempfile.mkdtemp(prefix="po-portalen-tillsyn-pack-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        real = real_pack_dir()
        (folder / "snippets").mkdir()
        (folder / "pages").mkdir()
        for name in TILLSYN_SNIPPETS:
            shutil.copyfile(real / "snippets" / name, folder / "snippets" / name)
        shutil.copyfile(TILLSYN_SITE / "pages" / "00_site.yaml", folder / "pages" / "00_site.yaml")
        shutil.copyfile(real / "pages" / "45_tillsyn.yaml", folder / "pages" / "45_tillsyn.yaml")
        _tillsyn_dir.append(folder)
    return _tillsyn_dir[0]
