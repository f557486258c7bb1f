"""The final order of the first results: the backend's relevance, corrected by how much of the
question the title and summary answer.

Full-text relevance (BM25) favours short texts that repeat a word, so a glossary entry often
beats the page that answers a whole question. The first few dozen candidates are looked at
again: a result whose title and summary cover more of the reader's words moves up. Words that
A rule set's rules resemble each other; after the first two, each further rule of the same set
gives way, so one question does not fill the page with near-identical rules.
"""

from search import analysis

DEPTH = 50  # candidates looked at again; a multiple of the page size
TITLE_WEIGHT = 0.8
SUMMARY_WEIGHT = 0.3
# Readers look for explanations: a page that answers comes before the numbered rule it quotes.
KIND_PRIOR = {"sida": 0.15, "vagledning": 0.15, "dilemma": 0.1, "regel": -0.05}


def _group_share(group, tokens: set[str]) -> float:
    """The best of a word group's forms: "ombud" covers half of "personligt ombud"."""
    return max(sum(stem in tokens for stem in alt) / len(alt) for alt in group)


def coverage(plan: analysis.QueryPlan, tokens: set[str], weights: list[float]) -> float:
    """How much of the query the tokens contain, each word group weighted by its rarity."""
    total = sum(weights)
    if not plan or not total:
        return 0.0
    return sum(w * _group_share(g, tokens) for g, w in zip(plan, weights, strict=True)) / total


SIMILAR_KINDS = {"regel"}
SIMILAR_ALLOWED = 1
SIMILAR_PENALTY = 0.3


def rerank(documents: list, plan: analysis.QueryPlan, lexicon, weights: list[float]) -> list:
    """`weights`: one per word group of the plan (see search.language.Vocabulary.rarity)."""
    if not plan:
        return documents
    scored = []
    for position, document in enumerate(documents):
        title = lexicon.terms(f"{document.title} {document.keywords}")
        summary = lexicon.terms(document.summary) | title
        score = (
            1 / (1 + position)
            + TITLE_WEIGHT * coverage(plan, title, weights)
            + SUMMARY_WEIGHT * coverage(plan, summary, weights)
            + KIND_PRIOR.get(document.kind, 0.0)
        )
        scored.append([score, position, document])
    scored.sort(key=lambda s: (-s[0], s[1]))
    seen: dict[tuple, int] = {}
    for entry in scored:
        document = entry[2]
        if document.kind in SIMILAR_KINDS:
            group = (document.kind, document.section)
            seen[group] = seen.get(group, 0) + 1
            entry[0] -= SIMILAR_PENALTY * max(0, seen[group] - SIMILAR_ALLOWED)
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [document for _score, _position, document in scored]
