"""The search page and the JSON search API: thin views over search.selectors."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy, override
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy

from search import selectors, services
from search.choices import ALL_AUDIENCES, AUDIENCE_CHOICES, DocumentKind
from search.models import Synonym


def _language() -> str:
    language = (get_language() or "sv")[:2]
    return language if language in selectors.LANGUAGES else selectors.FALLBACK_LANGUAGE


def _record(outcome: selectors.SearchOutcome) -> None:
    if outcome.request.page == 1 and outcome.request.query:
        services.search_query_record(query=outcome.request.query, found=outcome.total)


# Every search is counted for the editors' reports ("Populära sökningar"), so each one must
# reach the view: caches may keep a copy only if they ask first (the page cache keeps none).
counted = cache_control(no_cache=True)


@require_GET
@counted
def search_page(request: HttpRequest) -> HttpResponse:
    language = _language()
    error, outcome = "", None
    try:
        search = selectors.parse_request(request.GET, default_language=language)
    except selectors.InvalidSearch as invalid:
        error = str(invalid)
        search = selectors.SearchRequest(
            query=selectors.clean_query(request.GET.get("q", "")), language=language
        )
    if search.query and not error:
        outcome = selectors.search_run(search)
        _record(outcome)
    context = {
        "search": search,
        "outcome": outcome,
        "error": error,
        "audiences": [c for c in AUDIENCE_CHOICES if c[0] != ALL_AUDIENCES],
        "kinds": DocumentKind.choices,
        "languages": [("sv", "Svenska"), ("en", "English")],
        "pagination": _pagination(request, outcome) if outcome else None,
        # Offered only when nothing was found: no queries for them on a page of results.
        "topics": _topics(language) if outcome is None or not outcome.hits else [],
        "language_urls": _search_urls(search.query),
    }
    return render(request, "search/search_page.html", context, status=400 if error else 200)


def _search_urls(query: str) -> dict[str, str]:
    urls = {}
    for code in selectors.LANGUAGES:
        with override(code):
            url = reverse("search")
        urls[code] = f"{url}?{urlencode({'q': query})}" if query else url
    return urls


def _pagination(request: HttpRequest, outcome: selectors.SearchOutcome) -> list[dict]:
    if outcome.pages <= 1:
        return []
    current = outcome.request.page
    numbers = sorted(
        {1, outcome.pages, *range(max(1, current - 2), min(outcome.pages, current + 2) + 1)}
    )
    params = request.GET.copy()
    links = []
    for number in numbers:
        params["page"] = str(number)
        links.append(
            {"number": number, "url": f"?{params.urlencode()}", "current": number == current}
        )
    return links


def _topics(language: str) -> list[Page]:
    """The sections under the language's home page, offered when nothing was found."""
    home = Page.objects.live().filter(depth=2, locale__language_code=language).first()
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu()) or list(
        home.get_children().live().public()
    )


def _json_error(message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
@counted
def search_api(request: HttpRequest) -> JsonResponse:
    try:
        search = selectors.parse_request(request.GET, default_language=selectors.FALLBACK_LANGUAGE)
    except selectors.InvalidSearch as invalid:
        return _json_error(str(invalid))
    if not search.query:
        return JsonResponse({"query": "", "total": 0, "page": search.page, "results": []})
    outcome = selectors.search_run(search)
    _record(outcome)
    return JsonResponse(
        {
            "query": search.query,
            "corrected": outcome.corrected or None,
            "language": outcome.language,
            "total": outcome.total,
            "page": search.page,
            "pages": outcome.pages,
            "results": [
                {
                    "title": hit.title,
                    "url": request.build_absolute_uri(hit.url),
                    "snippet": str(hit.snippet),
                    "type": hit.kind,
                    "audience": hit.audience,
                    "language": hit.language,
                    "section": hit.section,
                }
                for hit in outcome.hits
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def suggest_api(request: HttpRequest) -> JsonResponse:
    language = request.GET.get("lang") or selectors.FALLBACK_LANGUAGE
    if language not in selectors.LANGUAGES:
        return _json_error(_("Okänt språk. Välj sv (svenska) eller en (engelska)."))
    query = selectors.clean_query(request.GET.get("q", ""))
    return JsonResponse(
        {"query": query, "suggestions": selectors.suggestions(query, language=language)},
        json_dumps_params={"ensure_ascii": False},
    )


class SearchStatisticsView(ReportView):
    """Editors' view of what readers search for: aggregated counts, nothing about who."""

    page_title = gettext_lazy("Populära sökningar")
    header_icon = "search"
    index_url_name = "search_statistics"
    index_results_url_name = "search_statistics_results"
    permission_policy = ModelPermissionPolicy(Synonym)
    any_permission_required = ["add", "change"]
    zero_results_only = False
    list_export = ["query", "total", "without"]
    export_headings = {
        "query": gettext_lazy("Sökning"),
        "total": gettext_lazy("Antal sökningar"),
        "without": gettext_lazy("Utan träffar"),
    }

    @property
    def columns(self):
        return [
            Column("query", label=gettext_lazy("Sökning")),
            Column("total", label=gettext_lazy("Antal sökningar (90 dagar)")),
            Column("without", label=gettext_lazy("Utan träffar")),
        ]

    def get_filename(self):
        return "sokningar-utan-traffar" if self.zero_results_only else "populara-sokningar"

    def get_queryset(self):
        return selectors.query_statistics(zero_results_only=self.zero_results_only)


class ZeroResultStatisticsView(SearchStatisticsView):
    page_title = gettext_lazy("Sökningar utan träffar")
    index_url_name = "search_zero_results"
    index_results_url_name = "search_zero_results_results"
    zero_results_only = True
