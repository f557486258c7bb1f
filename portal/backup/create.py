"""Making a backup: the dump, the media and the manifest in one archive with mode 0600."""

import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from portal.backup.archive import add_bytes, add_file, add_stored_file, storage_names
from portal.backup.base import (
    DUMP_NAMES,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
    BackupResult,
)
from portal.backup.database import database_vendor, dump_postgresql, dump_sqlite


def default_backup_path(now: datetime | None = None) -> Path:
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / f"po-portalen-{stamp}.tar.gz"


def backup_create(*, output: Path | None = None) -> BackupResult:
    """Write the archive (mode 0600) and return where it is, how large, and what it counted."""
    vendor = database_vendor()
    path = Path(output) if output else default_backup_path()
    if path.exists():
        raise BackupError(f"Filen {path} finns redan; välj ett annat namn.")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = path.with_name(path.name + ".partial")
    checksums: dict[str, str] = {}

    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as staging:
        dump = Path(staging) / DUMP_NAMES[vendor]
        dump_database = dump_postgresql if vendor == "postgresql" else dump_sqlite
        counts, migrations = dump_database(dump)
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                with dump.open("rb") as stream:
                    checksums[dump.name] = add_file(tar, stream, dump.name, dump.stat().st_size)
                # Media are written while the portal runs; a file that goes away is left out.
                for name in storage_names():
                    digest = add_stored_file(tar, name)
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
                add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
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
