"""What each kind of content looks like as a search document.

Pages of every type are handled here. Other kinds (terms, rules, …) come through the Wagtail hook
`register_search_document_sources`, which returns `DocumentSource` objects: guidance's from
`search.guidance_documents` (search builds on guidance), any app above search from its own hooks.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from django.db.models import Model
from django.utils.html import strip_tags
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page
from wagtail.search import index

from search.choices import ALL_AUDIENCES, DocumentKind

MAX_BODY = 100_000  # characters of text kept per document


@dataclass(frozen=True)
class DocumentSource:
    """One kind of searchable content: its model, all of it, and its document fields (or None
    when an object must not be found, e.g. a private page)."""

    prefix: str
    model: type[Model]
    objects: Callable[[], Iterable[Model]]
    fields: Callable[[Model], dict | None]
    # Models whose objects are part of this kind's document, with the attribute that leads to
    # the indexed object (a role profile's attributes are saved after the profile itself).
    parts: tuple[tuple[type[Model], str], ...] = ()
    # Page types whose addresses this kind's documents carry (terms: the glossary). When the
    # privacy of a page changes, the kind is indexed again only if such a page lies below it;
    # none named means always.
    host_pages: tuple[type[Page], ...] = ()

    def key(self, obj: Model) -> str:
        return f"{self.prefix}:{obj.pk}"


def plain(value) -> str:
    """Searchable text of a field value: rich text without tags, lists and blocks flattened."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return " ".join(plain(item) for item in value)
    text = str(value)
    if "<" in text:
        text = strip_tags(text)
    return " ".join(text.split())


def _page_text(page: Page) -> str:
    parts = []
    for field in page.get_search_fields():
        name = getattr(field, "field_name", "")
        if isinstance(field, index.SearchField) and name not in {"title", "summary"}:
            parts.append(plain(field.get_value(page)))
    return " ".join(p for p in parts if p)[:MAX_BODY]


def _section_of(page: Page) -> Page | None:
    """The top-level section (the child of the home page) the page lies in."""
    if page.depth <= 3:
        return page if page.depth == 3 else None
    return Page.objects.ancestor_of(page).filter(depth=3).specific().first()


def page_fields(page: Page) -> dict | None:
    page = page.specific
    # The home pages are where every visit starts; as a search result they answer nothing.
    if page.depth <= 2 or not page.live or page.get_view_restrictions().exists():
        return None
    url = page.get_url()
    if not url:
        return None
    section = _section_of(page)
    audience = getattr(page, "audience", "") or getattr(section, "audience", "") or ALL_AUDIENCES
    return {
        "kind": getattr(page, "search_kind", DocumentKind.PAGE),
        "audience": audience,
        "language": page.locale.language_code,
        "title": page.title,
        "summary": plain(getattr(page, "summary", "") or page.search_description),
        "body": _page_text(page),
        "keywords": "",
        "url": url,
        "section": section.title if section and section.pk != page.pk else "",
    }


def public_documents():
    """Documents outside private collections (a restriction covers the collections below)."""
    restricted = Collection.objects.filter(view_restrictions__isnull=False)
    hidden = Collection.objects.none()
    for collection in restricted:
        hidden = hidden | collection.get_descendants(inclusive=True)
    return get_document_model().objects.exclude(collection__in=hidden)


DOCUMENT_PREFIX = "document"


def document_fields(document) -> dict | None:
    if not public_documents().filter(pk=document.pk).exists():
        return None
    return {
        "kind": DocumentKind.DOCUMENT,
        "audience": ALL_AUDIENCES,
        "language": "sv",
        "title": document.title,
        "summary": "",
        "body": "",
        "keywords": " ".join(tag.name for tag in document.tags.all()),
        "url": document.url,
        "section": "",
    }


PAGES = DocumentSource(
    prefix="page",
    model=Page,
    objects=lambda: Page.objects.live().public().filter(depth__gt=2).specific(),
    fields=page_fields,
)


@cache
def sources() -> tuple[DocumentSource, ...]:
    found = [
        PAGES,
        DocumentSource(DOCUMENT_PREFIX, get_document_model(), public_documents, document_fields),
    ]
    for hook in hooks.get_hooks("register_search_document_sources"):
        found.extend(hook())
    return tuple(found)


def owner_of(part: Model) -> tuple[DocumentSource, Model] | None:
    """The source and indexed object that a saved part belongs to, if any."""
    for source in sources():
        for model, attribute in source.parts:
            if isinstance(part, model):
                owner = getattr(part, attribute, None)
                return (source, owner) if owner is not None else None
    return None


def source_for(obj: Model) -> DocumentSource | None:
    if isinstance(obj, Page):
        return PAGES
    for source in sources():
        if isinstance(obj, source.model):
            return source
    return None
