"""Operational endpoints and error pages. Page views themselves are Wagtail's."""

import logging
import posixpath
import sys
from urllib.parse import unquote

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET, require_safe
from django.views.static import serve as static_serve
from wagtail.models import Page

from portal.selectors import nearest_translated_ancestor, page_is_public, site_home_pages

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: database unreachable")
        checks["database"] = "error"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": checks},
        status=200 if healthy else 503,
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", f"Sitemap: {sitemap_url}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# Language names as they read inside a sentence ("finns inte på engelska").
LANGUAGE_NAMES_IN_TEXT = {"sv": gettext_lazy("svenska"), "en": gettext_lazy("engelska")}


@require_safe
def not_translated(request: HttpRequest, page_id: int) -> HttpResponse:
    """Where the language switch leads from a page that has no version in the reader's chosen
    language: says so, and offers the page as it is and the start of its section in that
    language. A page that does exist in the language redirects to it."""
    language = get_language()
    page = Page.objects.filter(pk=page_id).select_related("locale").first()
    if page is None or not page_is_public(page=page, request=request):
        raise Http404
    version = page.get_translations(inclusive=True).filter(locale__language_code=language).live()
    version = version.first()
    if version is not None and page_is_public(page=version, request=request):
        return redirect(version.get_url(request))
    section = nearest_translated_ancestor(page=page, language=language, request=request)
    home = site_home_pages(request=request).get(language)
    if section is not None and home is not None and section.pk == home.pk:
        section = None
    return render(
        request,
        "portal/not_translated.html",
        {
            "original": page.specific_deferred,
            "original_language": page.locale.language_code,
            "original_language_name": LANGUAGE_NAMES_IN_TEXT.get(page.locale.language_code),
            "language_name": LANGUAGE_NAMES_IN_TEXT.get(language),
            "section": section,
            "home": home,
        },
    )


def api_not_found(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"message": _("Det finns ingen sådan adress i API:t.")}, status=404)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


# What may be served from MEDIA_ROOT: uploaded images and their renditions. Documents live
# elsewhere (portal.storage) and are served by Wagtail's view, which checks their privacy; a
# document left in media by an older installation is not served either.
PUBLIC_MEDIA_FOLDERS = ("original_images", "images")


@cache_control(public=True, max_age=24 * 60 * 60)
@require_safe
def media(request: HttpRequest, path: str) -> HttpResponse:
    """Uploaded images and renditions, when the portal serves media itself. Renditions never
    change under the same name; originals are replaced under new names."""
    if not (settings.DEBUG or settings.PORTAL_SERVE_MEDIA):
        raise Http404
    clean = posixpath.normpath(unquote(path)).lstrip("/")
    if clean.split("/", 1)[0] not in PUBLIC_MEDIA_FOLDERS or clean != path:
        raise Http404
    return static_serve(request, clean, document_root=settings.MEDIA_ROOT)


# Seconds a client is asked to wait when the database is unreachable.
RETRY_AFTER_SECONDS = 30


def server_error(request: HttpRequest) -> HttpResponse:
    """500, or 503 with a page that says so when the database is unreachable (it comes back by
    itself: the next request opens a new connection)."""
    # No context processors: whatever broke the request may break them too.
    from django.template import loader

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    return HttpResponse(loader.get_template("500.html").render(), status=500)
