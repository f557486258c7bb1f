"""Read-only queries about pages and their translations, shared by templates and the sitemap."""

from collections import defaultdict
from collections.abc import Iterable
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, override
from wagtail.models import Locale, Page, PageViewRestriction, Site


def _language_of(page: Page) -> str:
    return page.locale.language_code


def page_alternates(*, page: Page, request: HttpRequest | None = None) -> list[dict]:
    """Every live, public language version of a page (the page included), for hreflang links."""
    translations = (
        page.get_translations(inclusive=True)
        .live()
        .public()
        .select_related("locale")
        .order_by("locale__language_code")
    )
    return [
        {"lang_code": _language_of(t), "location": t.get_full_url(request)} for t in translations
    ]


def pages_alternates(
    *, pages: Iterable[Page], request: HttpRequest | None = None
) -> dict[UUID, list[dict]]:
    """`page_alternates` for many pages at once, by translation key: two queries (view
    restrictions and translations) however many pages, for the sitemap."""
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    translations = (
        Page.objects.filter(translation_key__in=keys)
        .live()
        .public()
        .select_related("locale")
        .order_by("translation_key", "locale__language_code")
    )
    alternates = defaultdict(list)
    for t in translations:
        alternates[t.translation_key].append(
            {"lang_code": _language_of(t), "location": t.get_full_url(request)}
        )
    return dict(alternates)


def site_home_pages(*, request: HttpRequest | None) -> dict[str, Page]:
    """The live home page of each language of the site that serves the request (read once per
    request: the site name link and the language switcher both need them)."""
    known = getattr(request, "portal_home_pages", None)
    if known is None:
        known = _site_home_pages(request=request)
        if request is not None:
            request.portal_home_pages = known
    return known


def _site_home_pages(*, request: HttpRequest | None) -> dict[str, Page]:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return {}
    homes = site.root_page.get_translations(inclusive=True).live().select_related("locale")
    return {_language_of(home): home for home in homes}


def language_links(*, page: Page | None, request: HttpRequest | None) -> list[dict]:
    """One link per portal language: the page's own translation, else that language's home page."""
    current = get_language()
    versions = {}
    if page is not None and page.pk:
        versions = {
            _language_of(t): t
            for t in page.get_translations(inclusive=True).live().select_related("locale")
        }
    homes = site_home_pages(request=request)
    links = []
    for code, name in settings.LANGUAGES:
        target = versions.get(code) or homes.get(code)
        if target is None:
            continue
        url = target.get_url(request)
        # A public page without this language: a notice in that language that says so and
        # offers the page as it is and the section's start (never for a private page, whose
        # title the notice would show).
        untranslated = (
            bool(versions) and code not in versions and page_is_public(page=page, request=request)
        )
        if untranslated:
            with override(code):
                url = reverse("not_translated", kwargs={"page_id": page.pk})
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "is_current": code == current,
                "is_translation": code in versions,
                "is_untranslated": untranslated,
            }
        )
    return links


def page_language(*, page: Page, request: HttpRequest | None) -> str:
    """The language code of a page without a query per page (the locales are read once per
    request)."""
    known = getattr(request, "portal_locale_codes", None) if request is not None else None
    if known is None:
        known = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request.portal_locale_codes = known
    return known.get(page.locale_id, "")


def nearest_translated_ancestor(
    *, page: Page, language: str, request: HttpRequest | None
) -> Page | None:
    """The closest live, public ancestor of the page that exists in the language: where that
    language's version of the page's section starts (at worst its home page)."""
    ancestors = list(page.get_ancestors().filter(depth__gte=2).only("translation_key", "depth"))
    if not ancestors:
        return None
    versions = {
        version.translation_key: version
        for version in Page.objects.filter(
            translation_key__in=[a.translation_key for a in ancestors],
            locale__language_code=language,
        ).live()
    }
    for ancestor in reversed(ancestors):
        version = versions.get(ancestor.translation_key)
        if version is not None and page_is_public(page=version, request=request):
            return version
    return None


def _active_locale(request: HttpRequest | None) -> Locale | None:
    """The reader's locale, read once per request and language."""
    language = get_language()
    known = getattr(request, "portal_locales", None) if request is not None else None
    if known is None:
        known = {}
        if request is not None:
            request.portal_locales = known
    if language not in known:
        try:
            known[language] = Locale.get_active()
        except Locale.DoesNotExist:
            known[language] = None
    return known[language]


def page_localized(*, page: Page, request: HttpRequest | None) -> Page:
    """`page.localized` (its live translation in the reader's language, else the page itself)
    without a query for a page that already is in that language."""
    locale = _active_locale(request)
    if locale is not None and page.locale_id == locale.pk:
        return page
    return page.localized


def restricted_paths(*, request: HttpRequest | None) -> tuple[str, ...]:
    """Tree paths of the pages that carry a view restriction (read once per request): a page
    under any of them is private."""
    known = getattr(request, "portal_restricted_paths", None)
    if known is None:
        known = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
        if request is not None:
            request.portal_restricted_paths = known
    return known


def page_is_public(*, page: Page, request: HttpRequest | None) -> bool:
    """Live and under no view restriction: the only pages that listings, menus and links show,
    whoever reads (private pages are reached by their address, after the privacy check)."""
    return page.live and not page.path.startswith(restricted_paths(request=request))


def page_for_reader(*, page: Page | None, request: HttpRequest | None) -> Page | None:
    """The page in the reader's language, or None when it is not live and public (so a link,
    a title or a summary of private content is never shown)."""
    if page is None:
        return None
    target = page_localized(page=page, request=request)
    return target if page_is_public(page=target, request=request) else None


def breadcrumb_pages(*, page: Page) -> list[Page]:
    """The page's ancestors from its home page down, not including the page itself. Titles and
    addresses are all breadcrumbs show, so the generic pages do (no query per page type)."""
    return list(page.get_ancestors().filter(depth__gte=2))
