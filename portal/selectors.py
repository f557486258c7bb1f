"""Read-only queries about pages and their translations, shared by templates and the sitemap."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, PageViewRestriction, ReferenceIndex, Site
from wagtail_localize.models import Translation


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


def translations_out_of_date() -> list[tuple[Page, Translation]]:
    """Originals published after their wagtail-localize source was last synced, with each
    translation that "Synka översatta sidor" would bring up to date; most recently changed
    first."""
    translations = list(
        Translation.objects.filter(enabled=True).select_related("source", "target_locale")
    )
    originals = {
        (str(page.translation_key), page.locale_id): page
        for page in Page.objects.filter(
            translation_key__in={t.source.object_id for t in translations}
        )
    }
    stale = []
    for translation in translations:
        source = translation.source
        page = originals.get((str(source.object_id), source.locale_id))
        if page is None or page.last_published_at is None:
            continue
        if page.last_published_at > source.last_updated_at:
            stale.append((page, translation))
    return sorted(stale, key=lambda item: item[0].last_published_at, reverse=True)


@dataclass(frozen=True)
class BrokenReference:
    """A link or choice in content that leads nowhere a reader can follow."""

    reference_id: int
    problem: str  # one of BROKEN_PROBLEMS
    source: object
    source_label: str
    field: str
    target: str


BROKEN_PROBLEMS = {
    "missing_page": _("Sidan finns inte längre"),
    "unpublished_page": _("Sidan är inte publicerad"),
    "missing_document": _("Dokumentet finns inte längre"),
    "missing_file": _("Dokumentets fil saknas"),
    "missing_image": _("Bilden finns inte längre"),
    "missing_object": _("Det valda objektet finns inte längre"),
}


def _file_exists(document) -> bool:
    try:
        return bool(document.file) and document.file.storage.exists(document.file.name)
    except (OSError, ValueError):
        return False


def _content_objects():
    """Every object whose references Wagtail indexes: each page once, as its own type, and every
    other indexed model (snippets, images, documents, settings)."""
    yield from Page.objects.filter(depth__gt=1).specific().iterator()
    for model in ReferenceIndex.indexed_models:
        if issubclass(model, Page) or model._meta.abstract or model._meta.proxy:
            continue
        for obj in model._default_manager.iterator():
            if type(obj) is model:  # a multi-table child is read as its own model
                yield obj


def references_broken() -> list[BrokenReference]:
    """Every link or choice in content that leads to a page that is gone or not published, or to
    a document, image or other object that is gone (or a document whose file is missing).

    Content is read again rather than trusting the reference index: Wagtail deletes the index's
    rows pointing at an object when the object is deleted, though the links remain in the text.
    The references are found by the same extraction the index uses."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    document_model, image_model = get_document_model(), get_image_model()
    found_refs: list[tuple[object, ReferenceIndex]] = []
    targets: dict[int, set[str]] = defaultdict(set)
    for obj in _content_objects():
        content_type = ContentType.objects.get_for_model(obj)
        base_type = ReferenceIndex._get_base_content_type(obj)
        seen = set()
        # A private Wagtail API; tests/portal/test_editorial_screens.py fails if it changes.
        for (
            to_type_id,
            to_id,
            model_path,
            content_path,
        ) in ReferenceIndex._extract_references_from_object(obj):
            if (to_type_id, to_id, content_path) in seen:
                continue
            seen.add((to_type_id, to_id, content_path))
            reference = ReferenceIndex(
                content_type=content_type,
                base_content_type=base_type,
                object_id=str(obj.pk),
                to_content_type_id=to_type_id,
                to_object_id=str(to_id),
                model_path=model_path,
                content_path=content_path,
            )
            found_refs.append((obj, reference))
            targets[to_type_id].add(str(to_id))
    existing: dict[int, dict[str, object]] = {}
    for type_id, ids in targets.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            existing[type_id] = {}
            continue
        valid = [value for value in ids if _valid_pk(model, value)]
        existing[type_id] = {
            str(obj.pk): obj for obj in model._default_manager.filter(pk__in=valid)
        }
    rows = []
    for source, reference in found_refs:
        target = existing[reference.to_content_type_id].get(reference.to_object_id)
        model = ContentType.objects.get_for_id(reference.to_content_type_id).model_class()
        problem = _problem(target, model, document_model, image_model)
        if problem is None:
            continue
        title = source.get_admin_display_title() if isinstance(source, Page) else str(source)
        rows.append(
            BrokenReference(
                reference_id=len(rows) + 1,
                problem=problem,
                source=source,
                source_label=title,
                field=str(reference.describe_source_field()),
                target=str(target) if target is not None else f"#{reference.to_object_id}",
            )
        )
    return sorted(rows, key=lambda row: (row.source_label.casefold(), row.field))


def _valid_pk(model, value: str) -> bool:
    try:
        model._meta.pk.to_python(value)
    except (ValidationError, ValueError, TypeError):
        return False
    return True


def _problem(target, model, document_model, image_model) -> str | None:
    if model is not None and issubclass(model, Page):
        if target is None:
            return "missing_page"
        return None if target.live else "unpublished_page"
    if model is not None and issubclass(model, document_model):
        if target is None:
            return "missing_document"
        return None if _file_exists(target) else "missing_file"
    if target is not None:
        return None
    if model is not None and issubclass(model, image_model):
        return "missing_image"
    return "missing_object"
