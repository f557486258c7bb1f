"""Keep the search documents in step with publishing. The receivers only call services.

Inside a batch of saves (`portal.deferred`, the content-pack loader) they do nothing at once:
the documents are brought up to date in one pass when the batch ends, an incremental rebuild
that writes only what changed.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from guidance.models import Term
from portal import deferred
from portal.privacy import privacy_changed
from search import services
from search.language import LEXICON_VERSION, bump
from search.models import Synonym


def _rebuilt_when_batch_ends() -> bool:
    """Inside a batch: ask for one rebuild when it ends, and say the change is taken care of."""
    if not deferred.active():
        return False
    deferred.later(
        "search documents", "rebuild", lambda _items: services.search_documents_rebuild()
    )
    return True


@receiver(page_published)
def page_was_published(sender, instance, **kwargs):
    if not _rebuilt_when_batch_ends():
        services.search_document_page_published(page=instance)


@receiver(page_unpublished)
def page_was_unpublished(sender, instance, **kwargs):
    if not _rebuilt_when_batch_ends():
        services.search_document_remove(obj=instance)


@receiver(post_page_move)
def page_was_moved(sender, instance, **kwargs):
    if not _rebuilt_when_batch_ends():
        services.search_documents_sync_tree(page=instance)


@receiver(privacy_changed)
def privacy_was_changed(sender, pages, collections, **kwargs):
    services.search_documents_privacy_changed(pages=pages, collections=collections)


# Saving or deleting these changes the lexicon (glossary words and abbreviations, synonyms).
LEXICON_MODELS = (Term, Synonym)


@receiver(post_save)
def object_saved(sender, instance, raw=False, **kwargs):
    if raw or isinstance(instance, Page):
        return  # fixtures load raw; pages are indexed when published
    if isinstance(instance, LEXICON_MODELS):
        bump(LEXICON_VERSION)
    if not services.is_document_content(instance) or _rebuilt_when_batch_ends():
        return
    if services.is_searchable(instance):
        services.search_document_sync(obj=instance)
    else:
        services.search_document_sync_owner(part=instance)


@receiver(post_delete)
def object_deleted(sender, instance, **kwargs):
    if isinstance(instance, LEXICON_MODELS):
        bump(LEXICON_VERSION)
    if not (isinstance(instance, Page) or services.is_document_content(instance)):
        return
    if _rebuilt_when_batch_ends():
        return
    if isinstance(instance, Page) or services.is_searchable(instance):
        services.search_document_remove(obj=instance)
    else:
        services.search_document_sync_owner(part=instance)
