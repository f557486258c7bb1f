"""The portal's search on a search server, defined once for Elasticsearch 8
(`search.backends.elasticsearch`) and OpenSearch 2 (`search.backends.opensearch`).

The server analyses the text itself, as the database backends' `search.analysis` does:

- Swedish (every text field): lower case, the portal's stop words (`search/data/stopwords_sv.txt`,
  which keeps "man" for "god man"), å/ä/ö folded (asciifolding), compounds split by a dictionary
  decompounder with the shipped word list (`search/data/ordlista.txt`, folded words), and the
  Snowball Swedish stemmer run twice, as `search.analysis.stem` does ("villkoren" and "villkor"
  meet). Queries are analysed alike but for the decompounder: it adds every listed word found
  inside a word ("personligt" holds "per"), which the index can bear but a query cannot (success
  at 3 fell from 0.89 to 0.79 in bench/search_quality.py). A query's compounds are split by the
  portal's lexicon instead, into known words that cover the whole compound, as on the databases
  ("godman" is searched as "godman" or "god man").
- English: every text field also has an `en` sub-field analysed as English (possessives, stop
  words, the English stemmer); searches in English documents use those sub-fields.
- Synonyms (the editors' list and the glossary's abbreviations, `search.language`) are expanded
  into the query when it is sent, as the compounds are, not written into the index settings:
  an editor's change takes effect with the next search, with no reindex.
- Autocomplete: edge n-grams of the folded words, matched by folded words ("forv" finds
  "Förvaltare").

When the server cannot answer (unreachable, too slow, the index missing or a query refused),
the search is answered by the database backend named FALLBACK (the database's own index, kept
up to date beside the server's), and one log line says why. After a connection failure the
server is left alone for RETRY_SECONDS, so that no request waits on a dead server; changes saved
meanwhile are logged as not indexed (`manage.py update_index --backend default` catches up).

Only the index's analysis settings (stop words, the word list) need a rebuild when they change:
`manage.py update_index` builds a new index and swaps the alias, without downtime.
"""

import logging
import threading
import time
from functools import cache

from django.db.models.lookups import Lookup
from modelsearch.backends import get_search_backend
from modelsearch.query import PlainText

from search import analysis
from search.backends.internals import Field
from search.language import resources, shipped_words

logger = logging.getLogger("search.server")

ENGLISH = "en"
ENGLISH_SUBFIELD = "en"
RETRY_SECONDS = 15  # after a connection failure, the database answers for this long
BULK_TIMEOUT = 120  # seconds for one bulk request of update_index


# Analysis settings --------------------------------------------------------------------------


def _stopwords() -> list[str]:
    """The portal's stop words as they are spelled, and folded where they were typed without
    å, ä, ö: "är" and "ar" are stop words, "år" (a year) is not (as search.analysis)."""
    return sorted(analysis._STOPWORDS_SPELLED | analysis.STOPWORDS)


@cache
def index_analysis() -> dict:
    """The analysis settings of every index. They depend only on files shipped with the code,
    so they change with a deployment, never with content."""
    swedish = [
        "lowercase",
        "portal_stop",
        "asciifolding",
        "portal_decompounder",
        "swedish_stemmer",
        "swedish_stemmer",  # twice, as search.analysis.stem
    ]
    swedish_query = [name for name in swedish if name != "portal_decompounder"]
    return {
        "filter": {
            "portal_stop": {"type": "stop", "stopwords": _stopwords()},
            "portal_decompounder": {
                "type": "dictionary_decompounder",
                "word_list": sorted(shipped_words()),
                "min_subword_size": analysis.MIN_PART,
                "only_longest_match": False,
            },
            "swedish_stemmer": {"type": "stemmer", "language": "swedish"},
            "english_possessive": {"type": "stemmer", "language": "possessive_english"},
            "english_stop": {"type": "stop", "stopwords": "_english_"},
            "english_stemmer": {"type": "stemmer", "language": "english"},
        },
        "analyzer": {
            # "default" and "default_search" apply to every text field that names no analyser of
            # its own.
            "default": {"type": "custom", "tokenizer": "standard", "filter": swedish},
            "default_search": {"type": "custom", "tokenizer": "standard", "filter": swedish_query},
            "portal_english": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": [
                    "english_possessive",
                    "lowercase",
                    "english_stop",
                    "asciifolding",
                    "english_stemmer",
                ],
            },
            "portal_folded": {
                "type": "custom",
                "tokenizer": "standard",
                "filter": ["lowercase", "asciifolding"],
            },
        },
    }


def merged_settings(settings: dict) -> dict:
    """modelsearch's index settings (its n-gram analysers) with the portal's analysis added,
    and one shard: a portal's worth of documents, ranked with one set of term statistics."""
    analysis_settings = settings["settings"]["analysis"]
    ours = index_analysis()
    analysis_settings.setdefault("filter", {}).update(ours["filter"])
    analysis_settings.setdefault("analyzer", {}).update(ours["analyzer"])
    settings["settings"].setdefault("index", {})["number_of_shards"] = 1
    return settings


# Mapping ------------------------------------------------------------------------------------


def _add_english(properties: dict) -> None:
    for mapping in properties.values():
        if mapping.get("type") == "nested":
            _add_english(mapping["properties"])
        elif mapping.get("type") == "text" and "analyzer" not in mapping:
            # Named for searching too: the index's "default_search" would win over "analyzer".
            mapping.setdefault("fields", {})[ENGLISH_SUBFIELD] = {
                "type": "text",
                "analyzer": "portal_english",
                "search_analyzer": "portal_english",
            }


class MappingMixin:
    """Every Swedish-analysed text field (the catch-all fields included) has an English
    sub-field; autocomplete searches with folded words."""

    edgengram_analyzer_config = {
        "analyzer": "edgengram_analyzer",
        "search_analyzer": "portal_folded",
    }

    def get_mapping(self):
        mapping = super().get_mapping()
        _add_english(mapping["properties"])
        return mapping


# Queries ------------------------------------------------------------------------------------


def searched_language(queryset) -> str | None:
    """The language a queryset is filtered to (`.filter(language=…)`), if any."""
    for child in queryset.query.where.children:
        target = getattr(getattr(child, "lhs", None), "target", None)
        if (
            isinstance(child, Lookup)
            and child.lookup_name == "exact"
            and getattr(target, "name", None) == "language"
        ):
            return child.rhs
    return None


def query_groups(text: str) -> tuple[str, list[list[str]]]:
    """The query's words that stand for themselves, and, as groups of equivalent expressions
    (itself first), each expression that has synonyms (longest first, as
    search.analysis.analyse_query) and each compound the lexicon splits:
    "FK godman hjälp" -> ("hjälp", [["fk", "Försäkringskassan"], ["godman", "god man"]])."""
    language = resources()
    tokens = analysis.tokenize(text, limit=analysis.QUERY_LIMIT)
    stems = [analysis.stem(token) for token in tokens]
    rest: list[str] = []
    groups: list[list[str]] = []
    i = 0
    while i < len(tokens):
        for width in range(min(analysis.MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
            phrase = tuple(stems[i : i + width])
            if phrase in language.synonyms:
                typed = " ".join(tokens[i : i + width])
                equivalents = [
                    language.expressions.get(other, " ".join(other))
                    for other in language.synonyms.expand(phrase)
                    if other != phrase
                ]
                groups.append(list(dict.fromkeys([typed, *equivalents])))
                i += width
                break
        else:
            token = tokens[i]
            parts = None if analysis.is_stopword(token) else language.lexicon.split(token)
            if parts:
                groups.append([token, " ".join(parts)])
            else:
                rest.append(token)
            i += 1
    return " ".join(rest), groups


class QueryCompilerMixin:
    """Plain-text queries with synonyms and compounds expanded, on the English sub-fields when
    the documents searched are English, tolerant of a letter or two wrong."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if searched_language(self.queryset) == ENGLISH:
            self.remapped_fields = [
                Field(f"{field.field_name}.{ENGLISH_SUBFIELD}", field.boost)
                for field in self.remapped_fields
            ]

    def _match(self, text: str, fields, operator: str, boost: float = 1.0) -> dict:
        body = {
            "query": text,
            "operator": operator,
            "fuzziness": "AUTO",  # one or two letters wrong, depending on the word's length
            # A part of the question made of stop words only must not decide the outcome.
            "zero_terms_query": "all" if operator == "and" else "none",
        }
        if boost != 1.0:
            body["boost"] = boost
        if len(fields) == 1:
            if fields[0].boost != 1.0:
                body["boost"] = boost * fields[0].boost
            return {"match": {fields[0].field_name: body}}
        body["fields"] = [field.field_name_with_boost for field in fields]
        return {"multi_match": body}

    def _compile_plaintext_query(self, query, fields, boost=1.0):
        operator = query.operator if query.operator in ("and", "or") else "or"
        rest, groups = query_groups(query.query_string)
        if not groups:
            return self._match(query.query_string, fields, operator, boost)
        clauses = [
            {
                "bool": {
                    "should": [self._match(text, fields, "and") for text in group],
                    "minimum_should_match": 1,
                }
            }
            for group in groups
        ]
        if rest:
            clauses.insert(0, self._match(rest, fields, operator))
        combined = (
            {"bool": {"must": clauses}}
            if operator == "and"
            else {"bool": {"should": clauses, "minimum_should_match": 1}}
        )
        if boost != 1.0:
            combined["bool"]["boost"] = boost
        return combined


# When the server cannot answer --------------------------------------------------------------


class _Breaker:
    """Per process: after a connection failure, the server is not asked again for a while."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self._until

    def trip(self) -> bool:
        """Open the breaker; True when it was closed (so the caller logs once per outage)."""
        with self._lock:
            was_closed = not self.is_open()
            self._until = time.monotonic() + RETRY_SECONDS
            return was_closed

    def reset(self) -> None:
        with self._lock:
            self._until = 0.0


breaker = _Breaker()


def _described(error: Exception) -> str:
    """The error's kind and status, never its message: that may quote the reader's query."""
    status = getattr(error, "status_code", None) or getattr(
        getattr(error, "meta", None), "status", ""
    )
    kind = getattr(error, "error", None) or getattr(error, "message", None)
    kind = kind if isinstance(kind, str) and len(kind) < 80 and " " not in kind else ""
    return " ".join(str(part) for part in (type(error).__name__, status, kind) if part)


class ResultsMixin:
    """Results from the server, or from the database backend when the server cannot answer."""

    def _guarded(self, ask_server, ask_database):
        backend = self.backend
        if breaker.is_open():
            return ask_database()
        try:
            return ask_server()
        except backend.connection_errors as error:
            backend.server_down(error)
        except backend.server_errors as error:
            logger.error(
                "Search server %s refused a search (%s); the database answered it. Has "
                "`manage.py update_index` been run?",
                backend.server_name,
                _described(error),
            )
        return ask_database()

    def _database_results(self, *, whole: bool = False):
        compiler = self.query_compiler
        fallback = get_search_backend(self.backend.fallback)
        method = (
            fallback.autocomplete if self.backend.is_autocomplete(compiler) else fallback.search
        )
        query = compiler.query
        results = method(
            query if not isinstance(query, str) else PlainText(query),
            compiler.queryset,
            fields=compiler.fields,
            order_by_relevance=compiler.order_by_relevance,
        )
        if self._score_field:
            results = results.annotate_score(self._score_field)
        if whole:
            return results
        return results[self.start : self.stop] if self.stop is not None else results[self.start :]

    def _do_search(self):
        return self._guarded(
            lambda: list(super(ResultsMixin, self)._do_search()),
            lambda: list(self._database_results()),
        )

    def _do_count(self):
        return self._guarded(
            lambda: super(ResultsMixin, self)._do_count(),
            lambda: self._database_results().count(),
        )

    def facet(self, field_name):
        """Counts per value (the admin's page search counts pages per type)."""
        return self._guarded(
            lambda: super(ResultsMixin, self).facet(field_name),
            lambda: self._database_facet(field_name),
        )

    def _database_facet(self, field_name):
        """The database's counts; none (the admin then shows no counts) if it cannot count."""
        try:
            return self._database_results(whole=True).facet(field_name)
        except Exception:
            logger.warning("The database could not count search results by %s", field_name)
            return {}


_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def shared_client(client_class):
    """A factory for `client_class` that makes one client (and so one connection pool) per
    configuration and process: modelsearch makes a backend object for every search."""

    def client(**options):
        key = (client_class, repr(sorted(options.items())))
        with _clients_lock:
            if key not in _clients:
                _clients[key] = client_class(**options)
            return _clients[key]

    return client


def forget_clients() -> None:
    """Close and drop the clients: before gunicorn forks, so that no worker shares a socket."""
    with _clients_lock:
        for client in _clients.values():
            client.transport.close()
        _clients.clear()


class BackendMixin:
    """Index settings, a client shared by the backend objects of a process, and indexing that
    neither fails a save nor waits on a server that just failed."""

    #: exceptions that mean the server could not be reached (set by each backend)
    connection_errors: tuple[type[Exception], ...] = ()
    #: exceptions that mean the server answered with an error
    server_errors: tuple[type[Exception], ...] = ()
    server_name = "search server"

    def __init__(self, params):
        params = dict(params)
        self.fallback = params.pop("FALLBACK", "database")
        # update_index sends 1,000 objects a request: far more work than a search, so it may
        # take far longer than TIMEOUT (10,000 pages on a busy machine: past 5 s).
        self.bulk_timeout = params.pop("BULK_TIMEOUT", BULK_TIMEOUT)
        super().__init__(params)
        self.settings = merged_settings(self.settings)
        self.server_name = ", ".join(str(h.get("host")) for h in self.hosts if isinstance(h, dict))

    def is_autocomplete(self, compiler) -> bool:
        return isinstance(compiler, self.autocomplete_query_compiler_class)

    def _index_or_log(self, what: str, action) -> None:
        if breaker.is_open():
            logger.warning(
                "Search server %s is down: %s not indexed there. Run `manage.py update_index "
                "--backend default` when it is back.",
                self.server_name,
                what,
            )
            return
        try:
            action()
        except self.connection_errors as error:
            self.server_down(error, f"{what} not indexed there")

    def server_down(self, error: Exception, consequence: str = "") -> None:
        """Open the breaker, and say so once per outage (and what was not indexed)."""
        if breaker.trip() or consequence:
            logger.warning(
                "Search server %s unreachable (%s): the database answers searches for %s s%s. "
                "Run `manage.py update_index --backend default` when it is back.",
                self.server_name,
                type(error).__name__,
                RETRY_SECONDS,
                f"; {consequence}" if consequence else "",
            )

    def add(self, obj):
        self._index_or_log(repr(obj), lambda: super(BackendMixin, self).add(obj))

    def add_bulk(self, model, obj_list):
        self._index_or_log(
            f"{len(obj_list)} × {model.__name__}",
            lambda: super(BackendMixin, self).add_bulk(model, obj_list),
        )

    def delete(self, obj):
        self._index_or_log(f"removal of {obj!r}", lambda: super(BackendMixin, self).delete(obj))
