from django.urls import path
from wagtail import hooks
from wagtail.models import Page

from portal import translation_review


@hooks.register("construct_translated_pages_to_cascade_actions")
def delete_translations_with_their_page(pages: list[Page], action: str):
    """Deleting a page deletes its translations too (the admin's confirmation says how many):
    an English page whose Swedish source is gone would be left with no one to keep it true."""
    if action != "delete":
        return None
    return {page: list(Page.objects.translation_of(page, inclusive=False)) for page in pages}


@hooks.register("register_admin_urls", order=-1)
def register_translation_review_urls():
    """Before wagtail-localize's own URLs (order -1), so that these views answer their paths:
    publishing a translation needs the right to publish (portal.translation_review)."""
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            translation_review.GuardedUpdateTranslationsView.as_view(),
        ),
        path(
            "localize/page/<int:page_id>/convert_to_alias/",
            translation_review.guarded_convert_to_alias,
        ),
        path(
            "oversattning/<int:page_id>/granska/",
            translation_review.submit_translation_for_review,
            name="portal_translation_submit_for_review",
        ),
    ]
