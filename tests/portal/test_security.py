"""Security headers, the content security policy and production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOP"


class TestHeaders:
    @pytest.mark.django_db
    def test_public_pages_send_security_headers(self, client, home):
        response = client.get("/sv/")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"

    @pytest.mark.django_db
    def test_csp_allows_only_own_scripts_and_no_inline_script(self, client, home):
        policy = client.get("/sv/")["Content-Security-Policy"]
        directives = {
            part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
        }
        assert directives["script-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy

    @pytest.mark.django_db
    def test_public_pages_contain_no_inline_script(self, client, home, standard_page):
        for url in ("/sv/", standard_page.url, "/sv/finns-inte/"):
            document = BeautifulSoup(client.get(url).content, "html.parser")
            inline = [
                s
                for s in document.find_all("script")
                if not s.get("src") and s.get("type") != "application/json"
            ]
            assert inline == [], url
            assert not document.select("[style]"), url
            assert not [
                t for t in document.find_all(True) if any(a.startswith("on") for a in t.attrs)
            ]

    @pytest.mark.django_db
    def test_admin_login_works_and_sets_no_public_csp(self, client):
        response = client.get("/admin/login/")
        assert response.status_code == 200
        assert "Content-Security-Policy" not in response


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Nothing the portal reads may leak in from the test run's own environment (CI sets
    # REDIS_URL, DATABASE_URL…): every variable in .env.example starts unset.
    documented = re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M)
    unset = {*documented, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in unset}
    clean_env.update({"DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    return subprocess.run(  # noqa: S603 (our own manage.py with fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


class TestProductionSettings:
    def test_refuses_to_start_without_secret_key(self):
        result = run_manage("check", ALLOWED_HOSTS="po.example.se")
        assert result.returncode != 0
        assert result.stderr.strip() == (
            "Configuration error: The environment variable SECRET_KEY must be set "
            "(see .env.example)."
        )

    def test_refuses_a_weak_secret_key(self):
        result = run_manage("check", SECRET_KEY="short", ALLOWED_HOSTS="po.example.se")
        assert result.returncode != 0
        assert "at least 50 random characters" in result.stderr
        assert "Traceback" not in result.stderr

    def test_refuses_to_start_without_allowed_hosts(self):
        result = run_manage("check", SECRET_KEY=STRONG_KEY)
        assert result.returncode != 0
        assert "ALLOWED_HOSTS must be set" in result.stderr
        assert "Traceback" not in result.stderr

    @pytest.mark.parametrize("url", ["nonsense", "mysql://u:p@h/db", "postgres://u@h:notaport/db"])
    def test_bad_database_url_fails_with_one_sentence(self, url):
        result = run_manage(
            "check", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="po.example.se", DATABASE_URL=url
        )
        assert result.returncode != 0
        assert result.stderr.startswith("Configuration error: DATABASE_URL")
        assert len(result.stderr.strip().splitlines()) == 1

    def test_deploy_check_is_clean(self, tmp_path):
        result = run_manage(
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            SECRET_KEY=STRONG_KEY,
            ALLOWED_HOSTS="po.example.se",
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        )
        assert result.returncode == 0, result.stderr + result.stdout
        assert "System check identified no issues" in result.stdout

    def test_production_uses_hsts_and_secure_cookies(self):
        code = (
            "from django.conf import settings as s;"
            "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.DEBUG)"
        )
        result = run_manage(
            "shell", "-v", "0", "-c", code, SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="po.example.se"
        )
        assert result.stdout.split() == [
            "31536000",
            "True",
            "True",
            "True",
            "True",
            "True",
            "False",
        ]
