from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import Page

from portal import translation_review
from portal.admin_panels import TranslationsOutOfDatePanel
from portal.reports import BrokenLinksReportView


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


@hooks.register("construct_homepage_panels")
def add_translations_out_of_date_panel(request, panels):
    panels.append(TranslationsOutOfDatePanel(request.user))


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/trasiga-lankar/",
            BrokenLinksReportView.as_view(),
            name="portal_broken_links",
        ),
        path(
            "reports/trasiga-lankar/results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="portal_broken_links_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return MenuItem(
        gettext_lazy("Trasiga länkar och saknade dokument"),
        reverse("portal_broken_links"),
        name="trasiga-lankar",
        icon_name="warning",
        order=660,
    )
