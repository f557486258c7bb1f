"""Purging a CDN or caching proxy in front of the portal (wagtail.contrib.frontend_cache).

The portal's own cache is cleared whole (store.py). A CDN is purged by URL, so here we work out
which public pages show a changed object: the page itself in every language, the pages above
it (indexes, section pages and the home page list their children), the pages below it (their
breadcrumbs carry its title), every page that links or embeds it (Wagtail's reference index,
followed through snippets such as rules and sources), the pages that list every object of its
kind (`listed_models`: the glossary, the comparison table, the directory…), and the sitemap.
The purge itself, and what happens when it fails, is in invalidation.py.
"""

from django.apps import apps
from wagtail.models import Page, ReferenceIndex, Site

# A rule cites a source, a page cites the rule: two steps reach every page that shows the source.
REFERENCE_DEPTH = 2


def pages_showing(objects) -> set[Page]:
    """The live pages whose HTML may change when any of these pages or snippets change."""
    pages: set[Page] = set()
    seen: set[tuple[type, object]] = set()
    frontier = [obj for obj in objects if obj is not None]
    for _ in range(REFERENCE_DEPTH + 1):
        next_frontier = []
        for obj in frontier:
            marker = (type(obj), obj.pk)
            if marker in seen:
                continue
            seen.add(marker)
            if isinstance(obj, Page):
                pages |= _family_of(obj)
            else:
                pages |= _pages_listing(obj._meta.label)
            for source, _references in ReferenceIndex.get_references_to(
                obj
            ).group_by_source_object():
                if source is not None:
                    next_frontier.append(source)
        frontier = next_frontier
    return {page for page in pages if page.live}


def _pages_listing(label: str) -> set[Page]:
    listing_models = [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and label in getattr(model, "listed_models", ())
    ]
    return {page for model in listing_models for page in model.objects.live()}


def _family_of(page: Page) -> set[Page]:
    family = set()
    # Not only live ones: an unpublished page's parents and translations still listed it.
    for translation in page.get_translations(inclusive=True):
        family.add(translation)
        family.update(translation.get_ancestors().filter(depth__gt=1).live())
        family.update(translation.get_descendants().live())
    return family


def page_urls(page: Page) -> list[str]:
    """Full URLs of a page in every language, taken before it moves, is unpublished or deleted."""
    return [
        url
        for translation in page.get_translations(inclusive=True)
        if (url := translation.get_full_url())
    ]


def document_urls(documents) -> list[str]:
    """Full URLs of documents (their serving view) on every site."""
    roots = [site.root_url for site in Site.objects.all()]
    return [root + document.url for document in documents for root in roots]
