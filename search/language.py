"""The word lists the Swedish analyser needs, built from the portal's own content.

- The lexicon splits compounds. It is the word list shipped in `search/data/ordlista.txt`
  (made from the content pack by `manage.py build_search_wordlist`) plus every word of the
  glossary and of the editors' synonyms.
- The synonyms: the editors' list plus each glossary term with its abbreviations and synonyms.
- The spelling vocabulary: every word of the searchable documents, with its frequency.

Each is built once per process and rebuilt when its version in the shared cache changes, so
an editor's change reaches every worker without a restart.
"""

import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.core.cache import cache as shared_cache
from django.db import DatabaseError

from search import analysis

WORDLIST = Path(__file__).parent / "data" / "ordlista.txt"
LEXICON_VERSION = "search:lexicon-version"
DOCUMENTS_VERSION = "search:documents-version"

_lock = threading.Lock()
_built: dict[str, tuple[str, object]] = {}


def _version(key: str) -> str:
    return shared_cache.get_or_set(key, lambda: uuid.uuid4().hex, timeout=None)


def bump(key: str) -> None:
    """Mark a word list as stale in every process."""
    shared_cache.set(key, uuid.uuid4().hex, timeout=None)


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
def _shipped_words() -> frozenset[str]:
    if not WORDLIST.exists():
        return frozenset()
    lines = WORDLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _editorial_expressions() -> list[list[str]]:
    """Glossary terms with their abbreviations (PO = personligt ombud), and the editors'
    synonym groups. A term's colloquial forms ("godman") only help to find the term itself:
    expanding every query with them would drown the reader's own words."""
    from guidance.models import Term
    from search.models import Synonym

    groups = []
    try:
        for term, abbreviations in Term.objects.values_list("term", "abbreviations"):
            groups.append([term, *(w.strip() for w in abbreviations.split(",") if w.strip())])
        groups.extend(synonym.expressions() for synonym in Synonym.objects.all())
    except DatabaseError:  # tables not migrated yet (e.g. while migrating)
        return []
    return groups


@dataclass
class LanguageResources:
    lexicon: analysis.Lexicon
    synonyms: analysis.Synonyms
    groups: list[list[str]] = field(default_factory=list)


def _build_resources() -> LanguageResources:
    groups = _editorial_expressions()
    words = set(_shipped_words())
    for group in groups:
        for expression in group:
            words.update(analysis.fold(token) for token in analysis.tokenize(expression))
    equivalents = [group for group in groups if len(group) > 1]
    return LanguageResources(analysis.Lexicon(words), analysis.Synonyms(equivalents), groups)


def resources() -> LanguageResources:
    return _memo(LEXICON_VERSION, _build_resources)


def _build_spellchecker() -> analysis.SpellChecker:
    from search.models import SearchDocument

    counts: Counter[str] = Counter()
    try:
        rows = SearchDocument.objects.values_list("title", "keywords", "summary", "body")
        for row in rows.iterator(chunk_size=500):
            for text in row:
                counts.update(analysis.fold(token) for token in analysis.tokenize(text))
    except DatabaseError:
        pass
    for group in resources().groups:
        for expression in group:
            counts.update(analysis.fold(token) for token in analysis.tokenize(expression))
    return analysis.SpellChecker(
        {word: n for word, n in counts.items() if len(word) > 2 and not word.isdigit()}
    )


def spellchecker() -> analysis.SpellChecker:
    return _memo(DOCUMENTS_VERSION, _build_spellchecker)
