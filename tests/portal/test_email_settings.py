"""E-mail configuration from the environment: every form of EMAIL_URL, and one sentence for
each mistake an operator can make (issue 16)."""

import pytest

from portal.settings.env import (
    ConfigurationError,
    email_from_env,
    env_admins,
    env_email_address,
)
from tests.portal.test_security import STRONG_KEY, run_manage

SMTP = "portal.mail.ResilientSMTPBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+starttls://po%40example.se:p%C3%A5ss%3Aord@smtp.example.se",
            (SMTP, "smtp.example.se", 587, "po@example.se", "påss:ord", True, False),
        ),
        ("smtps://u:p@smtp.example.se", (SMTP, "smtp.example.se", 465, "u", "p", False, True)),
        ("smtp://relay.example.se", (SMTP, "relay.example.se", 25, "", "", False, False)),
        ("SMTP://relay.example.se:2525", (SMTP, "relay.example.se", 2525, "", "", False, False)),
        ("submission://relay:1587", (SMTP, "relay", 1587, "", "", True, False)),
        (
            "console://",
            (
                "django.core.mail.backends.console.EmailBackend",
                "localhost",
                25,
                "",
                "",
                False,
                False,
            ),
        ),
    ],
)
def test_email_url_forms(monkeypatch, url, expected):
    monkeypatch.setenv("EMAIL_URL", url)
    config = email_from_env("console://")
    assert (
        config["EMAIL_BACKEND"],
        config["EMAIL_HOST"],
        config["EMAIL_PORT"],
        config["EMAIL_HOST_USER"],
        config["EMAIL_HOST_PASSWORD"],
        config["EMAIL_USE_TLS"],
        config["EMAIL_USE_SSL"],
    ) == expected


def test_unset_means_the_default(monkeypatch):
    monkeypatch.delenv("EMAIL_URL", raising=False)
    assert email_from_env("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")


@pytest.mark.parametrize(
    "url",
    [
        "smtp.example.se",
        "http://smtp.example.se",
        "smtp://",
        "smtp://host:port",
        "smtp://host:99999",
        "smtp://user@host",
        "smtp://:password@host",
        "smtp://a b@host\n",
        "x" * 5000,
    ],
)
def test_a_bad_email_url_is_refused_in_one_sentence(monkeypatch, url):
    monkeypatch.setenv("EMAIL_URL", url)
    with pytest.raises(ConfigurationError) as error:
        email_from_env("console://")
    message = str(error.value)
    assert message.startswith("EMAIL_URL must")
    assert "\n" not in message and len(message) < 200
    assert "password" not in url or "secret" not in message


def test_addresses(monkeypatch):
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "PO-portalen <noreply@example.se>")
    assert env_email_address("DEFAULT_FROM_EMAIL", "x@y.se") == "PO-portalen <noreply@example.se>"
    monkeypatch.setenv("ADMINS", " drift@example.se , jour@example.se ")
    assert env_admins("ADMINS") == [
        ("drift@example.se", "drift@example.se"),
        ("jour@example.se", "jour@example.se"),
    ]
    monkeypatch.delenv("ADMINS")
    assert env_admins("ADMINS") == []


@pytest.mark.parametrize("value", ["drift", "drift@", "<script>@x", "a@b.se, nej"])
def test_bad_addresses_are_refused_in_one_sentence(monkeypatch, value):
    monkeypatch.setenv("ADMINS", value)
    monkeypatch.setenv("SERVER_EMAIL", value)
    with pytest.raises(ConfigurationError, match=r"^ADMINS must list e-mail addresses"):
        env_admins("ADMINS")
    if "," not in value:
        with pytest.raises(ConfigurationError, match=r"^SERVER_EMAIL must be an e-mail address"):
            env_email_address("SERVER_EMAIL", "x@y.se")


def test_production_stops_with_one_sentence_on_a_bad_email_url():
    result = run_manage(
        "check",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="po.example.se",
        EMAIL_URL="smtp://user:hemligt@",
    )
    assert result.returncode != 0
    assert result.stderr.startswith("Configuration error: EMAIL_URL must look like")
    assert len(result.stderr.strip().splitlines()) == 1
    assert "hemligt" not in result.stderr
