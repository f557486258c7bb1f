"""Result snippets: the passage that best matches the query, with the matching words marked."""

import html
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from functools import lru_cache
from itertools import islice

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import analysis

WORD = re.compile(r"\w+", re.UNICODE)
WINDOW = 28  # words in a snippet
SCAN = 4000  # words of a long body looked at


def query_stems(plan: analysis.QueryPlan) -> frozenset[str]:
    return frozenset(stem for group in plan for alternative in group for stem in alternative)


@lru_cache(maxsize=100_000)
def _forms(word: str) -> tuple[str, str]:
    """A word's stem and folded form; the same words come back in every result's text."""
    return analysis.stem(word.lower()), analysis.fold(word)


class _Matcher:
    """Whether words match a query's stems, remembered for each word seen: the results of one
    query (and the next reader asking the same) share most of their words. The answer depends
    on the word and the stems alone, never on the word lists, so nothing goes stale."""

    LIMIT = 50_000  # words remembered per query

    def __init__(self, stems: frozenset[str]) -> None:
        self.stems = stems
        self.parts = tuple(s for s in stems if len(s) >= 5)
        self.known: dict[str, bool] = {}

    def matches(self, word: str) -> bool:
        stemmed, folded = _forms(word)
        if stemmed in self.stems or folded in self.stems:
            return True
        # compounds: "statsbidragsvillkor" contains the query word "villkor"
        return any(s in folded for s in self.parts)

    def matching(self, words: Iterable[str]) -> set[str]:
        """The words that match."""
        known, found = self.known, set()
        for word in words:
            hit = known.get(word)
            if hit is None:
                hit = known[word] = self.matches(word)
            if hit:
                found.add(word)
        if len(known) > self.LIMIT:
            self.known = {}
        return found


_matcher = lru_cache(maxsize=64)(_Matcher)


@lru_cache(maxsize=128)
def _words(text: str) -> tuple[array, array, dict[str, list[int]]]:
    """The first SCAN words of a text: where each starts and ends, and the positions of each
    distinct word. It depends on the text alone, and the same result texts come back query
    after query, so it is worked out once per text."""
    starts, ends, positions = array("l"), array("l"), {}
    for index, match in enumerate(islice(WORD.finditer(text), SCAN)):
        starts.append(match.start())
        ends.append(match.end())
        positions.setdefault(match.group(), []).append(index)
    return starts, ends, positions


def snippet(text: str, stems: frozenset[str], fallback: str = "") -> SafeString:
    """Escaped text around the densest run of matching words, matches wrapped in <mark>."""
    starts, ends, positions = _words(text)
    if not starts or not stems:
        return mark_safe(escape(_shorten(fallback or text)))  # noqa: S308  (escaped)
    # Each distinct word is looked at once: a body repeats its words many times over.
    matching = _matcher(stems).matching(positions)
    hits = sorted(index for word in matching for index in positions[word])
    if not hits:
        return mark_safe(escape(_shorten(fallback or text)))  # noqa: S308  (escaped)
    best_start, best_count = hits[0], 0
    for index in hits:
        start = max(0, index - 4)
        # hits is sorted: the hits in [start, start + WINDOW), counted by bisection
        count = bisect_left(hits, start + WINDOW) - bisect_left(hits, start)
        if count > best_count:
            best_start, best_count = start, count
    stop = min(best_start + WINDOW, len(starts))
    # html.escape is what django.utils.html.escape runs, without its check for lazy strings
    # (thousands of calls a page).
    marked = set(hits)
    parts, position = [], starts[best_start]
    for i in range(best_start, stop):
        parts.append(html.escape(text[position : starts[i]]))
        word = html.escape(text[starts[i] : ends[i]])
        parts.append(f"<mark>{word}</mark>" if i in marked else word)
        position = ends[i]
    prefix = "… " if starts[best_start] > 0 else ""
    suffix = " …" if ends[stop - 1] < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308  (every part escaped)


def _shorten(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
