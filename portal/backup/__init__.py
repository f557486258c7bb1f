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

from portal.backup.archive import RestoreLimits, archive_extract, storage_names
from portal.backup.base import BackupError, BackupResult, RestoreResult
from portal.backup.create import backup_create, default_backup_path
from portal.backup.database import database_counts, database_is_empty, pg_environment, pg_tool
from portal.backup.restore import backup_restore

__all__ = [
    "BackupError",
    "BackupResult",
    "RestoreLimits",
    "RestoreResult",
    "archive_extract",
    "backup_create",
    "backup_restore",
    "database_counts",
    "database_is_empty",
    "default_backup_path",
    "pg_environment",
    "pg_tool",
    "storage_names",
]
