"""Reading configuration from the environment, with one-sentence errors for operators."""

import json
import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


class ConfigurationError(ImproperlyConfigured):
    """A setting is missing or malformed; the message is one sentence an operator can act on."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if required:
        raise ConfigurationError(f"The environment variable {name} must be set (see .env.example).")
    return default


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None, *, required: bool = False) -> list[str]:
    raw = env_str(name, required=required)
    if raw is None:
        return list(default or [])
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if required and not items:
        raise ConfigurationError(f"The environment variable {name} must list at least one value.")
    return items


def env_json_object(name: str) -> dict:
    raw = env_str(name)
    if raw is None:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        raise ConfigurationError(
            f'{name} must be a JSON object, e.g. {{"bucket_name": "po"}}.'
        ) from None
    if not isinstance(value, dict):
        raise ConfigurationError(f"{name} must be a JSON object, not {type(value).__name__}.")
    return value


# Wait rather than fail when two processes write at once, and take the write lock when a
# transaction begins: a deferred transaction that reads, then writes, fails at once with
# "database is locked" instead of waiting (seen under load with several gunicorn workers).
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}


def database_from_env(default_sqlite_path) -> dict:
    """DATABASE_URL when set (PostgreSQL in production), else SQLite at the given path."""
    url = env_str("DATABASE_URL")
    if url is None:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    except Exception:
        raise ConfigurationError(
            "DATABASE_URL is not a database URL this portal understands "
            "(expected postgres://user:password@host:port/name or sqlite:///path)."
        ) from None
    supported = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
    if config.get("ENGINE") not in supported:
        raise ConfigurationError(
            "DATABASE_URL must point to PostgreSQL or SQLite; other databases are not supported."
        )
    if config["ENGINE"] == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ConfigurationError(
            "DATABASE_URL must name the database, e.g. postgres://…/po_portalen."
        )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    # A kept connection is tested before a request uses it, so that the portal recovers by
    # itself when the database has restarted.
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Fail within seconds, not minutes, while the database is unreachable.
        config.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)
    return config


def cache_from_env(file_cache_dir) -> dict:
    """REDIS_URL when set (shared by every machine), else files under VAR_DIR (shared by the
    worker processes of one machine; a per-process memory cache could not be invalidated)."""
    url = env_str("REDIS_URL")
    if url is None:
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(file_cache_dir),
            "TIMEOUT": 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigurationError(
            "REDIS_URL must start with redis://, rediss:// or unix:// (e.g. redis://127.0.0.1:6379/0)."
        )
    return {
        "BACKEND": "portal.cache.BreakerRedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "po-portalen"),
        "TIMEOUT": 3600,
        # A slow or unreachable Redis must not hold up a request for long; the page cache
        # then serves from the database instead. After one failure, the breaker skips Redis
        # for CACHE_BREAKER_SECONDS in that process (portal/cache.py).
        "OPTIONS": {
            "socket_connect_timeout": 1,
            "socket_timeout": 1,
            "BREAKER_SECONDS": env_int("CACHE_BREAKER_SECONDS", 5),
        },
    }


# EMAIL_URL schemes: Django backend, TLS mode and default port. Anything else is refused.
EMAIL_SCHEMES = {
    "smtp": ("portal.mail.ResilientSMTPBackend", "", 25),
    "smtp+starttls": ("portal.mail.ResilientSMTPBackend", "starttls", 587),
    "submission": ("portal.mail.ResilientSMTPBackend", "starttls", 587),
    "smtps": ("portal.mail.ResilientSMTPBackend", "ssl", 465),
    "console": ("django.core.mail.backends.console.EmailBackend", "", None),
}


def email_from_env(default_url: str) -> dict:
    """Django's e-mail settings from EMAIL_URL, e.g. smtp+starttls://user:password@host:587
    (user and password percent-encoded), smtps://host, smtp://host:25 or console://."""
    from urllib.parse import unquote, urlsplit

    url = env_str("EMAIL_URL", default_url)
    problem = (
        "EMAIL_URL must look like smtp+starttls://user:password@smtp.example.se:587, "
        "smtps://…, smtp://… or console:// (see .env.example)."
    )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigurationError(problem) from None
    scheme = parts.scheme.lower()
    if scheme not in EMAIL_SCHEMES:
        raise ConfigurationError(problem)
    backend, tls, default_port = EMAIL_SCHEMES[scheme]
    if scheme != "console" and not parts.hostname:
        raise ConfigurationError(problem)
    if bool(parts.username) != bool(parts.password):
        raise ConfigurationError("EMAIL_URL must give both a user name and a password, or neither.")
    return {
        "EMAIL_BACKEND": backend,
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port or default_port or 25,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": tls == "starttls",
        "EMAIL_USE_SSL": tls == "ssl",
    }


def env_email_address(name: str, default: str) -> str:
    """One address, bare or with a display name: "PO-portalen <noreply@example.se>"."""
    from email.utils import parseaddr

    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    value = env_str(name, default)
    _name, address = parseaddr(value)
    try:
        validate_email(address)
    except ValidationError:
        raise ConfigurationError(
            f"{name} must be an e-mail address, e.g. PO-portalen <noreply@example.se>, "
            f"not {value!r}."
        ) from None
    return value


def env_admins(name: str) -> list[tuple[str, str]]:
    """Comma-separated addresses of the operators who get error reports, as Django's ADMINS."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    admins = []
    for address in env_list(name):
        try:
            validate_email(address)
        except ValidationError:
            raise ConfigurationError(
                f"{name} must list e-mail addresses separated by commas, not {address!r}."
            ) from None
        admins.append((address, address))
    return admins
