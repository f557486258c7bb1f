"""Result snippets: the passage that best matches the query, with the matching words marked."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import analysis

WORD = re.compile(r"\w+", re.UNICODE)
WINDOW = 28  # words in a snippet
SCAN = 4000  # words of a long body looked at


def query_stems(plan: analysis.QueryPlan) -> frozenset[str]:
    return frozenset(stem for group in plan for alternative in group for stem in alternative)


def _matches(word: str, stems: frozenset[str]) -> bool:
    folded = analysis.fold(word)
    if analysis.stem(word.lower()) in stems or folded in stems:
        return True
    # compounds: "statsbidragsvillkor" contains the query word "villkor"
    return any(len(s) >= 5 and s in folded for s in stems)


def snippet(text: str, stems: frozenset[str], fallback: str = "") -> SafeString:
    """Escaped text around the densest run of matching words, matches wrapped in <mark>."""
    words = list(WORD.finditer(text))[:SCAN]
    if not words or not stems:
        return mark_safe(escape(_shorten(fallback or text)))  # noqa: S308  (escaped)
    hits = [i for i, m in enumerate(words) if _matches(m.group(), stems)]
    if not hits:
        return mark_safe(escape(_shorten(fallback or text)))  # noqa: S308  (escaped)
    best_start, best_count = hits[0], 0
    for index in hits:
        start = max(0, index - 4)
        count = sum(1 for h in hits if start <= h < start + WINDOW)
        if count > best_count:
            best_start, best_count = start, count
    first, last = words[best_start], words[min(best_start + WINDOW, len(words)) - 1]
    marked = set(hits)
    parts, position = [], first.start()
    for i in range(best_start, min(best_start + WINDOW, len(words))):
        match = words[i]
        parts.append(escape(text[position : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if i in marked else word)
        position = match.end()
    prefix = "… " if first.start() > 0 else ""
    suffix = " …" if last.end() < len(text) else ""
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308  (every part escaped)


def _shorten(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
