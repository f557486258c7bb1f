"""Portal installations for the backup tests: each with its own VAR_DIR and, on PostgreSQL, its
own throwaway database, driven through manage.py in subprocesses as an operator would."""

import hashlib
import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = POSTGRES_URL.startswith(("postgres://", "postgresql://"))

POPULATE = """
import io
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from checklists import services
from tests.factories import HomePageFactory, StandardPageFactory
from tests.factories.accounts import county_user
from tests.factories.checklists import ChecklistPageFactory, ProgrammeFactory, publish
from tests.factories.guidance import GuidancePageFactory

site = Site.objects.get(is_default_site=True)
welcome = site.root_page
home = HomePageFactory(parent=Page.get_first_root_node(), slug="startsida")
site.root_page = home
site.save()
welcome.delete()
StandardPageFactory(parent=home, title="Om portalen", slug="om-portalen")
StandardPageFactory(parent=home, title="Utkast om ombud", slug="utkast").unpublish()
section = GuidancePageFactory(parent=home, title="För länsstyrelser", audience="lansstyrelse")
checklist = publish(ChecklistPageFactory(parent=section, live=False))
user = county_user("AB", username="handlaggare", first_name="Karin", last_name="Ek")
programme = ProgrammeFactory(name="PO Skåne Nord")
assessment = services.assessment_start(
    user=user, programme=programme, year=2026, version=checklist.versions.get()
)
services.assessment_save_answers(
    user=user,
    assessment=assessment,
    lock_version=assessment.lock_version,
    answers={
        "punkt-1-1": services.AnswerInput(
            status="uppfyllt", comment="Protokoll finns.", evidence="P1"
        ),
        "punkt-2-3": services.AnswerInput(
            status="ej_uppfyllt", comment="Saknar rutin för ärenden.", evidence=""
        ),
    },
)
picture = io.BytesIO()
PILImage.new("RGB", (3, 2), (200, 30, 30)).save(picture, "PNG")
get_image_model().objects.create(
    title="Röd ruta", file=ContentFile(picture.getvalue(), "ruta.png")
)
get_document_model().objects.create(title="Rutin", file=ContentFile(b"rutin\\n", "rutin.txt"))
"""

DESCRIBE = """
import json
import django
django.setup()
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.images import get_image_model
from wagtail.models import Page
from checklists.models import Answer, Assessment

client = Client()
page = client.get("/sv/om-portalen/")
found = client.get("/api/search/", {"q": "uppföljning"}).json()["results"]
print(json.dumps({
    "pages": sorted(
        [p.url_path, p.title, p.live, p.locale.language_code] for p in Page.objects.all()
    ),
    "assessments": sorted(
        [a.programme.name, a.year, a.state, a.lock_version, a.checklist_version.number]
        for a in Assessment.objects.all()
    ),
    "answers": sorted(
        [a.assessment.programme.name, a.item_key, a.status, a.comment, a.evidence]
        for a in Answer.objects.all()
    ),
    "users": sorted(
        [u.username, u.first_name, u.password] for u in get_user_model().objects.all()
    ),
    "images": sorted(
        [i.title, i.file.name, i.width, i.height] for i in get_image_model().objects.all()
    ),
    "served": [page.status_code, "Om portalen" in page.content.decode()],
    "search": sorted(result["title"] for result in found),
}))
"""


@dataclass
class Instance:
    """One portal installation: a VAR_DIR and, on PostgreSQL, its own database."""

    var_dir: Path
    database_url: str | None = None
    env: dict = field(init=False)

    def __post_init__(self):
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "ELASTICSEARCH_URL", "MEDIA_ROOT"}
        }
        self.env.update(DJANGO_SETTINGS_MODULE="portal.settings.test", VAR_DIR=str(self.var_dir))
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url

    # A guard against a hung process, not a speed limit: an installation's migrations took
    # 131 s in CI on two busy cores, and over 180 s when a load test ran beside them.
    TIMEOUT = 600

    def run(self, *args: str, script: str | None = None) -> subprocess.CompletedProcess:
        command = [sys.executable, "-c", script] if script else [sys.executable, "manage.py", *args]
        return subprocess.run(  # noqa: S603
            command, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=self.TIMEOUT
        )

    def manage(self, *args: str) -> subprocess.CompletedProcess:
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        return result

    def describe(self, *, before: str = "") -> dict:
        """Pages, assessments, answers, users and images as JSON, and one page served."""
        result = self.run(script=before + DESCRIBE)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    def fingerprint(self) -> str:
        """Changes whenever the database does (a whole-file hash on SQLite)."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                row = conn.execute(
                    "SELECT (SELECT count(*) FROM wagtailcore_page),"
                    " (SELECT string_agg(title, ',' ORDER BY id) FROM wagtailcore_page),"
                    " (SELECT string_agg(status || comment, ',' ORDER BY id)"
                    "  FROM checklists_answer),"
                    " (SELECT count(*) FROM django_migrations)"
                ).fetchone()
            return json.dumps(row)
        return hashlib.sha256(self.sqlite_path.read_bytes()).hexdigest()

    @property
    def sqlite_path(self) -> Path:
        """The installation's SQLite file (its default database without DATABASE_URL)."""
        return self.var_dir / "db.sqlite3"

    @property
    def url(self) -> str:
        return self.database_url or f"sqlite:///{self.sqlite_path}"

    @property
    def media(self) -> Path:
        return self.var_dir / "media"

    def media_files(self) -> dict[str, str]:
        """Files in media and in the document store, by storage name."""
        found = {}
        for folder in (self.media, self.var_dir / "documents"):
            if folder.exists():
                found.update(
                    {
                        path.relative_to(folder).as_posix(): hashlib.sha256(
                            path.read_bytes()
                        ).hexdigest()
                        for path in folder.rglob("*")
                        if path.is_file()
                    }
                )
        return found

    def table_count(self) -> int:
        """Tables in the database: 0 for an empty one, whatever the vendor."""
        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url) as conn:
                return conn.execute(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
                ).fetchone()[0]
        import sqlite3

        path = self.sqlite_path
        if not path.exists():
            return 0
        with sqlite3.connect(path) as conn:
            (count,) = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE type='table'"
            ).fetchone()
        return count


class PostgresDatabases:
    """Creates and drops throwaway databases on the server DATABASE_URL points at."""

    def __init__(self):
        self.created: list[str] = []
        self.admin_url = self.url("postgres")

    @staticmethod
    def url(name: str) -> str:
        return urlsplit(POSTGRES_URL)._replace(path=f"/{name}").geturl()

    def create(self, label: str) -> str:
        import psycopg

        name = f"po_backup_{label}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
