"""Reads: the search itself, shared by the search page and the JSON API (one ranking)."""

import datetime
import math
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Or, PlainText
from wagtail.search.utils import normalise_query_string

from search import analysis, ranking
from search.choices import ALL_AUDIENCES, AUDIENCE_CHOICES, DocumentKind
from search.documents import DOCUMENT_PREFIX, PAGES, public_documents
from search.highlight import query_stems, snippet
from search.language import resources, spellchecker, vocabulary
from search.models import SearchDocument, SearchQueryDay

PER_PAGE = 10
MAX_PAGE = 100
MAX_QUERY = 200  # characters; longer input is cut, not refused
LANGUAGES = ("sv", "en")
FALLBACK_LANGUAGE = "sv"
AUDIENCES = {value for value, _label in AUDIENCE_CHOICES if value != ALL_AUDIENCES}
KINDS = set(DocumentKind.values)
# Documents with all the words, unless that leaves too few: a question in everyday words
# ("kan min bror få hjälp …") has words that no page contains.
MIN_ALL_WORDS = 3
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class InvalidSearch(ValueError):
    """A parameter the search cannot use; the message is for the reader, in Swedish."""


@dataclass(frozen=True)
class SearchRequest:
    query: str
    language: str
    audience: str = ""
    kind: str = ""
    page: int = 1


@dataclass
class SearchHit:
    title: str
    url: str
    snippet: SafeString
    kind: str
    audience: str
    language: str
    section: str

    @property
    def kind_label(self) -> str:
        return DocumentKind(self.kind).label

    @property
    def audience_label(self) -> str:
        return dict(AUDIENCE_CHOICES).get(self.audience, "")


@dataclass
class Promotion:
    title: str
    url: str
    description: str


@dataclass
class SearchOutcome:
    request: SearchRequest
    query: str  # what was searched for (after cleaning)
    total: int = 0
    hits: list[SearchHit] = field(default_factory=list)
    promotions: list[Promotion] = field(default_factory=list)
    corrected: str = ""  # the query with misspelt words corrected, searched for as well
    language: str = ""  # the language of the results
    fell_back: bool = False  # no results in the reader's language, so Swedish ones

    @property
    def first_number(self) -> int:
        return (self.request.page - 1) * PER_PAGE + 1

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / PER_PAGE))


def clean_query(raw: str) -> str:
    """The query as searched: normalised Unicode, no control characters, single spaces, cut to
    200 characters."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())[:MAX_QUERY]


def parse_request(params, *, default_language: str) -> SearchRequest:
    """Validate the search parameters (a QueryDict or dict); InvalidSearch says what is wrong."""
    language = (params.get("lang") or default_language or FALLBACK_LANGUAGE).strip()
    if language not in LANGUAGES:
        raise InvalidSearch(_("Okänt språk. Välj sv (svenska) eller en (engelska)."))
    audience = (params.get("audience") or "").strip()
    if audience and audience not in AUDIENCES:
        raise InvalidSearch(
            _("Okänd målgrupp. Välj en av: %(values)s.") % {"values": ", ".join(sorted(AUDIENCES))}
        )
    kind = (params.get("type") or "").strip()
    if kind and kind not in KINDS:
        raise InvalidSearch(
            _("Okänd typ. Välj en av: %(values)s.") % {"values": ", ".join(sorted(KINDS))}
        )
    raw_page = (params.get("page") or "1").strip()
    if not raw_page.isascii() or not raw_page.isdigit() or not 1 <= int(raw_page) <= MAX_PAGE:
        raise InvalidSearch(
            _("Sidnumret måste vara ett heltal från 1 till %(max)s.") % {"max": MAX_PAGE}
        )
    return SearchRequest(
        query=clean_query(params.get("q") or ""),
        language=language,
        audience=audience,
        kind=kind,
        page=int(raw_page),
    )


def _documents(request: SearchRequest, language: str):
    # The bodies (up to 100 000 characters each) are read for the ten results shown only,
    # not for every candidate the ranking looks at (see _with_bodies).
    documents = SearchDocument.objects.filter(language=language).defer("body")
    if request.audience:
        documents = documents.filter(audience__in=[request.audience, ALL_AUDIENCES])
    if request.kind:
        documents = documents.filter(kind=request.kind)
    return documents


def _distinctive(text: str) -> str:
    """The words that tell documents apart: words found in most documents ("får", and on this
    portal "personligt ombud") are left out when any one word may match, as Lucene's common
    terms query does. PostgreSQL's ranking has no such weighting of its own."""
    words = analysis.tokenize(text, limit=analysis.QUERY_LIMIT)
    known = vocabulary()
    kept = [w for w in words if not known.is_common(w)]
    return " ".join(kept) if kept else text


def _query(text: str, correction: str | None, operator: str):
    """The reader's words; with a spelling correction, also the corrected words."""
    query = PlainText(text, operator=operator)
    return Or([query, PlainText(correction, operator=operator)]) if correction else query


def _run(
    request: SearchRequest,
    text: str,
    correction: str | None,
    language: str,
    plan: analysis.QueryPlan,
):
    """Documents with all the words first, unless that leaves too few; then those with any of
    them. The first results are ordered again by how well they cover `plan` (the analysed
    words searched for, correction included; search.ranking)."""
    backend, documents = get_search_backend(), _documents(request, language)
    start = (request.page - 1) * PER_PAGE
    results = backend.search(_query(text, correction, "and"), documents)
    first, total = _first_and_total(results, start)
    if total < MIN_ALL_WORDS:
        results = backend.search(
            _query(_distinctive(text), correction and _distinctive(correction), "or"), documents
        )
        first, total = _first_and_total(results, start)
    if start >= total:
        return total, []
    if start + PER_PAGE > ranking.DEPTH:
        return total, list(results[start : start + PER_PAGE])
    weights = [1 + rarity for rarity in vocabulary().rarities(plan)]
    candidates = ranking.rerank(first, plan, resources().lexicon, weights)
    return total, candidates[start : start + PER_PAGE]


def _first_and_total(results, start: int) -> tuple[list[SearchDocument], int]:
    """The first ranking.DEPTH results and how many there are in all. Most questions have fewer
    than DEPTH, and then their number is known without a count: one round trip to the search
    server instead of two. A page past the first DEPTH needs only the count."""
    if start + PER_PAGE > ranking.DEPTH:
        return [], results.count()
    first = list(results[: ranking.DEPTH])
    return first, (len(first) if len(first) < ranking.DEPTH else results.count())


def _visible(documents: list[SearchDocument]) -> list[SearchDocument]:
    """A last guard: pages must still be live and public, and documents outside private
    collections, when they are shown."""
    wanted = {PAGES.prefix: set(), DOCUMENT_PREFIX: set()}
    for document in documents:
        prefix, _, pk = document.key.partition(":")
        if prefix in wanted:
            wanted[prefix].add(int(pk))
    visible = {PAGES.prefix: set(), DOCUMENT_PREFIX: set()}
    if wanted[PAGES.prefix]:
        pages = Page.objects.live().public().filter(pk__in=wanted[PAGES.prefix])
        visible[PAGES.prefix] = set(pages.values_list("pk", flat=True))
    if wanted[DOCUMENT_PREFIX]:
        files = public_documents().filter(pk__in=wanted[DOCUMENT_PREFIX])
        visible[DOCUMENT_PREFIX] = set(files.values_list("pk", flat=True))
    shown = []
    for document in documents:
        prefix, _, pk = document.key.partition(":")
        if prefix not in visible or int(pk) in visible[prefix]:
            shown.append(document)
    return shown


def _with_bodies(documents: list[SearchDocument]) -> list[SearchDocument]:
    """The documents with their bodies, for the snippets: one query for all of them."""
    deferred = [d for d in documents if "body" in d.get_deferred_fields()]
    if deferred:
        bodies = dict(
            SearchDocument.objects.filter(pk__in=[d.pk for d in deferred]).values_list("pk", "body")
        )
        for document in deferred:
            document.body = bodies.get(document.pk, "")
    return documents


def _promotions(text: str, language: str) -> list[Promotion]:
    normalised = normalise_query_string(text)
    found = []
    picks = SearchPromotion.objects.filter(query__query_string=normalised).select_related("page")
    for pick in picks.order_by("sort_order"):
        if pick.page_id:
            page = pick.page
            if (
                page.live
                and page.locale.language_code == language
                and not page.get_view_restrictions().exists()
            ):
                found.append(Promotion(page.title, page.url, pick.description or ""))
        elif pick.external_link_url:
            found.append(
                Promotion(
                    pick.external_link_text or pick.external_link_url,
                    pick.external_link_url,
                    pick.description or "",
                )
            )
    return found


def search_run(request: SearchRequest) -> SearchOutcome:
    """Search the documents: best first, ten per page, with corrections and a language fallback."""
    outcome = SearchOutcome(request=request, query=request.query, language=request.language)
    language = resources()
    plan = analysis.analyse_query(request.query, language.lexicon, language.synonyms)
    if not plan:
        return outcome

    # A word that appears nowhere in the portal is most likely misspelt: the nearest known
    # word is searched for as well, and the page says so.
    correction = spellchecker().correct_query(request.query)
    if correction:
        searched = f"{request.query} {correction}"
        plan = analysis.analyse_query(searched, language.lexicon, language.synonyms)
    total, documents = _run(request, request.query, correction, request.language, plan)
    if total == 0 and request.language != FALLBACK_LANGUAGE:
        total, documents = _run(request, request.query, correction, FALLBACK_LANGUAGE, plan)
        if total:
            outcome.language, outcome.fell_back = FALLBACK_LANGUAGE, True
    outcome.corrected = correction or ""

    stems = query_stems(plan)
    outcome.total = total
    outcome.hits = [
        SearchHit(
            title=d.title,
            url=d.url,
            snippet=snippet(f"{d.summary} {d.body}".strip(), stems, fallback=d.summary),
            kind=d.kind,
            audience=d.audience,
            language=d.language,
            section=d.section,
        )
        for d in _with_bodies(_visible(documents))
    ]
    if request.page == 1:
        outcome.promotions = _promotions(request.query, outcome.language)
    return outcome


def suggestions(raw: str, *, language: str, limit: int = 8) -> list[dict]:
    """Titles and glossary terms that start with what the reader has typed."""
    text = clean_query(raw)[:60]
    if len(text) < 2 or language not in LANGUAGES:
        return []
    documents = SearchDocument.objects.filter(
        language=language,
        kind__in=[
            DocumentKind.PAGE,
            DocumentKind.GUIDANCE,
            DocumentKind.TERM,
            DocumentKind.ROLE,
            DocumentKind.DILEMMA,
        ],
    )
    found = _visible(list(get_search_backend().autocomplete(text, documents)[:limit]))
    return [{"title": d.title, "url": d.url, "type": d.kind} for d in found]


def query_statistics(*, days: int = 90, zero_results_only: bool = False):
    """Searches of the last `days` days, most frequent first, summed over days."""

    since = timezone.localdate() - datetime.timedelta(days=days)
    rows = (
        SearchQueryDay.objects.filter(day__gte=since)
        .values("query")
        .annotate(total=Sum("searches"), without=Sum("zero_results"))
    )
    if zero_results_only:
        rows = rows.filter(without__gt=0).order_by("-without", "query")
    else:
        rows = rows.order_by("-total", "query")
    return rows
