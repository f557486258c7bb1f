"""The word lists the Swedish analyser needs, built from the portal's own content.

- The lexicon splits compounds. It is the word list shipped in `search/data/ordlista.txt`
  (made from the content pack by `manage.py build_search_wordlist`) plus every word of the
  glossary and of the editors' synonyms.
- The synonyms: the editors' list plus each glossary term with its abbreviations and synonyms.
- The spelling vocabulary: every word of the searchable documents, with its frequency.

Each is built once per process and rebuilt when its version in the shared cache changes, so
an editor's change reaches every worker without a restart.
"""

import math
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.cache import cache as shared_cache
from django.db import DatabaseError
from django.db.models import Sum

from guidance.models import Term
from portal.cache import strict
from search import analysis
from search.models import SearchDocument, SearchWord, Synonym

WORDLIST = Path(__file__).parent / "data" / "ordlista.txt"
LEXICON_VERSION = "search:lexicon-version"
DOCUMENTS_VERSION = "search:documents-version"
OFFLINE_VERSION = "offline"

_lock = threading.Lock()
_built: dict[str, tuple[str, object]] = {}


def _version(key: str) -> str:
    """The shared version of a word list; while the cache is unreachable, the one this process
    built last (a list is not rebuilt on every search during an outage)."""
    try:
        with strict():
            return shared_cache.get_or_set(key, lambda: uuid.uuid4().hex, timeout=None)
    except Exception:
        with _lock:
            current = _built.get(key)
        return current[0] if current else OFFLINE_VERSION


def bump(key: str) -> None:
    """Mark a word list as stale in every process (and in this one, even without the cache)."""
    shared_cache.set(key, uuid.uuid4().hex, timeout=None)
    with _lock:
        _built.pop(key, None)


def _memo(key: str, build):
    version = _version(key)
    with _lock:
        current = _built.get(key)
        if current and current[0] == version:
            return current[1]
    value = build()
    with _lock:
        _built[key] = (version, value)
    return value


@cache
def shipped_words() -> frozenset[str]:
    if not WORDLIST.exists():
        return frozenset()
    lines = WORDLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _editorial_expressions() -> tuple[list[list[str]], list[list[str]]]:
    """Glossary terms with their abbreviations ([term, abbreviation, …]: PO = personligt
    ombud), and the editors' synonym groups. A term's colloquial forms ("godman") only help to
    find the term itself: expanding every query with them would drown the reader's words."""

    try:
        abbreviations = [
            [term, *(w.strip() for w in short.split(",") if w.strip())]
            for term, short in Term.objects.values_list("term", "abbreviations")
        ]
        editors = [synonym.expressions() for synonym in Synonym.objects.all()]
    except DatabaseError:  # tables not migrated yet (e.g. while migrating)
        return [], []
    return abbreviations, editors


@dataclass
class LanguageResources:
    lexicon: analysis.Lexicon
    synonyms: analysis.Synonyms
    groups: list[list[str]] = field(default_factory=list)  # every equivalence, as typed
    # Each expression of the groups by its stems, as typed: a search server expands a query's
    # synonyms into words it analyses itself (search.backends.searchserver).
    expressions: dict[tuple[str, ...], str] = field(default_factory=dict)


def _build_resources() -> LanguageResources:
    abbreviations, editors = _editorial_expressions()
    groups = abbreviations + editors
    words = set(shipped_words())
    for group in groups:
        for expression in group:
            words.update(analysis.fold(token) for token in analysis.tokenize(expression))
    synonyms = analysis.Synonyms(group for group in editors if len(group) > 1)
    for term, *shorts in abbreviations:
        for short in shorts:
            synonyms.add_one_way(short, term)
    expressions = {}
    for group in groups:
        for expression in group:
            stems = tuple(analysis.stem(token) for token in analysis.tokenize(expression))
            expressions.setdefault(stems, expression)
    return LanguageResources(analysis.Lexicon(words), synonyms, groups, expressions)


def resources() -> LanguageResources:
    return _memo(LEXICON_VERSION, _build_resources)


@dataclass
class Vocabulary:
    """The words of the searchable documents: for spelling suggestions, and how many
    documents each word appears in (a word in most documents tells them apart poorly)."""

    spellchecker: analysis.SpellChecker
    document_frequency: Counter  # folded words
    documents: int
    # Documents per stem, as read from the stored word counts: they change only with the
    # documents, and then a new Vocabulary replaces this one.
    _stem_documents: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def is_common(self, token: str, share: float = 0.25) -> bool:
        """Whether the word appears in more than `share` of the documents."""
        return self.documents > 0 and (
            self.document_frequency[analysis.fold(token)] / self.documents > share
        )

    def rarities(self, plan: analysis.QueryPlan) -> list[float]:
        """How well each word group of a query tells documents apart (inverse document
        frequency of its commonest form), from the stored word counts: at most one query."""

        stems = {s for group in plan for alt in group for s in alt}
        known = self._stem_documents
        missing = stems.difference(known)
        if missing:
            found = dict(
                SearchWord.objects.filter(stem__in=missing)
                .values("stem")
                .annotate(n=Sum("documents"))
                .values_list("stem", "n")
            )
            if len(known) > STEM_MEMO_LIMIT:
                known.clear()
            known.update({s: found.get(s, 0) for s in missing})
        found = {s: known.get(s, 0) for s in stems}
        return [
            math.log(
                1 + self.documents / (1 + max(min(found.get(s, 0) for s in alt) for alt in group))
            )
            for group in plan
        ]


STEM_MEMO_LIMIT = 50_000

DOCUMENT_WORD_FIELDS = ("title", "keywords", "summary", "body")


def document_text(document) -> str:
    """The text of a search document whose words the vocabulary counts."""
    return " ".join(getattr(document, name) for name in DOCUMENT_WORD_FIELDS)


def document_words(document) -> set[str]:
    """The distinct folded words of a search document, as the vocabulary counts them."""
    return analysis.counted_words(document_text(document))


def _build_vocabulary() -> Vocabulary:
    in_documents: Counter[str] = Counter()
    documents = 0
    try:
        in_documents.update(dict(SearchWord.objects.values_list("word", "documents")))
        documents = SearchDocument.objects.count()
    except DatabaseError:
        pass
    counts = Counter(in_documents)
    for group in resources().groups:
        for expression in group:
            counts.update(analysis.fold(token) for token in analysis.tokenize(expression))
    checker = analysis.SpellChecker(
        {word: n for word, n in counts.items() if len(word) > 2 and not word.isdigit()}
    )
    return Vocabulary(checker, in_documents, documents)


def vocabulary() -> Vocabulary:
    return _memo(DOCUMENTS_VERSION, _build_vocabulary)


def spellchecker() -> analysis.SpellChecker:
    return vocabulary().spellchecker


def warm_up() -> None:
    """Build the word lists unless they are current (a worker forked afterwards starts with
    them: portal.warmup), and run the spelling check once."""
    spellchecker().correct("personlit")
