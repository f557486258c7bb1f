"""What every part of backup and restore shares: the archive's names and the results."""

import re
from dataclasses import dataclass
from pathlib import Path

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
