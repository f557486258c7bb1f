"""The database's side: what it holds (counts as the apps declare them, applied migrations),
PostgreSQL's tools, the dump in the database's own format, and putting a dump back."""

import os
import shutil
import sqlite3
import subprocess
from importlib.util import find_spec
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from portal import registry
from portal.backup.base import DUMP_NAMES, MIGRATION_NAME, PG_FALLBACK_BINDIR, BackupError


def _count_queries() -> dict[str, str]:
    """SQL for the rows a restore must bring back, as the apps declare them (portal.registry),
    read from any DB-API cursor (no ORM)."""
    queries = {}
    for key, count in registry.backup_counts().items():
        where = f" WHERE {count.condition}" if count.condition else ""
        # Table names come from the models and conditions from the code, not from input.
        queries[key] = f'SELECT COUNT(*) FROM "{count.model._meta.db_table}"{where}'  # noqa: S608
    return queries


def facts(cursor) -> tuple[dict[str, int], dict[str, str]]:
    """Counts of key tables and the latest applied migration per app, from one cursor."""
    counts = {}
    for key, sql in _count_queries().items():
        cursor.execute(sql)
        counts[key] = cursor.fetchone()[0]
    cursor.execute('SELECT app, name FROM "django_migrations" ORDER BY id')
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = name
    return counts, dict(sorted(latest.items()))


def database_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return facts(cursor)[0]


def database_is_empty() -> bool:
    """Empty means no tables at all: a database that was just created and never migrated."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def database_vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"Säkerhetskopiering stöds bara för PostgreSQL och SQLite, inte {connection.vendor}."
        )
    return connection.vendor


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else PostgreSQL 15's own directory."""
    found = shutil.which(name)
    if found:
        return found
    fallback = PG_FALLBACK_BINDIR / name
    if fallback.is_file() and os.access(fallback, os.X_OK):
        return str(fallback)
    raise BackupError(f"Programmet {name} hittades varken i PATH eller i {PG_FALLBACK_BINDIR}.")


def pg_environment() -> dict[str, str]:
    """Connection settings as libpq variables, so no password ever shows on a command line."""
    db = settings.DATABASES["default"]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    for variable, key in [
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return env


def run_pg(arguments: list[str]) -> None:
    completed = subprocess.run(  # noqa: S603 (an argument list and no shell; the tool is ours)
        arguments, env=pg_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines() or ["inget felmeddelande"]
        raise BackupError(f"{Path(arguments[0]).name} misslyckades: {lines[-1]}")


def dump_postgresql(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """pg_dump from an exported snapshot, so the manifest's counts describe exactly the dump."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counted = facts(cursor)
        run_pg(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ]
        )
    return counted


def dump_sqlite(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """SQLite's backup API: a consistent copy even while the portal writes; counted on the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return facts(copy.cursor())
    finally:
        copy.close()


def restore_database(vendor: str, dump: Path) -> None:
    if vendor == "postgresql":
        run_pg(
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={settings.DATABASES['default']['NAME']}",
                str(dump),
            ]
        )
        return
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    try:
        try:
            (result,) = source.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError:
            result = "error"
        if result != "ok":
            raise BackupError("Databasen i arkivet klarar inte SQLites integritetskontroll.")
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()


def check_migrations_known(manifest: dict) -> None:
    """An archive from newer code has migrations this code lacks; restoring it would break.

    Looks for the migration files without importing them: importing wagtail-localize's first
    migration queries the database.
    """
    for app, name in manifest.get("migrations", {}).items():
        try:
            module, _ = MigrationLoader.migrations_module(app)
        except LookupError:
            continue  # an app this code no longer has: its tables are restored but unused
        try:
            known = (
                bool(module) and MIGRATION_NAME.fullmatch(name) and find_spec(f"{module}.{name}")
            )
        except (ImportError, ValueError):
            known = False
        if not known:
            raise BackupError(
                f"Arkivet kommer från en nyare version av portalen (migreringen {app}.{name} "
                "finns inte här); uppdatera koden först."
            )


def unapplied_migrations() -> int:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return len(set(loader.graph.nodes) - set(loader.applied_migrations))
