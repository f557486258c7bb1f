"""Restricted content: one signal whenever the privacy of pages or collections changes.

Wagtail keeps privacy in view restrictions: a `PageViewRestriction` (password, signed-in users,
chosen groups) covers a page and everything below it, a `CollectionViewRestriction` covers the
documents of a collection and of the collections below it. Whenever one is added, changed or
removed, its groups included, `privacy_changed` is sent with the pages or collections whose
subtrees changed. The translations of a page in the default language follow its privacy at
once (`translations_follow`). Every surface that keeps a copy of public content (the page
cache and the CDN, the search documents) subscribes to this one signal instead of watching the
models itself; the pages, the sitemap, the API and the listings read privacy from the database
when they render.
"""

import threading

from django.conf import settings
from django.core.signals import request_finished
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

# Sent with `pages` (the pages whose subtrees changed) and `collections` (likewise), both lists.
privacy_changed = Signal()

DISPATCH_PREFIX = "portal.privacy"

# Pages that are being deleted right now. Deleting a page deletes its restriction too, and by
# then the page's own row may already be gone: there is nothing to tell anyone, the deletion
# itself clears the cache and the search documents.
_deleting = threading.local()


def _pages_being_deleted() -> set[int]:
    if not hasattr(_deleting, "page_ids"):
        _deleting.page_ids = set()
    return _deleting.page_ids


def _page_deleting(sender, instance, **kwargs):
    _pages_being_deleted().add(instance.pk)


def _page_deleted(sender, instance, **kwargs):
    _pages_being_deleted().discard(instance.pk)


def _forget_deletions(**kwargs):
    """A deletion that failed half-way sends no post_delete; the request's end forgets it."""
    _pages_being_deleted().clear()


def pages_changed(pages: list[Page]) -> None:
    pages = [page for page in pages if page.pk not in _pages_being_deleted()]
    if pages:
        privacy_changed.send(sender=PageViewRestriction, pages=pages, collections=[])


def collections_changed(collections: list[Collection]) -> None:
    if collections:
        privacy_changed.send(sender=CollectionViewRestriction, pages=[], collections=collections)


def translations_follow(restriction: PageViewRestriction, *, removed: bool = False) -> None:
    """The translations of a page in the default language get the same privacy at once.

    wagtail-localize copies a page's restriction to its translations when it syncs them; until
    then an English page would stay public beside its private Swedish one. Saving the copies
    sends this signal again for each translation; an unchanged copy is not saved, so it ends.
    A removed restriction takes with it the copies that are still the same.
    """
    page = Page.objects.filter(pk=restriction.page_id).select_related("locale").first()
    if page is None or page.locale.language_code != settings.LANGUAGE_CODE:
        return
    groups = set(restriction.groups.values_list("pk", flat=True)) if not removed else set()
    # What was stored: the admin's form sets the type to "none" on the instance it deletes.
    stored = getattr(restriction, "_stored", (restriction.restriction_type, restriction.password))
    for translation in page.get_translations():
        own = PageViewRestriction.objects.filter(page=translation).first()
        if removed:
            if own and (own.restriction_type, own.password) == stored:
                own.delete()
            continue
        own = own or PageViewRestriction(page=translation)
        if own.pk is None or (own.restriction_type, own.password) != (
            restriction.restriction_type,
            restriction.password,
        ):
            own.restriction_type, own.password = restriction.restriction_type, restriction.password
            own.save()
        if set(own.groups.values_list("pk", flat=True)) != groups:
            own.groups.set(groups)


def _page_restriction_deleting(sender, instance, **kwargs):
    stored = (
        PageViewRestriction.objects.filter(pk=instance.pk)
        .values_list("restriction_type", "password")
        .first()
    )
    if stored is not None:
        instance._stored = tuple(stored)


def _page_restriction_saved_or_deleted(sender, instance, raw=False, **kwargs):
    if raw or instance.page_id in _pages_being_deleted():
        return
    translations_follow(instance, removed="created" not in kwargs)
    pages_changed(list(Page.objects.filter(pk=instance.page_id)))


def _collection_restriction_saved_or_deleted(sender, instance, raw=False, **kwargs):
    if raw:
        return
    collections_changed(list(Collection.objects.filter(pk=instance.collection_id)))


def _groups_changed(restriction_model, owner_field: str):
    """m2m_changed for a restriction's groups, from either side of the relation."""

    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
            return
        if action == "pre_clear" and not reverse:
            return  # the restriction's own clear: post_clear follows with the same instance
        if reverse:  # a group's restrictions changed; pre_clear is the last chance to see them
            if action == "pre_clear":
                restrictions = restriction_model.objects.filter(groups=instance)
            else:
                restrictions = restriction_model.objects.filter(pk__in=pk_set or ())
        else:
            restrictions = [instance]
        owner_ids = {getattr(r, f"{owner_field}_id") for r in restrictions}
        if restriction_model is PageViewRestriction:
            for restriction in restrictions:
                translations_follow(restriction)
            pages_changed(list(Page.objects.filter(pk__in=owner_ids)))
        else:
            collections_changed(list(Collection.objects.filter(pk__in=owner_ids)))

    return receiver


_page_groups_changed = _groups_changed(PageViewRestriction, "page")
_collection_groups_changed = _groups_changed(CollectionViewRestriction, "collection")


def connect() -> None:
    uid = DISPATCH_PREFIX
    pre_delete.connect(_page_deleting, sender=Page, dispatch_uid=f"{uid}:page-deleting")
    post_delete.connect(_page_deleted, sender=Page, dispatch_uid=f"{uid}:page-deleted")
    request_finished.connect(_forget_deletions, dispatch_uid=f"{uid}:request-finished")
    pre_delete.connect(
        _page_restriction_deleting,
        sender=PageViewRestriction,
        dispatch_uid=f"{uid}:page-restriction-deleting",
    )
    for signal in (post_save, post_delete):
        signal.connect(
            _page_restriction_saved_or_deleted,
            sender=PageViewRestriction,
            dispatch_uid=f"{uid}:page:{signal is post_save}",
        )
        signal.connect(
            _collection_restriction_saved_or_deleted,
            sender=CollectionViewRestriction,
            dispatch_uid=f"{uid}:collection:{signal is post_save}",
        )
    m2m_changed.connect(
        _page_groups_changed,
        sender=PageViewRestriction.groups.through,
        dispatch_uid=f"{uid}:page-groups",
    )
    m2m_changed.connect(
        _collection_groups_changed,
        sender=CollectionViewRestriction.groups.through,
        dispatch_uid=f"{uid}:collection-groups",
    )
