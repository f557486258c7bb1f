"""A migrated, empty database: made once, then copied wherever the tests need one.

Django's migrations of this project and its libraries (about 250) take a minute of one core,
mostly spent rendering model states, and CI creates a test database in four runs at once, more
for the backup tests' installations and the load and fault tests. So the first run that
migrates an empty database keeps a copy in var/test-snapshots/, named by a hash of everything
the migrations depend on (the lock file, every migration of the project, the settings); the next
copies it in and runs `migrate` as before, which then finds nothing to apply (its post-migrate
steps, such as permissions and content types, still run). A file lock makes a run that starts
alongside wait for the copy rather than migrate too. Any change to a migration gives a new name,
and the old copies are removed.
"""

import fcntl
import functools
import hashlib
import os
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "var" / "test-snapshots"


@functools.cache
def _fingerprint() -> str:
    digest = hashlib.sha256()
    sources = [ROOT / "requirements-dev.lock", *sorted(ROOT.glob("*/migrations/*.py"))]
    sources += sorted((ROOT / "portal" / "settings").glob("*.py"))
    for path in sources:
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def path_for(vendor: str) -> Path:
    return FOLDER / f"migrated-{_fingerprint()}.{vendor}"


# PostgreSQL --------------------------------------------------------------------------------


def pg_tool(name: str) -> str:
    """A PostgreSQL client program of the server's version: .ci/with-postgres names their folder."""
    folder = os.environ.get("PG_BINDIR")
    found = os.path.join(folder, name) if folder else shutil.which(name)
    return found or f"/usr/lib/postgresql/15/bin/{name}"


def pg_run(tool: str, target: dict | str, *arguments: str) -> None:
    """A PostgreSQL client program against a database: Django's settings dict for it, or a URL."""
    if isinstance(target, str):
        where, password = [f"--dbname={target}"], None
    else:
        where = [
            f"--dbname={target['NAME']}",
            f"--host={target['HOST'] or 'localhost'}",
            f"--port={target['PORT'] or 5432}",
            f"--username={target['USER']}",
        ]
        password = target["PASSWORD"] or ""
    env = {**os.environ, **({"PGPASSWORD": password} if password is not None else {})}
    done = subprocess.run(  # noqa: S603 (the test database's own client, fixed arguments)
        [pg_tool(tool), *arguments, *where], capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}")


# pg_restore of a whole snapshot (tables and rows) into an empty database.
WHOLE = ("--no-owner", "--single-transaction", "--exit-on-error")


def pg_restore_rows(connection, path, *, with_migrations: bool = False) -> None:
    """Empty every table (as Django's flush does), then put a dump's rows back; the record of
    applied migrations too when the dump holds it (the snapshot does, a pack's dump does not)."""
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    if with_migrations:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM django_migrations")
    connection.close()  # pg_restore disables triggers on the tables; no open session may wait
    pg_run("pg_restore", connection.settings_dict, "--data-only", "--disable-triggers", str(path))


# Copy in, copy out ---------------------------------------------------------------------------


def _save(connection, path: Path) -> None:
    partial = path.with_suffix(path.suffix + ".partial")
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(partial)
        connection.connection.backup(copy)
        copy.close()
    else:
        pg_run(
            "pg_dump",
            connection.settings_dict,
            "--format=custom",
            "--no-owner",
            f"--file={partial}",
        )
    os.replace(partial, path)
    for old in FOLDER.glob("migrated-*"):
        if old.suffix == path.suffix and old != path and not old.name.endswith(".lock"):
            old.unlink(missing_ok=True)


def copy_into(connection, path: Path) -> None:
    """The snapshot's tables and rows into the connection's empty database."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        snapshot = sqlite3.connect(path)
        snapshot.backup(connection.connection)
        snapshot.close()
    else:
        connection.close()
        pg_run("pg_restore", connection.settings_dict, *WHOLE, str(path))


def back_to_migrated(connection) -> None:
    """Every table's rows (and sequences) back to what the migrations left, from the snapshot:
    for a test that follows one that emptied the tables. A transactional test's flush makes the
    content types and permissions again under new ids, and leaves out the rows that data
    migrations made (Wagtail's root page, site and collection, the locales, groups and their
    permissions, the workflow, counties and roles)."""
    path = path_for(connection.vendor)
    if not path.exists():  # only a kept test database (--reuse-db) skips making it
        raise RuntimeError(f"{path} is missing: run once without --reuse-db to make it")
    if connection.vendor == "sqlite":
        copy_into(connection, path)  # the whole database, replaced
    else:
        pg_restore_rows(connection, path, with_migrations=True)


def is_empty(connection) -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


@contextmanager
def _held(path: Path):
    FOLDER.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def migrate(connection, run_migrate) -> None:
    """`run_migrate()` on the connection's database, from the snapshot when there is one, and
    a snapshot made of it when there was none. A database with tables (a kept test database) is
    only migrated."""
    if connection.vendor not in {"sqlite", "postgresql"} or not is_empty(connection):
        run_migrate()
        return
    path = path_for(connection.vendor)
    with _held(path):
        if path.exists():
            copy_into(connection, path)
            run_migrate()
            return
        run_migrate()
        _save(connection, path)


def install() -> None:
    """Test databases are created from the snapshot (Django's create_test_db runs `migrate`
    through django.core.management.call_command, which is wrapped while it runs)."""
    from django.core import management
    from django.db.backends.base.creation import BaseDatabaseCreation

    create_test_db = BaseDatabaseCreation.create_test_db
    if getattr(create_test_db, "from_snapshot", False):
        return
    real_call_command = management.call_command

    def creating(self, *args, **kwargs):
        def call_command(name, *command_args, **options):
            if name != "migrate" or options.get("database") != self.connection.alias:
                return real_call_command(name, *command_args, **options)
            return migrate(
                self.connection, lambda: real_call_command(name, *command_args, **options)
            )

        with mock.patch.object(management, "call_command", call_command):
            return create_test_db(self, *args, **kwargs)

    creating.from_snapshot = True
    BaseDatabaseCreation.create_test_db = creating


def seed_installation(database_url: str) -> bool:
    """A new installation's empty database (`sqlite:///<path>` or a PostgreSQL URL) filled from
    the snapshot, when there is one; its own `migrate` then has nothing to apply. False when
    there is no snapshot yet (the tests have not made one)."""
    sqlite_prefix = "sqlite:///"
    path = path_for("sqlite" if database_url.startswith(sqlite_prefix) else "postgresql")
    if not path.exists():
        return False
    if database_url.startswith(sqlite_prefix):
        shutil.copyfile(path, database_url.removeprefix(sqlite_prefix))
        return True
    pg_run("pg_restore", database_url, *WHOLE, str(path))
    return True
