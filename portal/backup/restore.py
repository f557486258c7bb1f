"""Restoring a backup: only into an empty database and empty storage, all checked first, and
the counts compared afterwards."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage

from portal.backup.archive import archive_extract, storage_names
from portal.backup.base import MEDIA_PREFIX, BackupError, RestoreResult
from portal.backup.database import (
    check_migrations_known,
    database_counts,
    database_is_empty,
    database_vendor,
    pg_tool,
    restore_database,
    unapplied_migrations,
)
from portal.pagecache.invalidation import clear_page_cache


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


def backup_restore(*, archive: Path) -> RestoreResult:
    """Restore into an empty database and media directory; everything is checked first."""
    vendor = database_vendor()
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
        check_migrations_known(manifest)
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

        restore_database(vendor, staging_path / manifest["database"]["file"])
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
        unapplied_migrations=unapplied_migrations(),
    )
