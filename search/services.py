"""Writes: keep the search documents in step with the content, and count queries."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from search import personal_data
from search.analysis import stem, word_counts
from search.documents import (
    DOCUMENT_PREFIX,
    PAGES,
    DocumentSource,
    owner_of,
    source_for,
    sources,
)
from search.language import (
    DOCUMENT_WORD_FIELDS,
    DOCUMENTS_VERSION,
    LEXICON_VERSION,
    bump,
    document_text,
    document_words,
)
from search.models import SearchDocument, SearchQueryDay, SearchWord

DOCUMENT_FIELDS = (
    "kind",
    "audience",
    "language",
    "title",
    "summary",
    "body",
    "keywords",
    "url",
    "section",
)


def _store(key: str, fields: dict | None, *, count_words: bool = True) -> bool:
    """Create, update or delete one document; True when something changed."""
    existing = SearchDocument.objects.filter(key=key).first()
    before = document_words(existing) if existing is not None and count_words else set()
    if fields is None:
        if existing is None:
            return False
        existing.delete()
        if count_words:
            _count_words(added=set(), removed=before)
        return True
    fields = {name: (fields[name] or "")[: _max(name)] for name in DOCUMENT_FIELDS}
    if existing is not None and all(getattr(existing, n) == v for n, v in fields.items()):
        return False
    document = existing or SearchDocument(key=key)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()  # Wagtail's signal handler indexes it
    if count_words:
        after = document_words(document)
        _count_words(added=after - before, removed=before - after)
    return True


def _count_words(*, added: set[str], removed: set[str]) -> None:
    if added:
        SearchWord.objects.filter(word__in=added).update(documents=F("documents") + 1)
        known = set(SearchWord.objects.filter(word__in=added).values_list("word", flat=True))
        SearchWord.objects.bulk_create(
            [SearchWord(word=w, stem=stem(w), documents=1) for w in added - known],
            ignore_conflicts=True,
        )
    if removed:
        SearchWord.objects.filter(word__in=removed).update(documents=F("documents") - 1)
        SearchWord.objects.filter(word__in=removed, documents__lte=0).delete()


def search_words_recount() -> int:
    """Count every document's words again (after a rebuild); returns the number of words."""
    documents = SearchDocument.objects.only(*DOCUMENT_WORD_FIELDS).iterator(chunk_size=500)
    counts = word_counts(document_text(d) for d in documents)
    SearchWord.objects.all().delete()
    SearchWord.objects.bulk_create(
        [SearchWord(word=w, stem=stem(w), documents=n) for w, n in counts.items()],
        batch_size=2000,
    )
    return len(counts)


def _max(name: str) -> int:
    return SearchDocument._meta.get_field(name).max_length or 10**9


def search_document_sync(*, obj, source: DocumentSource | None = None) -> bool:
    """Index one object as it is now (or drop it, if it is no longer public)."""
    source = source or source_for(obj)
    if source is None:
        return False
    changed = _store(source.key(obj), source.fields(obj))
    if changed:
        bump(DOCUMENTS_VERSION)
    return changed


def search_document_sync_owner(*, part) -> None:
    """A part of an indexed object changed (a role's attribute): index the owner again."""
    found = owner_of(part)
    if found is not None:
        source, owner = found
        search_document_sync(obj=owner, source=source)


def search_document_remove(*, obj, source: DocumentSource | None = None) -> None:
    source = source or source_for(obj)
    if source is not None and _store(source.key(obj), None):
        bump(DOCUMENTS_VERSION)


def is_searchable(obj) -> bool:
    """Whether some document source covers this object (pages excepted: see the signals)."""
    return not isinstance(obj, Page | SearchDocument) and source_for(obj) is not None


def is_document_content(obj) -> bool:
    """Whether saving the object changes a search document: it is indexed, or part of an
    indexed object (a role's attribute)."""
    return is_searchable(obj) or (
        not isinstance(obj, Page | SearchDocument) and owner_of(obj) is not None
    )


def search_document_page_published(*, page: Page) -> None:
    """A published page; when its address or title changed, the pages below it change too."""
    before = SearchDocument.objects.filter(key=PAGES.key(page)).values("url", "title").first()
    search_document_sync(obj=page, source=PAGES)
    after = SearchDocument.objects.filter(key=PAGES.key(page)).values("url", "title").first()
    if before and before != after and page.numchild:
        search_documents_sync_tree(page=page)


def search_documents_sync_tree(*, page: Page) -> int:
    """A page and everything under it: after a move, a change of privacy or a new slug, the
    pages below change address, section or visibility too."""
    changed = 0
    for descendant in Page.objects.descendant_of(page, inclusive=True).specific():
        changed += search_document_sync(obj=descendant, source=PAGES)
    return changed


def _sync_source(source: DocumentSource, *, count_words: bool) -> tuple[set[str], dict]:
    """Every object of one kind as it is now; the keys that should exist, and what changed."""
    counts = {"kept": 0, "changed": 0}
    wanted = set()
    for obj in source.objects():
        key = source.key(obj)
        fields = source.fields(obj)
        if fields is None:
            continue
        wanted.add(key)
        counts["changed" if _store(key, fields, count_words=count_words) else "kept"] += 1
    return wanted, counts


def _drop_unwanted(prefix: str, wanted: set[str]) -> int:
    """Remove one kind's documents that should no longer exist; how many were removed."""
    removed = 0
    stale = SearchDocument.objects.filter(key__startswith=f"{prefix}:").exclude(key__in=wanted)
    for document in stale:
        _store(document.key, None)
        removed += 1
    return removed


def search_documents_privacy_changed(*, pages: list[Page], collections: list) -> int:
    """Pages or collections became private or public, or changed who may see them.

    Their subtrees are indexed again, and so are the other kinds of documents (terms, rules,
    roles, sources): their addresses lie in pages such as the glossary, which may be among
    them. Returns how many documents changed."""
    changed = 0
    for page in pages:
        changed += search_documents_sync_tree(page=page)
    if collections:
        collection_ids = {
            c.pk for root in collections for c in root.get_descendants(inclusive=True)
        }
        for document in get_document_model().objects.filter(collection_id__in=collection_ids):
            changed += search_document_sync(obj=document)
    for source in sources():
        if source is PAGES or source.prefix == DOCUMENT_PREFIX:
            continue
        if not any(_hosts(source, page) for page in pages):
            continue
        wanted, counts = _sync_source(source, count_words=True)
        changed += counts["changed"] + _drop_unwanted(source.prefix, wanted)
    if changed:
        bump(DOCUMENTS_VERSION)
    return changed


def _hosts(source: DocumentSource, page: Page) -> bool:
    """Whether the kind's documents may carry the address of this page or one below it."""
    if not source.host_pages:
        return True
    return Page.objects.descendant_of(page, inclusive=True).type(*source.host_pages).exists()


@transaction.atomic
def search_documents_rebuild() -> dict[str, int]:
    """Every document from scratch: add what is missing, update what changed, drop the rest."""
    counts = {"kept": 0, "changed": 0, "removed": 0}
    wanted = set()
    for source in sources():
        found, source_counts = _sync_source(source, count_words=False)
        wanted |= found
        counts["kept"] += source_counts["kept"]
        counts["changed"] += source_counts["changed"]
    for document in SearchDocument.objects.exclude(key__in=wanted):
        document.delete()
        counts["removed"] += 1
    search_words_recount()
    bump(DOCUMENTS_VERSION)
    bump(LEXICON_VERSION)
    return counts


# Query statistics --------------------------------------------------------------------------

MAX_LOGGED = 100


def loggable_query(text: str) -> str:
    """The query as the statistics keep it: lower case, single spaces, at most 100 characters,
    with personal data masked (search.personal_data: personnummer, telephone numbers, e-mail
    and street addresses, and any other long number)."""
    return " ".join(personal_data.mask(text).lower().split())[:MAX_LOGGED]


def search_query_record(*, query: str, found: int, day: datetime.date | None = None) -> None:
    """Count one search (aggregated per day; nothing about who searched is kept)."""
    text = loggable_query(query)
    if not text:
        return
    day = day or timezone.localdate()
    zero = 1 if found == 0 else 0
    updated = SearchQueryDay.objects.filter(day=day, query=text).update(
        searches=F("searches") + 1, zero_results=F("zero_results") + zero
    )
    if not updated:
        _, created = SearchQueryDay.objects.get_or_create(
            day=day, query=text, defaults={"searches": 1, "zero_results": zero}
        )
        if not created:
            SearchQueryDay.objects.filter(day=day, query=text).update(
                searches=F("searches") + 1, zero_results=F("zero_results") + zero
            )
