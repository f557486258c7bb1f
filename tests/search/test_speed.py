"""What the search remembers between requests stays true: snippets equal the plain algorithm,
and word counts, spelling and ranking follow changes to the content at once."""

import re

import pytest
from django.utils.html import escape

from search import analysis
from search.highlight import query_stems, snippet
from search.language import vocabulary
from search.selectors import SearchRequest, search_run
from tests.search.conftest import guidance_page

WORD = re.compile(r"\w+")


def plain_snippet(text: str, stems: frozenset[str]) -> str:
    """The snippet as first written: every word looked at, every window counted."""

    def matches(word):
        folded = analysis.fold(word)
        if analysis.stem(word.lower()) in stems or folded in stems:
            return True
        return any(len(s) >= 5 and s in folded for s in stems)

    words = list(WORD.finditer(text))[:4000]
    hits = [i for i, m in enumerate(words) if matches(m.group())]
    if not hits:
        return None
    best_start, best_count = hits[0], 0
    for index in hits:
        start = max(0, index - 4)
        count = sum(1 for h in hits if start <= h < start + 28)
        if count > best_count:
            best_start, best_count = start, count
    first, last = words[best_start], words[min(best_start + 28, len(words)) - 1]
    parts, position = [], first.start()
    for i in range(best_start, min(best_start + 28, len(words))):
        match = words[i]
        parts.append(escape(text[position : match.start()]))
        word = escape(match.group())
        parts.append(f"<mark>{word}</mark>" if i in set(hits) else word)
        position = match.end()
    prefix = "… " if first.start() > 0 else ""
    suffix = " …" if last.end() < len(text) else ""
    return prefix + "".join(parts) + suffix


@pytest.mark.parametrize(
    "query",
    ["ombud", "personligt ombud", "statsbidragsvillkor", "länsstyrelsen tillsyn", "kö <b>"],
)
def test_snippets_equal_the_plain_algorithm(query):
    text = (
        "Inledning <om> ombuden & kommunerna. "
        + "Fyllnadsord utan träff här. " * 300
        + "Länsstyrelsen har tillsyn över statsbidragsvillkoren för personliga ombud; "
        + "ombudet, ombuden och ombudens kö. " * 40
        + "Slut på texten med länsstyrelsens tillsyn."
    )
    stems = query_stems(analysis.analyse_query(query))
    for _ in range(2):  # the second time from what the first remembered
        assert str(snippet(text, stems)) == plain_snippet(text, stems)


@pytest.mark.django_db
def test_word_rarity_follows_publishing(home):
    plan = analysis.analyse_query("pelargonkruka")
    before = vocabulary().rarities(plan)
    guidance_page(home, title="Krukor", text="Pelargonkruka.")
    after = vocabulary().rarities(plan)
    assert after[0] < before[0]  # a word in one document tells less than one in none


@pytest.mark.django_db
def test_spelling_follows_publishing(home):
    assert search_run(SearchRequest("pelargonkrukka", "sv")).corrected == ""
    guidance_page(home, title="Krukor", text="Pelargonkruka.")
    assert search_run(SearchRequest("pelargonkrukka", "sv")).corrected == "pelargonkruka"
