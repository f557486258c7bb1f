from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from search import language
from search.backends import searchserver
from search.guidance_documents import document_sources
from search.views import SearchStatisticsView, ZeroResultStatisticsView
from search.viewsets import SynonymViewSet

register_snippet(SynonymViewSet)

REPORTS = [
    ("sokningar/", SearchStatisticsView, "search_statistics"),
    ("sokningar-utan-traffar/", ZeroResultStatisticsView, "search_zero_results"),
]


@hooks.register("register_admin_urls")
def register_statistics_urls():
    urls = []
    for route, view, name in REPORTS:
        urls.append(path(f"reports/{route}", view.as_view(), name=name))
        urls.append(
            path(
                f"reports/{route}results/", view.as_view(results_only=True), name=f"{name}_results"
            )
        )
    return urls


class _ReportMenuItem(MenuItem):
    """Shown only to those who may see the report (editors with synonym rights)."""

    def is_shown(self, request):
        return SearchStatisticsView.permission_policy.user_has_any_permission(
            request.user, ["add", "change"]
        )


@hooks.register("register_reports_menu_item")
def register_popular_queries_menu_item():
    return _ReportMenuItem(
        _("Populära sökningar"), reverse("search_statistics"), icon_name="search", order=660
    )


@hooks.register("register_reports_menu_item")
def register_zero_result_queries_menu_item():
    return _ReportMenuItem(
        _("Sökningar utan träffar"), reverse("search_zero_results"), icon_name="search", order=661
    )


@hooks.register("register_warm_up")
def warm_up_search():
    """The word lists built (or found current) in the gunicorn master before it forks
    (portal.warmup), and no search-server connection left open for the workers to share."""
    language.warm_up()
    searchserver.forget_clients()


@hooks.register("register_warm_up_paths")
def search_warm_up_paths():
    # Page 2 of each: searches are counted on their first page only.
    paths = []
    for code, query in (("sv", "personligt ombud"), ("en", "personal ombudsman")):
        with override(code):
            paths.append(reverse("search") + "?" + urlencode({"q": query, "page": 2}))
    api = reverse("search_api")
    paths.append(api + "?" + urlencode({"q": "ombud", "page": 2}))
    paths.append(reverse("search_suggest_api") + "?" + urlencode({"q": "pers", "lang": "sv"}))
    return paths


@hooks.register("register_search_document_sources")
def register_guidance_document_sources():
    return document_sources()
