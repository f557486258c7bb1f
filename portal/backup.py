"""Backup and restore: one archive with the database (in its own format), the media and a manifest.

The archive is a gzipped tar with `database.dump` (PostgreSQL, pg_dump's custom format) or
`database.sqlite3` (a copy made with SQLite's backup API), `media/…` and `manifest.json`, which
records the format version, the database vendor, the applied migrations, counts of key tables
(taken from the same snapshot as the dump) and the sha256 of every other member. A restore checks
all of that before it touches anything, goes only into an empty database and an empty media
directory, and compares the counts afterwards.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from portal.pagecache.store import new_generation

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
PG_FALLBACK_BINDIR = Path("/usr/lib/postgresql/15/bin")
CHUNK = 1024 * 1024
MIGRATION_NAME = re.compile(r"[A-Za-z0-9_]+")


class BackupError(Exception):
    """The backup or restore cannot go on; the message is one sentence for the operator."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size: int
    counts: dict[str, int]
    media_files: int


@dataclass(frozen=True)
class RestoreResult:
    manifest: dict
    counts: dict[str, int]
    media_files: int
    mismatches: dict[str, tuple[int, int]]
    unapplied_migrations: int


# --- what a database holds ------------------------------------------------------------------


def _count_queries() -> dict[str, str]:
    """SQL for the rows a restore must bring back, read from any DB-API cursor (no ORM)."""
    from django.contrib.auth import get_user_model
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from checklists.models import Answer, Assessment

    tables = {
        "pages": (Page, ""),
        "live_pages": (Page, " WHERE live = TRUE"),
        "assessments": (Assessment, ""),
        "answers": (Answer, ""),
        "users": (get_user_model(), ""),
        "images": (get_image_model(), ""),
        "documents": (get_document_model(), ""),
    }
    # Table names come from the models, not from input.
    return {
        key: f'SELECT COUNT(*) FROM "{model._meta.db_table}"{where}'  # noqa: S608
        for key, (model, where) in tables.items()
    }


def _facts(cursor) -> tuple[dict[str, int], dict[str, str]]:
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
        return _facts(cursor)[0]


def database_is_empty() -> bool:
    """Empty means no tables at all: a database that was just created and never migrated."""
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _vendor() -> str:
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(
            f"Säkerhetskopiering stöds bara för PostgreSQL och SQLite, inte {connection.vendor}."
        )
    return connection.vendor


# --- PostgreSQL tools -----------------------------------------------------------------------


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


def _run_pg(arguments: list[str]) -> None:
    completed = subprocess.run(  # noqa: S603 (an argument list and no shell; the tool is ours)
        arguments, env=pg_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        lines = completed.stderr.strip().splitlines() or ["inget felmeddelande"]
        raise BackupError(f"{Path(arguments[0]).name} misslyckades: {lines[-1]}")


# --- backup ---------------------------------------------------------------------------------


class _HashingReader:
    """Hands a file to tarfile and computes its sha256 on the way, so it is read only once."""

    def __init__(self, stream):
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def default_backup_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"po-portalen-{stamp}.tar.gz"


def _dump_postgresql(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """pg_dump from an exported snapshot, so the manifest's counts describe exactly the dump."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        facts = _facts(cursor)
        _run_pg(
            [
                pg_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ]
        )
    return facts


def _dump_sqlite(target: Path) -> tuple[dict[str, int], dict[str, str]]:
    """SQLite's backup API: a consistent copy even while the portal writes; counted on the copy."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        return _facts(copy.cursor())
    finally:
        copy.close()


def _add_file(archive: tarfile.TarFile, source: Path, name: str, *, mode: int | None = None):
    """Add one regular file and return its sha256 (None when it vanished in the meantime)."""
    try:
        stream = source.open("rb")
    except FileNotFoundError:
        return None
    with stream:
        info = archive.gettarinfo(arcname=name, fileobj=stream)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        if mode is not None:
            info.mode = mode
        reader = _HashingReader(stream)
        archive.addfile(info, reader)
        return reader.sha256.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def backup_create(*, output: Path | None = None) -> BackupResult:
    """Write the archive (mode 0600) and return where it is, how large, and what it counted."""
    vendor = _vendor()
    path = Path(output) if output else default_backup_path()
    if path.exists():
        raise BackupError(f"Filen {path} finns redan; välj ett annat namn.")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".partial")
    media_root = Path(settings.MEDIA_ROOT)
    checksums: dict[str, str] = {}

    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as staging:
        dump = Path(staging) / DUMP_NAMES[vendor]
        dump_database = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        counts, migrations = dump_database(dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                checksums[dump.name] = _add_file(tar, dump, dump.name, mode=0o600)
                # Media are written while the portal runs; a file that goes away is left out.
                if media_root.is_dir():
                    for source in sorted(media_root.rglob("*")):
                        if source.is_symlink() or not source.is_file():
                            continue
                        name = f"{MEDIA_PREFIX}/{source.relative_to(media_root).as_posix()}"
                        digest = _add_file(tar, source, name)
                        if digest is not None:
                            checksums[name] = digest
                manifest = {
                    "format": FORMAT_VERSION,
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor, "file": dump.name},
                    "migrations": migrations,
                    "counts": counts,
                    "files": checksums,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
            os.replace(partial, path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise BackupError(f"Säkerhetskopian kunde inte skrivas till {path}: {error}.") from None
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupResult(
        path=path, size=path.stat().st_size, counts=counts, media_files=len(checksums) - 1
    )


# --- reading an archive ---------------------------------------------------------------------


def _member_allowed(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or not path.parts or ".." in path.parts:
        return False
    return name == MANIFEST or name in DUMP_NAMES.values() or path.parts[0] == MEDIA_PREFIX


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        database, files = manifest["database"], manifest["files"]
        if not isinstance(files, dict) or not isinstance(manifest["counts"], dict):
            raise TypeError
    except FileNotFoundError:
        raise BackupError(
            "Arkivet saknar manifest.json och är ingen säkerhetskopia från portalen."
        ) from None
    except (ValueError, KeyError, TypeError):
        raise BackupError("Arkivets manifest.json går inte att tolka.") from None
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"Arkivet har formatversion {manifest.get('format')!r}, men portalen läser bara "
            f"version {FORMAT_VERSION}."
        )
    vendor = database.get("vendor") if isinstance(database, dict) else None
    if vendor not in DUMP_NAMES or database.get("file") != DUMP_NAMES[vendor]:
        raise BackupError("Arkivets manifest.json anger ingen databas som portalen känner till.")
    return manifest


def archive_extract(*, archive: Path, into: Path) -> dict:
    """Unpack into a private directory and check it against its manifest; return the manifest.

    Refuses links, devices, absolute paths, `..`, unexpected names, files missing from the
    manifest or not in it, and any checksum that differs.
    """
    if not archive.is_file():
        raise BackupError(f"Arkivet {archive} finns inte.")
    try:
        # The whole gzip stream first: tarfile stops quietly at a damaged header, and only
        # reading to the end checks gzip's CRC and length.
        with gzip.open(archive, "rb") as stream:
            while stream.read(CHUNK):
                pass
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not _member_allowed(member.name):
                    raise BackupError(
                        f"Arkivet innehåller en otillåten sökväg ({member.name}) och används inte."
                    )
                if not (member.isfile() or member.isdir()):
                    raise BackupError(
                        f"Arkivet innehåller något annat än vanliga filer ({member.name}) och "
                        "används inte."
                    )
            tar.extractall(into, members=members, filter="data")
    except (tarfile.TarError, EOFError, zlib.error, OSError) as error:
        raise BackupError(
            f"Arkivet går inte att läsa; det är skadat, avkortat eller inget tar.gz-arkiv "
            f"({error})."
        ) from None

    manifest = _read_manifest(into / MANIFEST)
    files = manifest["files"]
    present = {
        path.relative_to(into).as_posix()
        for path in into.rglob("*")
        if path.is_file() and path != into / MANIFEST
    }
    if manifest["database"]["file"] not in files:
        raise BackupError("Arkivets manifest.json nämner ingen databasfil.")
    if present != set(files):
        name = sorted(present ^ set(files))[0]
        raise BackupError(f"Arkivet stämmer inte med sitt manifest ({name}).")
    for name, digest in sorted(files.items()):
        if _sha256(into / name) != digest:
            raise BackupError(f"Kontrollsumman för {name} stämmer inte; arkivet är skadat.")
    return manifest


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- restore --------------------------------------------------------------------------------


def _check_migrations_known(manifest: dict) -> None:
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


def _unapplied_migrations() -> int:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    return len(set(loader.graph.nodes) - set(loader.applied_migrations))


def _media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or (media_root.is_dir() and not any(media_root.iterdir()))


def _restore_database(vendor: str, dump: Path) -> None:
    if vendor == "postgresql":
        _run_pg(
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


def backup_restore(*, archive: Path) -> RestoreResult:
    """Restore into an empty database and media directory; everything is checked first."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    work_parent = Path(settings.VAR_DIR)
    work_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_parent, prefix=".restore-") as staging:
        staging_path = Path(staging)
        manifest = archive_extract(archive=Path(archive), into=staging_path)
        archived_vendor = manifest["database"]["vendor"]
        if archived_vendor != vendor:
            raise BackupError(
                f"Arkivet innehåller en {archived_vendor}-databas men portalen använder {vendor}; "
                "återställ till samma slags databas."
            )
        _check_migrations_known(manifest)
        if not _media_is_empty(media_root):
            raise BackupError(
                f"Mediemappen {media_root} är inte tom; återställ bara till en tom mediemapp."
            )
        if not database_is_empty():
            raise BackupError(
                "Databasen är inte tom; återställ bara till en nyskapad, tom databas "
                "(utan att köra migrate först)."
            )
        if vendor == "postgresql":
            pg_tool("pg_restore")  # a missing tool refuses here, before anything changes

        _restore_database(vendor, staging_path / manifest["database"]["file"])
        media_files = 0
        archived_media = staging_path / MEDIA_PREFIX
        if archived_media.is_dir():
            try:
                shutil.copytree(archived_media, media_root, dirs_exist_ok=True)
            except OSError as error:
                raise BackupError(
                    f"Databasen är återställd men mediefilerna kunde inte kopieras till "
                    f"{media_root}: {error}."
                ) from None
            media_files = sum(1 for name in manifest["files"] if name.startswith(MEDIA_PREFIX))

    # A shared cache (Redis) may still hold pages of the database that was there before.
    new_generation()
    counts = database_counts()
    mismatches = {
        key: (expected, counts.get(key, 0))
        for key, expected in manifest["counts"].items()
        if counts.get(key, 0) != expected
    }
    return RestoreResult(
        manifest=manifest,
        counts=counts,
        media_files=media_files,
        mismatches=mismatches,
        unapplied_migrations=_unapplied_migrations(),
    )
