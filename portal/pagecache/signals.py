"""What clears the page cache, and purges a CDN when one is configured.

Our own cache: any save of a page (drafts included, which costs only a few cache misses), any
publish, unpublish, move or delete, and any change to public content: the project's snippets
and register, site settings, images, documents, redirects, sites and locales. Answers, audit
events, progress and search statistics are written all day and never clear it.
Wagtail-localize publishes translated pages and saves translated snippets, so translating is
covered by the same signals. A CDN is purged only for what readers can see: publish,
unpublish, move, delete and the public models. A change of privacy (portal.privacy) clears the
cache and purges the pages, their descendants and the documents concerned.
"""

import functools

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move
from wagtail.snippets.models import get_snippet_models

from portal import registry
from portal.privacy import privacy_changed

from . import invalidation, shared

DISPATCH_PREFIX = "portal.pagecache"


def content_changed(objects=(), urls=(), *, purge=True) -> None:
    """Clear the page cache now and again after the transaction commits.

    Now, so that no reader gets the old page after this point; after the commit, because a
    request that ran in between may have cached the page as it was before the commit.
    """
    invalidation.clear_page_cache()
    objects, urls = list(objects), list(urls)

    def after_commit():
        invalidation.clear_page_cache()
        if purge:
            invalidation.purge_cdn(objects, urls)

    transaction.on_commit(after_commit)


@functools.cache
def is_public_content(model: type) -> bool:
    """Models other than pages whose changes readers can see: those of the apps that say they
    are public content, but the private models they name (portal.registry), and Wagtail's."""
    if issubclass(model, Page) or model._meta.label in registry.private_models():
        return False
    if model._meta.app_label in registry.public_content_apps():
        return True
    wagtail_content = {get_image_model(), get_document_model(), Redirect, Site, Locale}
    return (
        model in wagtail_content
        or issubclass(model, BaseSiteSetting | BaseGenericSetting)
        or model in get_snippet_models()
    )


def _saved_or_deleted(sender, instance, **kwargs):
    if issubclass(sender, Page):
        content_changed(purge=False)
    elif is_public_content(sender):
        content_changed([instance])


def _page_published(sender, instance, **kwargs):
    content_changed([instance])


def _page_unpublished(sender, instance, **kwargs):
    content_changed([instance], shared.page_urls(instance))


# Wagtail sends a fresh instance after the move, so the old URLs wait here by page id.
_urls_before_move: dict[int, list[str]] = {}


def _page_moving(sender, instance, **kwargs):
    _urls_before_move[instance.pk] = shared.page_urls(instance)


def _page_moved(sender, instance, parent_page_before=None, **kwargs):
    urls = _urls_before_move.pop(instance.pk, [])
    content_changed([instance, parent_page_before], urls)


def _page_deleting(sender, instance, **kwargs):
    if instance.depth > 1:
        content_changed([instance.get_parent()], shared.page_urls(instance))


def _privacy_changed(sender, pages, collections, **kwargs):
    """A page or collection became private or public (or changed who may see it): pages and
    listings that showed it are stale, and so is whatever a CDN kept of it."""
    documents = []
    if collections:
        documents = list(
            get_document_model().objects.filter(
                collection__in=[
                    c for root in collections for c in root.get_descendants(inclusive=True)
                ]
            )
        )
    content_changed([*pages, *documents], shared.document_urls(documents))


def connect() -> None:
    privacy_changed.connect(_privacy_changed, dispatch_uid=f"{DISPATCH_PREFIX}:privacy")
    page_models = [model for model in apps.get_models() if issubclass(model, Page)]
    for model in page_models:
        uid = f"{DISPATCH_PREFIX}:{model._meta.label}"
        page_published.connect(_page_published, sender=model, dispatch_uid=f"{uid}:published")
        page_unpublished.connect(_page_unpublished, sender=model, dispatch_uid=f"{uid}:unpub")
        pre_page_move.connect(_page_moving, sender=model, dispatch_uid=f"{uid}:moving")
        post_page_move.connect(_page_moved, sender=model, dispatch_uid=f"{uid}:moved")
    # Deleting runs through the base table for every page type.
    pre_delete.connect(_page_deleting, sender=Page, dispatch_uid=f"{DISPATCH_PREFIX}:deleting")
    # Every save and delete, sorted in the receiver: snippets registered in wagtail_hooks are
    # not known yet when apps are ready.
    post_save.connect(_saved_or_deleted, dispatch_uid=f"{DISPATCH_PREFIX}:saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid=f"{DISPATCH_PREFIX}:deleted")
