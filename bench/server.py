"""Shared by the HTTP benchmark and the load and fault tests: the portal started the production
way (as `make serve-prod`: production settings, collectstatic, check --deploy, gunicorn with
portal/gunicorn_conf.py) on a free port, the data those runs need (the content pack through
setup_db, county users, programmes, assessments), signed-in sessions, and a small HTTP client
that keeps its own cookies (the production cookies are Secure, which http.cookiejar would not
send over plain http).

Signed-in sessions are written directly (SessionStore with the user's id, backend and password
hash, and django_otp's device id, so the second factor counts as verified), signed with the
secret the server runs with: the same session a real sign-in with a TOTP code leaves behind.
"""

import contextlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from setup_db import ROOT, django_with_content

VENV_BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def var_dir_for(name: str) -> Path:
    """A VAR_DIR of its own per run (static files, file cache, media, secret), set before Django
    starts so that the loader and the server share the media and cache."""
    path = Path(tempfile.mkdtemp(prefix=f"po-portalen-{name}-"))
    os.environ["VAR_DIR"] = str(path)
    (path / "secret-key").write_text(secrets.token_urlsafe(64))
    return path


def prod_env(*, var_dir: Path, port: int, page_cache: bool = True, **extra: str) -> dict:
    """The Makefile's PROD_ENV, for this VAR_DIR, port and the current DATABASE_URL."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": (var_dir / "secret-key").read_text().strip(),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SECURE_SSL_REDIRECT": "false",
        "PORTAL_SERVE_MEDIA": "true",
        "BIND": f"{HOST}:{port}",
        "VAR_DIR": str(var_dir),
        "PORTAL_PAGE_CACHE": "true" if page_cache else "false",
        **extra,
    }
    return env


def _manage(env: dict, *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own arguments)
        [str(VENV_BIN / "python"), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


@dataclass
class Portal:
    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    @property
    def pid(self) -> int:
        return self.process.pid


def portal_start(
    *,
    var_dir: Path,
    page_cache: bool = True,
    collect: bool = True,
    log_name: str = "gunicorn",
    **extra: str,
) -> Portal:
    """collectstatic, check --deploy and gunicorn, as `make serve-prod`; waits for /healthz."""
    port = free_port()
    env = prod_env(var_dir=var_dir, port=port, page_cache=page_cache, **extra)
    if collect:
        _manage(env, "collectstatic", "--no-input", "-v", "0")
        _manage(env, "check", "--deploy", "--fail-level", "ERROR")
    log = var_dir / f"{log_name}.log"
    process = subprocess.Popen(  # noqa: S603 (our own arguments)
        [str(VENV_BIN / "gunicorn"), "-c", "portal/gunicorn_conf.py", "portal.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    portal = Portal(url=f"http://{HOST}:{port}", process=process, log=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}; see {log}")
        with contextlib.suppress(OSError):
            if Client(portal.url, timeout=2).get("/healthz").status == 200:
                return portal
        time.sleep(0.2)
    portal.stop()
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s; see {log}")


# Data ------------------------------------------------------------------------------------------


@dataclass
class CountyUser:
    username: str
    county: str
    cookie: str  # "sessionid=…", to send as the Cookie header
    assessments: list[int] = field(default_factory=list)


def prepare(
    *,
    name: str,
    var_dir: Path,
    counties: tuple[str, ...] = ("AB",),
    assessments: int = 50,
    fresh: bool = True,
    minimal: bool = False,
) -> tuple[str, list[CountyUser]]:
    """The content pack on DATABASE_URL (or a throwaway SQLite file), then per county a user, a
    TOTP device, programmes and `assessments` draft assessments (two years per programme), some
    answered, and a signed-in session; returns the database vendor and the users."""
    vendor = django_with_content(name=name, fresh=fresh, minimal=minimal)
    from django.conf import settings

    # Sessions and password hashes are signed with the secret the server will run with.
    settings.SECRET_KEY = (var_dir / "secret-key").read_text().strip()
    users = [
        _county_user(code=code, assessments=assessments, index=index)
        for index, code in enumerate(counties)
    ]
    return vendor, users


def _county_user(*, code: str, assessments: int, index: int) -> CountyUser:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from checklists import selectors, services, staff
    from checklists.choices import AnswerStatus
    from checklists.models import County, Programme

    county = County.objects.get(code=code)
    user = staff.county_user_create(
        username=f"bench-{code.lower()}",
        email=f"bench-{code.lower()}@example.invalid",
        county=county,
        password=secrets.token_urlsafe(16),  # never used: the session is written directly
        first_name="Bänk",
        last_name=code,
    )
    device = TOTPDevice.objects.create(user=user, name="Bänk", confirmed=True)
    versions = selectors.checklist_versions_current()
    if not versions:
        raise RuntimeError("No published checklist: the content pack should have one.")
    version = versions[0]
    keys = version.item_keys()
    statuses = [AnswerStatus.MET, AnswerStatus.PARTLY, AnswerStatus.NOT_MET]
    ids = []
    years = (2025, 2026)
    for number in range((assessments + len(years) - 1) // len(years)):
        programme = Programme(
            name=f"PO Bänkverksamhet {code} {number + 1}",
            county=county,
            operation_form="kommunal",
            employer="Socialförvaltningen",
        )
        programme.full_clean()
        programme.save()
        for year in years:
            if len(ids) == assessments:
                break
            assessment = services.assessment_start(
                user=user, programme=programme, year=year, version=version
            )
            answered = {
                key: services.AnswerInput(
                    status=statuses[(number + position) % len(statuses)],
                    comment=f"Bedömt vid mätning ({position})",
                )
                for position, key in enumerate(keys[: len(keys) // 2])
            }
            services.assessment_save_answers(
                user=user, assessment=assessment, lock_version=1, answers=answered
            )
            ids.append(assessment.pk)
    return CountyUser(
        username=user.username, county=code, cookie=session_cookie(user, device), assessments=ids
    )


def session_cookie(user, device) -> str:
    """A signed-in session verified with the device, as the Cookie header sends it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY

    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def public_page_urls() -> list[str]:
    """Every live public page in the sitemap's sense (relative URLs), Swedish first."""
    from wagtail.models import Page

    urls = []
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        url = page.get_url()
        if url and url.startswith("/"):
            urls.append(url)
    return sorted(set(urls), key=lambda url: (not url.startswith("/sv/"), url))


def guidance_page_urls() -> list[str]:
    """Live public pages of the guidance app's page types."""
    from wagtail.models import Page

    pages = Page.objects.live().public().filter(content_type__app_label="guidance").specific()
    return sorted({page.get_url() for page in pages if (page.get_url() or "").startswith("/")})


# HTTP ------------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Client:
    """One keep-alive connection with its own cookie jar (name → value)."""

    def __init__(self, base_url: str, *, timeout: float = 30, cookie: str = ""):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port, self.timeout = parsed.hostname, parsed.port, timeout
        self.cookies: dict[str, str] = {}
        if cookie:
            name, _, value = cookie.partition("=")
            self.cookies[name] = value
        self.connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None) -> Response:
        headers = {"Host": self.host, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        started = time.perf_counter()
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self.connection.request(method, path, body=body, headers=headers)
                raw = self.connection.getresponse()
                data = raw.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # A kept-alive connection the server closed in between: once more, afresh.
                self.close()
                if attempt == 2:
                    raise
            except Exception:
                self.close()
                raise
        elapsed = time.perf_counter() - started
        for name, value in raw.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
        if raw.getheader("Connection", "").lower() == "close":
            self.close()
        return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data, elapsed)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: list[tuple[str, str]]) -> Response:
        body = urllib.parse.urlencode(fields).encode()
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )


def form_fields(html: str) -> list[tuple[str, str]]:
    """The fields a browser would send from the page's versioned POST form, as they stand
    (checked radios, hidden inputs, textareas); good enough for the tool's plain Django forms."""
    forms = re.findall(r'<form method="post"[^>]*>(.*?)</form>', html, re.S)
    form = next((form for form in forms if 'name="lock_version"' in form), None)
    if form is None:
        raise ValueError("no form with a lock_version on the page")
    fields = []
    for tag in re.findall(r"<input\b[^>]*>", form):
        attrs = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        kind = attrs.get("type", "text")
        if "name" not in attrs or kind in ("submit", "button"):
            continue
        if kind in ("radio", "checkbox") and not re.search(r"\schecked\b", tag):
            continue
        fields.append((attrs["name"], _unescape(attrs.get("value", ""))))
    for name, value in re.findall(
        r'<textarea\b[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        fields.append((name, _unescape(value.removeprefix("\n"))))
    return fields


def _unescape(value: str) -> str:
    import html

    return html.unescape(value)


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def say(message: str) -> None:
    print(message, flush=True)
    sys.stdout.flush()
