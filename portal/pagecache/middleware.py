"""Serve anonymous GET requests for public pages from the cache, and store what may be shared.

A response is shared only when nothing in it can belong to one reader: the request carried no
cookie but the CSRF cookie, the response sets no cookie (Django sets the CSRF cookie whenever
a page carries a token, so forms with CSRF tokens are never shared),
varies on nothing but cookies, language and encoding, is not private, no-store or no-cache,
and is a 200. The tillsyn tool, the account pages, the admin (and so previews) are never looked
up or stored, whatever their headers say. Stored pages get an ETag and Last-Modified, so
browsers revalidate with a 304; the ConditionalGetMiddleware above this one answers those, also
for pages served from here.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from portal.cache import CacheUnavailable

from . import invalidation
from .store import current_generation, hot_pages, page_key

logger = logging.getLogger(__name__)

NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/tillsyn/",
    "/konto/",
    "/documents/",
    "/healthz",
    "/static/",
    "/media/",
)
UNSHAREABLE_CACHE_CONTROL = ("private", "no-store", "no-cache")
LARGEST_CACHED_BYTES = 1024 * 1024
HEADER = "X-Page-Cache"


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self._key_for(request)
        if key is None:
            return self.get_response(request)
        cached = hot_pages.get(key)
        if cached is None:
            try:
                cached = cache.get(key)
            except Exception:
                logger.exception("Page cache unreachable; serving without it")
                return self.get_response(request)
            if cached is not None:
                cached = hot_pages.put(key, cached)
        if cached is not None:
            cached[HEADER] = "hit"
            return cached
        response = self.get_response(request)
        if self._shareable(request, response):
            self._prepare(response)
            try:
                cache.set(key, response, settings.PORTAL_PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Could not store a page in the page cache")
            response[HEADER] = "miss"
        return response

    def _key_for(self, request) -> str | None:
        if not settings.PORTAL_PAGE_CACHE or request.method != "GET":
            return None
        if request.path.startswith(NEVER_CACHED_PREFIXES):
            return None
        if set(request.COOKIES) - {settings.CSRF_COOKIE_NAME}:
            return None
        if not invalidation.page_cache_usable():
            return None  # a change could not clear the cache: nothing from it until it can
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # the rest of the stack answers 400
        try:
            generation = current_generation()
        except CacheUnavailable:
            return None  # Redis is known to be down (logged once by portal.cache)
        except Exception:
            logger.exception("Page cache unreachable; serving without it")
            return None
        # Pages are kept as sent: gzipped for clients that accept it, plain for the others.
        # (META, not request.headers: that builds a mapping of every header on each request.)
        encoding = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "identity"
        return page_key(generation, request.scheme, host, request.get_full_path(), encoding)

    @staticmethod
    def _shareable(request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        # The key is the URL alone, so a response that differs by anything else (DRF's Accept)
        # is not shared. Language is in the URL; compression happens above. Cookies: only
        # requests without them get here, and they all get the same page (Wagtail's userbar
        # looks at the session and finds none, which is what adds "Vary: Cookie").
        varies_on = {header.strip().lower() for header in response.get("Vary", "").split(",")}
        if varies_on - {"", "accept-language", "accept-encoding", "cookie"}:
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(word in cache_control for word in UNSHAREABLE_CACHE_CONTROL):
            return False
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return False
        return len(response.content) <= LARGEST_CACHED_BYTES

    @staticmethod
    def _prepare(response) -> None:
        if not response.has_header("ETag"):
            response["ETag"] = (
                f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
            )
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date()
        if not response.has_header("Cache-Control"):
            # Browsers revalidate each time (a 304 costs next to nothing); a CDN or proxy that
            # the portal purges on publish may keep the page for longer.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if settings.WAGTAILFRONTENDCACHE:
                # While a purge is pending, the CDN must not keep what it may not be told of.
                keep = invalidation.cdn_may_keep_pages()
                seconds = settings.PORTAL_SHARED_CACHE_SECONDS if keep else 0
                patch_cache_control(response, s_maxage=seconds)


class PendingClearWarningMiddleware:
    """Editors see, on every admin screen, that a change has not reached the page cache or the
    CDN yet (and so which pages may still be old); each view of the admin tries again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and not request.headers.get("x-requested-with")
        ):
            self._warn(request)
        return self.get_response(request)

    @staticmethod
    def _warn(request) -> None:
        try:
            pending = invalidation.pending()
        except DatabaseError:
            return
        targets = {row.target for row in pending}
        if invalidation.PAGE_CACHE in targets:
            messages.warning(
                request,
                _(
                    "Sidcachen kunde inte tömmas efter en ändring. Sidorna visas utan cache "
                    "tills den går att nå igen; försök sker automatiskt. Kontakta driften om "
                    "meddelandet inte försvinner."
                ),
            )
        if invalidation.CDN in targets:
            messages.warning(
                request,
                _(
                    "CDN:en kunde inte rensas efter en ändring, så besökare kan fortfarande se "
                    "gamla versioner av några sidor. Nya försök görs automatiskt. Kontakta "
                    "driften om meddelandet inte försvinner."
                ),
            )
