"""Clearing the page cache and purging the CDN, and what happens when either fails.

A failure is never silent: it is logged, written to the database (`CacheClearPending`) so that
every worker and the admin know of it, and tried again. Until the page cache has been cleared,
no page is served from it or stored in it; until the CDN has been purged, pages tell shared
caches not to keep them. Editors see a warning in the admin while anything is pending.

Each worker keeps what it knows in memory and looks at the database again every
`PORTAL_PAGE_CACHE_CHECK_SECONDS` (one small query), or every
`PORTAL_PAGE_CACHE_RETRY_SECONDS` while something is pending, so that a cached page still costs
no query at all.
"""

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError
from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.models import Site

from portal.models import CacheClearPending

from . import shared
from .store import replace_generation

logger = logging.getLogger(__name__)

PAGE_CACHE = CacheClearPending.Target.PAGE_CACHE
CDN = CacheClearPending.Target.CDN
PURGE_LOGGER = "wagtail.frontendcache"  # every Wagtail purge backend reports failures here


class _State:
    """What this worker knows; refreshed from the database now and then."""

    checked_at = float("-inf")
    cache_pending = False
    cdn_pending = False


_state = _State()


def clear_page_cache() -> bool:
    """Make every cached page stale; False when that failed (it is then remembered)."""
    try:
        replace_generation()
    except Exception as error:
        logger.exception("Could not clear the page cache; pages are served uncached until it is")
        _record(PAGE_CACHE, error=error)
        return False
    return True


def purge_cdn(objects: Iterable = (), urls: Iterable[str] = ()) -> bool:
    """Purge every configured CDN or proxy of what shows these objects, plus the given URLs.

    False when a purge failed; the URLs are then remembered and purged again later."""
    if not settings.WAGTAILFRONTENDCACHE:
        return True
    batch = PurgeBatch()
    batch.add_pages(shared.pages_showing(objects))
    batch.add_urls(urls)
    batch.add_urls(site.root_url + "/sitemap.xml" for site in Site.objects.all())
    wanted = sorted(batch.urls)
    error = _purge(wanted)
    if error is None:
        return True
    logger.error("Could not purge the CDN or proxy (%s); pages are marked not to be kept", error)
    _record(CDN, urls=wanted, error=error)
    return False


def page_cache_usable() -> bool:
    """False while a clearing of the page cache is pending: serve and store nothing."""
    _refresh()
    return not _state.cache_pending


def cdn_may_keep_pages() -> bool:
    """False while a CDN purge is pending: pages must tell shared caches not to keep them."""
    _refresh()
    return not _state.cdn_pending


def pending() -> list[CacheClearPending]:
    """What is still pending after one more try (for the admin's warning)."""
    _refresh(force=True)
    return list(CacheClearPending.objects.order_by("created_at"))


def reset_state() -> None:
    """As a worker that has just looked and found nothing pending (between tests)."""
    _state.checked_at = time.monotonic()
    _state.cache_pending = _state.cdn_pending = False


def _record(target: str, *, urls: Iterable[str] = (), error: object = "") -> None:
    if target == PAGE_CACHE:
        _state.cache_pending = True
    else:
        _state.cdn_pending = True
    _state.checked_at = time.monotonic()
    try:
        CacheClearPending.objects.create(target=target, urls=list(urls), error=str(error)[:500])
    except DatabaseError:
        logger.exception("Could not record the pending cache clearing either")


def _refresh(*, force: bool = False) -> None:
    now = time.monotonic()
    if _state.cache_pending or _state.cdn_pending:
        interval = settings.PORTAL_PAGE_CACHE_RETRY_SECONDS
    else:
        interval = settings.PORTAL_PAGE_CACHE_CHECK_SECONDS
    if not force and now - _state.checked_at < interval:
        return
    _state.checked_at = now
    try:
        rows = list(CacheClearPending.objects.order_by("pk"))
    except DatabaseError:
        logger.warning("Could not read pending cache clearings; keeping what this worker knew")
        return
    done = []
    cache_rows = [row for row in rows if row.target == PAGE_CACHE]
    cdn_rows = [row for row in rows if row.target == CDN]
    cache_pending = bool(cache_rows)
    if cache_rows:
        try:
            replace_generation()
        except Exception:
            logger.warning("The page cache is still unreachable; pages are served uncached")
        else:
            cache_pending = False
            done.extend(cache_rows)
            logger.info("The page cache was cleared after an earlier failure")
    cdn_pending = bool(cdn_rows)
    if cdn_rows:
        error = _purge(sorted({url for row in cdn_rows for url in row.urls}))
        if error is None:
            cdn_pending = False
            done.extend(cdn_rows)
            logger.info("The CDN was purged after an earlier failure")
        else:
            logger.warning("The CDN purge failed again (%s)", error)
    if done:
        try:
            CacheClearPending.objects.filter(pk__in=[row.pk for row in done]).delete()
        except DatabaseError:
            logger.warning("Could not mark pending cache clearings as done")
    _state.cache_pending, _state.cdn_pending = cache_pending, cdn_pending


def _purge(urls: list[str]) -> str | None:
    """Purge the URLs; the first error a backend reported, or None."""
    with _errors_of(PURGE_LOGGER) as errors:
        try:
            PurgeBatch(urls).purge()
        except Exception as error:
            errors.append(str(error) or type(error).__name__)
    return errors[0] if errors else None


class _Collector(logging.Handler):
    def __init__(self, errors: list[str]):
        super().__init__(level=logging.ERROR)
        self.errors = errors

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(record.getMessage())


@contextmanager
def _errors_of(logger_name: str) -> Iterator[list[str]]:
    """Wagtail's purge backends log their failures instead of raising; collect them."""
    errors: list[str] = []
    handler = _Collector(errors)
    target = logging.getLogger(logger_name)
    target.addHandler(handler)
    try:
        yield errors
    finally:
        target.removeHandler(handler)
