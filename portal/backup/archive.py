"""The archive: writing members with their checksums, and reading an archive that may be
hostile (limits checked on the headers first and again while reading, the decompressed stream
capped, every checksum compared with the manifest) before anything of it is used."""

import gzip
import hashlib
import io
import json
import os
import shutil
import tarfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import default_storage

from portal.backup.base import (
    CHUNK,
    DUMP_NAMES,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    BackupError,
)

# Each member costs at least one 512-byte header in the tar stream, long names a few more,
# and the archive ends with padding: room for that on top of the members' own sizes.
TAR_OVERHEAD_PER_MEMBER = 4 * 512
TAR_OVERHEAD = 64 * 1024


# --- writing ---------------------------------------------------------------------------------


class _HashingReader:
    """Hands a file to tarfile and computes its sha256 on the way, so it is read only once."""

    def __init__(self, stream):
        self.stream = stream
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def add_file(archive: tarfile.TarFile, stream, name: str, size: int, *, mode: int = 0o600):
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


def add_stored_file(archive: tarfile.TarFile, name: str) -> str | None:
    """Add one file from the default storage; None when it vanished in the meantime."""
    try:
        size = default_storage.size(name)
        stream = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        return None
    with stream:
        return add_file(archive, stream, f"{MEDIA_PREFIX}/{name}", size)


def add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


# --- reading ---------------------------------------------------------------------------------


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
                f"({megabytes(self.cap)}) och används inte."
            )
        return data


def megabytes(size: int) -> str:
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
            f"Filen {member.name} i arkivet är {megabytes(member.size)}, större än gränsen "
            f"{megabytes(limits.member_bytes)} för en fil, och arkivet används inte."
        )
    total += member.size
    if total > limits.total_bytes:
        raise BackupError(
            f"Arkivets filer är tillsammans större än gränsen {megabytes(limits.total_bytes)} "
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
                f"Arkivet behöver {megabytes(total)} men det finns bara {megabytes(free)} "
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
