"""`manage.py backup` and `restore`: a round trip into an empty database, and every refusal.

The commands run in subprocesses against real databases, as an operator would run them: a
populated source (a migrated SQLite file in its own VAR_DIR, or a fresh PostgreSQL database when
DATABASE_URL points at PostgreSQL) is backed up, then restored into an empty target.
"""

import gzip
import hashlib
import io
import json
import re
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal import backup
from portal.backup import BackupError, RestoreLimits, archive_extract, pg_environment
from portal.backup import create as backup_writer
from portal.management.commands import restore as restore_command
from tests import snapshots
from tests.portal.backup_instances import (
    ON_POSTGRES,
    POPULATE,
    Instance,
    PostgresDatabases,
)

ROOT = Path(__file__).resolve().parents[2]
# The installations this module backs up and restores have their own databases, on the server
# DATABASE_URL points at: CI's PostgreSQL run (--database-tests-only) must keep these tests.
pytestmark = pytest.mark.database


@pytest.fixture(scope="module")
def new_instance(tmp_path_factory):
    """Makes empty installations: a fresh VAR_DIR and, on PostgreSQL, a fresh database."""
    databases = PostgresDatabases() if ON_POSTGRES else None

    def make(label: str) -> Instance:
        url = databases.create(label) if databases else None
        return Instance(tmp_path_factory.mktemp(label), database_url=url)

    yield make
    if databases:
        databases.drop_all()


@pytest.fixture(scope="module")
def source(new_instance) -> tuple[Instance, dict]:
    """A migrated, populated installation and its description (one process: migrate is slow;
    its database starts as the test run's migrated copy, tests/snapshots.py, when there is one)."""
    instance = new_instance("source")
    snapshots.seed_installation(instance.url)
    return instance, instance.describe(before=POPULATE)


@pytest.fixture(scope="module")
def archive(source) -> Path:
    source, _ = source
    path = source.var_dir / "backups" / "kopia.tar.gz"
    result = source.manage("backup", "--output", str(path))
    assert str(path) in result.stdout and "Säkerhetskopian är sparad" in result.stdout
    return path


@pytest.fixture(scope="module")
def restored(new_instance, archive) -> tuple[Instance, subprocess.CompletedProcess, dict]:
    target = new_instance("target")
    result = target.manage("restore", str(archive))
    return target, result, target.describe()


def repack(archive: Path, destination: Path, change) -> Path:
    """A copy of the archive with its members passed through `change(name, data)`."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(destination, "w:gz") as copy:
        for member in source.getmembers():
            data = source.extractfile(member).read() if member.isfile() else b""
            for name, new_data in change(member.name, data):
                info = tarfile.TarInfo(name)
                info.size = len(new_data)
                copy.addfile(info, io.BytesIO(new_data))
    return destination


class TestRoundTrip:
    def test_the_archive_is_private_and_describes_itself(self, archive, source):
        source, _ = source
        assert oct(archive.stat().st_mode)[-3:] == "600"
        with tarfile.open(archive, "r:gz") as tar:
            names = tar.getnames()
            manifest = json.load(tar.extractfile("manifest.json"))
        assert manifest["database"] == {
            "vendor": "postgresql" if ON_POSTGRES else "sqlite",
            "file": "database.dump" if ON_POSTGRES else "database.sqlite3",
        }
        assert set(names) == {"manifest.json", *manifest["files"]}
        media = {name for name in manifest["files"] if name.startswith("media/")}
        assert media == {f"media/{name}" for name in source.media_files()}
        assert any(name.startswith("media/original_images/ruta") for name in media)
        assert manifest["counts"] == {
            "pages": 6,  # root, home, two standard pages, the section and its checklist
            "live_pages": 5,
            "assessments": 1,
            "answers": 6,
            "users": 1,
            "images": 1,
            "documents": 1,
            # the reporting app declares its rows too; the source instance has none yet
            "deficiency_reports": 0,
            "deficiency_cases": 0,
            "annual_report_versions": 0,
        }
        assert manifest["migrations"]["checklists"].startswith("00")

    def test_restore_brings_back_pages_assessments_and_media(self, source, restored):
        source, before = source
        target, result, after = restored
        assert "Återställningen är klar." in result.stdout
        assert "bedömningar: 1" in result.stdout
        assert after == before
        assert after["served"] == [200, True]
        assert after["search"] == ["Tillsyn och uppföljning"]  # the search index came along
        answer = ["PO Skåne Nord", "punkt-2-3", "ej_uppfyllt", "Saknar rutin för ärenden.", ""]
        assert answer in after["answers"]
        assert target.media_files() == source.media_files() != {}

    def test_a_second_restore_into_the_restored_database_is_refused(self, restored, archive):
        target, _, _ = restored
        # Media and documents out of the way, so that only the database stands in it.
        folders = [target.media, target.var_dir / "documents"]
        saved = [folder.rename(folder.with_name(folder.name + "-saved")) for folder in folders]
        fingerprint = target.fingerprint()
        result = target.run("restore", str(archive))
        for folder, kept in zip(folders, saved, strict=True):
            kept.rename(folder)
        assert result.returncode != 0
        assert "Databasen är inte tom" in result.stderr
        assert target.fingerprint() == fingerprint


def test_a_damaged_archive_changes_nothing_in_an_empty_installation(
    new_instance, archive, tmp_path
):
    target = new_instance("empty")
    data = bytearray(archive.read_bytes())
    data[len(data) // 2] ^= 0xFF
    broken = tmp_path / "flipped.tar.gz"
    broken.write_bytes(bytes(data))
    result = target.run("restore", str(broken))
    assert result.returncode != 0
    assert "Arkivet går inte att läsa; det är skadat" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.table_count() == 0
    assert target.media_files() == {}


class TestRefusalsBeforeTheDatabase:
    """Everything about the archive and the media directory is checked before the database is
    touched: these run in the test process without database access (pytest-django would raise)."""

    @pytest.fixture(autouse=True)
    def installation(self, settings, tmp_path):
        settings.VAR_DIR = tmp_path / "var"
        settings.MEDIA_ROOT = tmp_path / "var" / "media"
        return settings.MEDIA_ROOT

    def assert_refused(self, archive: Path, message: str, media: Path) -> None:
        with pytest.raises(CommandError, match=re.escape(message)):
            call_command("restore", str(archive))
        assert not media.exists() or not any(media.iterdir())
        assert [p.name for p in media.parent.iterdir() if p.name != "media"] == []

    def test_media_directory_not_empty(self, archive, installation):
        installation.mkdir(parents=True)
        (installation / "kvar.txt").write_text("något")
        with pytest.raises(CommandError, match="Mediemappen .* är inte tom"):
            call_command("restore", str(archive))
        assert [p.name for p in installation.iterdir()] == ["kvar.txt"]

    def test_truncated(self, archive, tmp_path, installation):
        broken = tmp_path / "truncated.tar.gz"
        broken.write_bytes(archive.read_bytes()[: archive.stat().st_size * 2 // 3])
        self.assert_refused(broken, "avkortat", installation)

    def test_path_traversal(self, archive, tmp_path, installation):
        def escape(name, data):
            yield name, data
            if name == "manifest.json":
                yield "../evil", b"owned"

        evil = repack(archive, tmp_path / "evil.tar.gz", escape)
        self.assert_refused(evil, "otillåten sökväg (../evil)", installation)
        assert not (tmp_path / "evil").exists() and not (tmp_path / "var" / "evil").exists()

    def test_missing_manifest(self, archive, tmp_path, installation):
        def drop(name, data):
            if name != "manifest.json":
                yield name, data

        bare = repack(archive, tmp_path / "bare.tar.gz", drop)
        self.assert_refused(bare, "Arkivet saknar manifest.json", installation)

    def test_changed_member(self, archive, tmp_path, installation):
        """Valid gzip and tar, but a media file differs from what the manifest says."""

        def tamper(name, data):
            yield name, (data + b"x" if name.startswith("media/") else data)

        changed = repack(archive, tmp_path / "changed.tar.gz", tamper)
        self.assert_refused(changed, "Kontrollsumman för media/", installation)

    def test_other_database_vendor(self, archive, tmp_path, installation):
        here, there = ("database.dump", "database.sqlite3")[:: 1 if ON_POSTGRES else -1]

        def swap(name, data):
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["files"][there] = manifest["files"].pop(here)
                other = "sqlite" if ON_POSTGRES else "postgresql"
                manifest["database"] = {"vendor": other, "file": there}
                yield name, json.dumps(manifest).encode()
            else:
                yield (there if name == here else name), data

        other = repack(archive, tmp_path / "other.tar.gz", swap)
        self.assert_refused(other, "återställ till samma slags databas", installation)

    def test_archive_from_newer_code(self, archive, tmp_path, installation):
        def future(name, data):
            if name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["checklists"] = "9999_from_the_future"
                data = json.dumps(manifest).encode()
            yield name, data

        newer = repack(archive, tmp_path / "newer.tar.gz", future)
        self.assert_refused(newer, "nyare version av portalen", installation)

    def test_not_an_archive(self, tmp_path, installation):
        text = tmp_path / "anteckning.tar.gz"
        text.write_text("inte ett arkiv")
        self.assert_refused(text, "inget tar.gz-arkiv", installation)

    def test_missing_file(self, tmp_path, installation):
        self.assert_refused(tmp_path / "finns-inte.tar.gz", "finns inte", installation)


class TestArchiveChecks:
    """archive_extract alone, for shapes the tests above do not build."""

    def build(self, path: Path, members: list[tarfile.TarInfo], manifest: dict | None) -> Path:
        with tarfile.open(path, "w:gz") as tar:
            for info in members:
                tar.addfile(info, io.BytesIO(b"x" * info.size) if info.size else None)
            if manifest is not None:
                data = json.dumps(manifest).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
        return path

    def manifest(self, files: dict) -> dict:
        return {
            "format": 1,
            "database": {"vendor": "sqlite", "file": "database.sqlite3"},
            "counts": {},
            "files": files,
        }

    @pytest.mark.parametrize("name", ["/etc/passwd", "media/../../x", "annat.txt"])
    def test_refuses_paths_outside_the_layout(self, tmp_path, name):
        info = tarfile.TarInfo(name)
        info.size = 1
        archive = self.build(tmp_path / "a.tar.gz", [info], self.manifest({}))
        with pytest.raises(BackupError, match="otillåten sökväg"):
            archive_extract(archive=archive, into=tmp_path / "out")
        assert not (tmp_path / "out").exists()

    def test_refuses_links(self, tmp_path):
        link = tarfile.TarInfo("media/lank")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive = self.build(tmp_path / "a.tar.gz", [link], self.manifest({}))
        with pytest.raises(BackupError, match="något annat än vanliga filer"):
            archive_extract(archive=archive, into=tmp_path / "out")

    def test_refuses_a_file_the_manifest_does_not_list(self, tmp_path):
        dump, extra = tarfile.TarInfo("database.sqlite3"), tarfile.TarInfo("media/extra.txt")
        dump.size = extra.size = 1
        digest = hashlib.sha256(b"x").hexdigest()
        archive = self.build(
            tmp_path / "a.tar.gz", [dump, extra], self.manifest({"database.sqlite3": digest})
        )
        with pytest.raises(BackupError, match=r"stämmer inte med sitt manifest \(media/extra"):
            archive_extract(archive=archive, into=tmp_path / "out")

    def test_refuses_another_format_version(self, tmp_path):
        dump = tarfile.TarInfo("database.sqlite3")
        dump.size = 1
        manifest = {**self.manifest({"database.sqlite3": hashlib.sha256(b"x").hexdigest()})}
        manifest["format"] = 2
        archive = self.build(tmp_path / "a.tar.gz", [dump], manifest)
        with pytest.raises(BackupError, match="formatversion 2"):
            archive_extract(archive=archive, into=tmp_path / "out")

    def test_accepts_a_consistent_archive(self, tmp_path):
        dump = tarfile.TarInfo("database.sqlite3")
        dump.size = 1
        manifest = self.manifest({"database.sqlite3": hashlib.sha256(b"x").hexdigest()})
        archive = self.build(tmp_path / "a.tar.gz", [dump], manifest)
        assert archive_extract(archive=archive, into=tmp_path / "out") == manifest
        assert (tmp_path / "out" / "database.sqlite3").read_bytes() == b"x"

    def limits(self, **kwargs) -> RestoreLimits:
        return RestoreLimits(
            **{"members": 10, "member_bytes": 1024 * 1024, "total_bytes": 2 * 1024 * 1024, **kwargs}
        )

    def assert_nothing_written(self, out: Path) -> None:
        assert not out.exists() or not any(out.rglob("*"))

    def test_a_small_archive_that_expands_past_a_files_limit_is_refused_unread(self, tmp_path):
        """A member of zeros: a few kilobytes of gzip, megabytes unpacked."""
        bomb = tarfile.TarInfo("media/documents/noll.bin")
        bomb.size = 3 * 1024 * 1024
        archive = tmp_path / "a.tar.gz"
        with tarfile.open(archive, "w:gz") as tar:
            tar.addfile(bomb, io.BytesIO(bytes(bomb.size)))
        assert archive.stat().st_size < 50_000
        with pytest.raises(BackupError, match="större än gränsen 1 MB för en fil"):
            archive_extract(archive=archive, into=tmp_path / "out", limits=self.limits())
        self.assert_nothing_written(tmp_path / "out")

    def test_a_header_announcing_gigabytes_is_refused_before_any_data_is_read(self, tmp_path):
        """As in the report: a 2 GiB member, refused by its header under the default limits."""
        header = tarfile.TarInfo("media/documents/stor.bin")
        header.size = 2 * 1024**3
        archive = tmp_path / "a.tar.gz"
        archive.write_bytes(gzip.compress(header.tobuf() + bytes(4096)))
        with pytest.raises(BackupError, match=r"2048 MB, större än gränsen 1024 MB"):
            archive_extract(archive=archive, into=tmp_path / "out")
        self.assert_nothing_written(tmp_path / "out")

    def test_too_many_files_are_refused(self, tmp_path):
        members = []
        for i in range(11):
            info = tarfile.TarInfo(f"media/images/{i}.png")
            info.size = 1
            members.append(info)
        archive = self.build(tmp_path / "a.tar.gz", members, None)
        with pytest.raises(BackupError, match="fler än 10 filer"):
            archive_extract(archive=archive, into=tmp_path / "out", limits=self.limits())
        self.assert_nothing_written(tmp_path / "out")

    def test_files_together_past_the_total_are_refused(self, tmp_path):
        members = []
        for i in range(3):
            info = tarfile.TarInfo(f"media/images/{i}.bin")
            info.size = 900 * 1024
            members.append(info)
        archive = self.build(tmp_path / "a.tar.gz", members, None)
        with pytest.raises(BackupError, match="tillsammans större än gränsen 2 MB"):
            archive_extract(archive=archive, into=tmp_path / "out", limits=self.limits())
        self.assert_nothing_written(tmp_path / "out")

    def test_data_hidden_after_the_end_of_the_tar_is_stopped_while_reading(self, tmp_path):
        """Headers within every limit, then megabytes of zeros in the gzip stream after the
        tar's end: the decompressed stream is capped while it is read."""
        dump = tarfile.TarInfo("database.sqlite3")
        dump.size = 1
        small = tmp_path / "small.tar"
        with tarfile.open(small, "w") as tar:
            tar.addfile(dump, io.BytesIO(b"x"))
        archive = tmp_path / "a.tar.gz"
        archive.write_bytes(gzip.compress(small.read_bytes() + bytes(8 * 1024 * 1024)))
        with pytest.raises(BackupError, match="packas upp till mer än gränsen"):
            archive_extract(archive=archive, into=tmp_path / "out", limits=self.limits())
        self.assert_nothing_written(tmp_path / "out")

    def test_a_file_twice_is_refused(self, tmp_path):
        dump = tarfile.TarInfo("database.sqlite3")
        dump.size = 1
        archive = self.build(tmp_path / "a.tar.gz", [dump, dump], None)
        with pytest.raises(BackupError, match="database.sqlite3 två gånger"):
            archive_extract(archive=archive, into=tmp_path / "out", limits=self.limits())

    def test_the_limits_come_from_the_settings(self, settings):
        settings.PORTAL_RESTORE_MAX_MEMBERS = 7
        settings.PORTAL_RESTORE_MAX_MEMBER_BYTES = 8
        settings.PORTAL_RESTORE_MAX_TOTAL_BYTES = 9
        assert RestoreLimits.from_settings() == RestoreLimits(7, 8, 9)

    def test_gzip_of_garbage(self, tmp_path):
        archive = tmp_path / "a.tar.gz"
        archive.write_bytes(gzip.compress(b"inget tar" * 100))
        with pytest.raises(BackupError, match="går inte att läsa"):
            archive_extract(archive=archive, into=tmp_path / "out")


def test_backup_refuses_to_overwrite(tmp_path, settings):
    existing = tmp_path / "finns.tar.gz"
    existing.write_bytes(b"tidigare kopia")
    with pytest.raises(CommandError, match="finns redan"):
        call_command("backup", "--output", str(existing))
    assert existing.read_bytes() == b"tidigare kopia"


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_pg_environment_keeps_the_password_off_the_command_line(settings, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "gammalt")
    settings.DATABASES = {
        "default": {
            **settings.DATABASES["default"],
            "HOST": "db.example.invalid",
            "PORT": 5433,
            "USER": "portal",
            "PASSWORD": "hemligt",
            "NAME": "po_portalen",
            "OPTIONS": {"sslmode": "require"},
        }
    }
    env = pg_environment()
    assert {key: env[key] for key in env if key.startswith("PG")} == {
        "PGHOST": "db.example.invalid",
        "PGPORT": "5433",
        "PGUSER": "portal",
        "PGPASSWORD": "hemligt",
        "PGDATABASE": "po_portalen",
        "PGSSLMODE": "require",
    }


def test_a_failed_backup_leaves_no_archive_behind(tmp_path, monkeypatch):
    def dump(target):
        target.write_bytes(b"databas")
        return {}, {}

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_writer, "dump_sqlite", dump)
    monkeypatch.setattr(backup_writer, "dump_postgresql", dump)
    monkeypatch.setattr(backup_writer, "add_file", disk_full)
    output = tmp_path / "kopior" / "kopia.tar.gz"
    with pytest.raises(CommandError, match="kunde inte skrivas till .*No space left"):
        call_command("backup", "--output", str(output))
    assert list(output.parent.iterdir()) == []


def test_restore_exits_non_zero_when_the_counts_differ(monkeypatch):
    result = backup.RestoreResult(
        manifest={"created_at": "2026-12-01T10:00:00+00:00", "counts": {"pages": 7, "answers": 3}},
        counts={"pages": 7, "answers": 2},
        media_files=0,
        mismatches={"answers": (3, 2)},
        unapplied_migrations=0,
    )
    monkeypatch.setattr(restore_command, "backup_restore", lambda archive: result)
    out = io.StringIO()
    with pytest.raises(CommandError, match="stämmer inte med arkivets manifest"):
        call_command("restore", "kopia.tar.gz", stdout=out)
    assert "  sidor: 7\n" in out.getvalue()
    assert "  svar: 2 (arkivet: 3)\n" in out.getvalue()
