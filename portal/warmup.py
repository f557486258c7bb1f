"""Warm the gunicorn master before it forks its workers (portal/gunicorn_conf.py), so that no
worker pays on its first requests for what every worker loads lazily: every view module (the
URL patterns), compiled templates, translations, and what apps build per process (the search's
word lists). Workers are forked from the warm master, at start and whenever one is recycled
(every ~5,000 requests), and share that memory until they change it.

Apps take part through two Wagtail hooks:

- `register_warm_up`: a function run in the master before each fork; it must be cheap when
  nothing changed since the last run (the search rebuilds its word lists only then), and must
  leave no network connection open (a forked worker would share it).
- `register_warm_up_paths`: paths requested once through the whole middleware stack at start.
  A GET of such a path must change nothing (no statistics, no session).

A warm-up that fails is logged and skipped: the workers then do the work themselves, as before.
"""

import logging
import time

from django.conf import settings
from wagtail import hooks

logger = logging.getLogger(__name__)


def _close_connections() -> None:
    """The database and cache connections opened here, closed: workers open their own."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    caches.close_all()


def _host() -> str:
    hosts = [host for host in settings.ALLOWED_HOSTS if host and not host.startswith((".", "*"))]
    return hosts[0] if hosts else "localhost"


def warm_up(*, requests: bool) -> float:
    """Run the apps' warm-up functions (and, with `requests`, request their paths once);
    returns the seconds it took."""
    started = time.perf_counter()
    try:
        if requests:
            from django.test import Client  # an in-process client: no network, no test database
            from django.urls import get_resolver
            from django.utils import translation

            get_resolver().url_patterns  # noqa: B018 (imports every view module)
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    translation.gettext("Sök")
            client = Client(HTTP_HOST=_host())
            for paths in hooks.get_hooks("register_warm_up_paths"):
                for path in paths():
                    status = client.get(path, secure=True).status_code
                    if status >= 400:
                        logger.warning("Warm-up request %s answered %s", path, status)
        for function in hooks.get_hooks("register_warm_up"):
            function()
    except Exception:
        logger.exception("Warm-up failed; workers will load what they need themselves")
    finally:
        _close_connections()
    return time.perf_counter() - started
