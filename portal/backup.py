"""Backup and restore: one archive with the database (in its own format), the media and a manifest.

The archive is a gzipped tar with `database.dump` (PostgreSQL, pg_dump's custom format) or
`database.sqlite3` (a copy made with SQLite's backup API), `media/<name>` for every file in
Django's default storage (images, renditions and, from the private store, documents; read and
written through the storage API, so object storage is covered too) and `manifest.json`, which
records the format version, the database vendor, the applied migrations, counts of key tables
(taken from the same snapshot as the dump) and the sha256 of every other member.

A restore checks all of that before it touches anything, goes only into an empty database and
empty storage, and compares the counts afterwards. A hostile archive is refused before anything
is written: the number of members, each member's size and the total are limited
(`PORTAL_RESTORE_MAX_*`), checked against the headers first and enforced again while reading,
and the decompressed stream itself may not grow past what the headers announced.
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
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

from portal import registry
from portal.pagecache.invalidation import clear_page_cache

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
    """SQL for the rows a restore must bring back, as the apps declare them (portal.registry),
    read from any DB-API cursor (no ORM)."""
    queries = {}
    for key, count in registry.backup_counts().items():
        where = f" WHERE {count.condition}" if count.condition else ""
        # Table names come from the models and conditions from the code, not from input.
        queries[key] = f'SELECT COUNT(*) FROM "{count.model._meta.db_table}"{where}'  # noqa: S608
    return queries


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


def _add_file(archive: tarfile.TarFile, stream, name: str, size: int, *, mode: int = 0o600):
    """Add one file read from an open stream; return its sha256."""
    info = tarfile.TarInfo(name)
    info.size, info.mode = size, mode
    info.mtime = int(datetime.now(UTC).timestamp())
    reader = _HashingReader(stream)
    archive.addfile(info, reader)
    return reader.sha256.hexdigest()


def storage_names(storage=None) -> list[str]:
    """Every file name in the storage (the default: media and the private document store)."""
    storage = storage or default_storage
    names = []

    def walk(folder: str) -> None:
        try:
            directories, files = storage.listdir(folder)
        except FileNotFoundError:
            return
        prefix = f"{folder}/" if folder else ""
        names.extend(prefix + file for file in files)
        for directory in directories:
            walk(prefix + directory)

    walk("")
    return sorted(names)


def _add_stored_file(archive: tarfile.TarFile, name: str) -> str | None:
    """Add one file from the default storage; None when it vanished in the meantime."""
    try:
        size = default_storage.size(name)
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
    with stream:
        return _add_file(archive, stream, f"{MEDIA_PREFIX}/{name}", size)


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
    checksums: dict[str, str] = {}

    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as staging:
        dump = Path(staging) / DUMP_NAMES[vendor]
        dump_database = _dump_postgresql if vendor == "postgresql" else _dump_sqlite
        counts, migrations = dump_database(dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                with dump.open("rb") as stream:
                    checksums[dump.name] = _add_file(tar, stream, dump.name, dump.stat().st_size)
                # Media are written while the portal runs; a file that goes away is left out.
                for name in storage_names():
                    digest = _add_stored_file(tar, name)
                    if digest is not None:
                        checksums[f"{MEDIA_PREFIX}/{name}"] = digest
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


@dataclass(frozen=True)
class RestoreLimits:
    """How much an archive may hold (settings PORTAL_RESTORE_MAX_*)."""

    members: int
    member_bytes: int
    total_bytes: int

    @classmethod
    def from_settings(cls) -> "RestoreLimits":
        return cls(
            members=settings.PORTAL_RESTORE_MAX_MEMBERS,
            member_bytes=settings.PORTAL_RESTORE_MAX_MEMBER_BYTES,
            total_bytes=settings.PORTAL_RESTORE_MAX_TOTAL_BYTES,
        )


# Each member costs at least one 512-byte header in the tar stream, long names a few more,
# and the archive ends with padding: room for that on top of the members' own sizes.
TAR_OVERHEAD_PER_MEMBER = 4 * 512
TAR_OVERHEAD = 64 * 1024


class _CappedReader:
    """The decompressed stream, which may not grow past what the headers can account for:
    a gzip bomb is stopped while it is being read, not after."""

    def __init__(self, stream, cap: int):
        self.stream, self.cap, self.read_bytes = stream, cap, 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size if size is not None and size >= 0 else CHUNK)
        self.read_bytes += len(data)
        if self.read_bytes > self.cap:
            raise BackupError(
                "Arkivet packas upp till mer än gränsen för en återställning "
                f"({_megabytes(self.cap)}) och används inte."
            )
        return data


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_member(member: tarfile.TarInfo, limits: RestoreLimits, seen: int, total: int) -> int:
    """Refuse a member by its header alone; return the total size so far."""
    if not _member_allowed(member.name):
        raise BackupError(
            f"Arkivet innehåller en otillåten sökväg ({member.name}) och används inte."
        )
    if not (member.isfile() or member.isdir()):
        raise BackupError(
            f"Arkivet innehåller något annat än vanliga filer ({member.name}) och används inte."
        )
    if seen > limits.members:
        raise BackupError(
            f"Arkivet innehåller fler än {limits.members} filer, gränsen för en återställning, "
            "och används inte."
        )
    if member.size > limits.member_bytes:
        raise BackupError(
            f"Filen {member.name} i arkivet är {_megabytes(member.size)}, större än gränsen "
            f"{_megabytes(limits.member_bytes)} för en fil, och arkivet används inte."
        )
    total += member.size
    if total > limits.total_bytes:
        raise BackupError(
            f"Arkivets filer är tillsammans större än gränsen {_megabytes(limits.total_bytes)} "
            "för en återställning, och arkivet används inte."
        )
    return total


@contextmanager
def _members(archive: Path, limits: RestoreLimits):
    """The archive as a stream of members, its decompressed size capped by the limits."""
    cap = limits.total_bytes + limits.members * TAR_OVERHEAD_PER_MEMBER + TAR_OVERHEAD
    with gzip.open(archive, "rb") as raw:
        capped = _CappedReader(raw, cap)
        with tarfile.open(fileobj=capped, mode="r|") as tar:
            yield capped, tar


def _scan(archive: Path, limits: RestoreLimits) -> int:
    """First pass, writing nothing: every header checked, the gzip stream read to its end (so
    its checksum and length are verified). Returns the total size of the files."""
    with _members(archive, limits) as (capped, tar):
        total = 0
        for seen, member in enumerate(tar, start=1):
            total = _check_member(member, limits, seen, total)
        while capped.read(CHUNK):  # what follows the tar's end: gzip checks CRC and length
            pass
    return total


def _unpack(archive: Path, into: Path, limits: RestoreLimits) -> None:
    """Second pass: write each member, with the same checks, and never more bytes than its
    header announced (the archive could have changed since the first pass)."""
    with _members(archive, limits) as (_capped, tar):
        total = 0
        for seen, member in enumerate(tar, start=1):
            total = _check_member(member, limits, seen, total)
            target = into.joinpath(*PurePosixPath(member.name).parts)
            if member.isdir():
                target.mkdir(parents=True, exist_ok=True, mode=0o700)
                continue
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            _write_member(tar.extractfile(member), target, member)


def _write_member(source, target: Path, member: tarfile.TarInfo) -> None:
    try:
        descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(
            f"Arkivet innehåller {member.name} två gånger och används inte."
        ) from None
    written = 0
    with os.fdopen(descriptor, "wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > member.size:
                raise BackupError(f"Filen {member.name} är större än arkivet anger.")
            out.write(chunk)


def archive_extract(*, archive: Path, into: Path, limits: RestoreLimits | None = None) -> dict:
    """Unpack into a private directory and check it against its manifest; return the manifest.

    Refuses, before writing anything: links, devices, absolute paths, `..`, unexpected names,
    and archives past the limits (members, a member's size, the total, the decompressed
    stream) or past the free disk space. Then, after unpacking: files missing from the
    manifest or not in it, and any checksum that differs.
    """
    limits = limits or RestoreLimits.from_settings()
    if not archive.is_file():
        raise BackupError(f"Arkivet {archive} finns inte.")
    try:
        total = _scan(archive, limits)
        into.mkdir(parents=True, exist_ok=True, mode=0o700)
        free = shutil.disk_usage(into).free
        if total > free:
            raise BackupError(
                f"Arkivet behöver {_megabytes(total)} men det finns bara {_megabytes(free)} "
                "ledigt; frigör utrymme först."
            )
        _unpack(archive, into, limits)
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


def _storage_is_empty() -> bool:
    return not storage_names()


def _restore_media(staging: Path, manifest: dict) -> int:
    """Write the archived files through the default storage, under their own names."""
    names = sorted(name for name in manifest["files"] if name.startswith(f"{MEDIA_PREFIX}/"))
    for archived in names:
        name = archived.removeprefix(f"{MEDIA_PREFIX}/")
        with (staging / archived).open("rb") as stream:
            saved = default_storage.save(name, File(stream, name=name))
        if saved != name:
            raise BackupError(f"Filen {name} fick ett annat namn ({saved}) vid återställningen.")
    return len(names)


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
        if not _storage_is_empty():
            raise BackupError(
                f"Mediemappen {settings.MEDIA_ROOT} eller dokumentlagret "
                f"{settings.PORTAL_DOCUMENTS_ROOT} är inte tomt; återställ bara till tomma."
            )
        if not database_is_empty():
            raise BackupError(
                "Databasen är inte tom; återställ bara till en nyskapad, tom databas "
                "(utan att köra migrate först)."
            )
        if vendor == "postgresql":
            pg_tool("pg_restore")  # a missing tool refuses here, before anything changes

        _restore_database(vendor, staging_path / manifest["database"]["file"])
        try:
            media_files = _restore_media(staging_path, manifest)
        except OSError as error:
            raise BackupError(
                f"Databasen är återställd men mediefilerna kunde inte skrivas: {error}."
            ) from None

    # A shared cache (Redis) may still hold pages of the database that was there before.
    clear_page_cache()
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
