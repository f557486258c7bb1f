"""The judged questions (bench/search_questions.yaml) asked through the same code as the search
page and the API, scored: success@1, success@3, MRR@10, the zero-result rate and the misses.
Shared by bench/search_quality.py and the suite's floor (tests/search/test_quality.py). Needs
Django set up with the real content pack loaded."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml

QUESTIONS = Path(__file__).with_name("search_questions.yaml")


def load_questions() -> list[dict]:
    return yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["queries"]


@dataclass(frozen=True)
class Miss:
    query: str
    rank: int | None  # where the first relevant result came, or None (not in the first ten)
    top3: tuple[str, ...]


@dataclass
class Scores:
    questions: int = 0
    at1: int = 0
    at3: int = 0
    zero: int = 0
    reciprocal: float = 0.0
    misses: list[Miss] = field(default_factory=list)

    @property
    def success_at_1(self) -> float:
        return self.at1 / self.questions

    @property
    def success_at_3(self) -> float:
        return self.at3 / self.questions

    @property
    def mrr_at_10(self) -> float:
        return self.reciprocal / self.questions

    @property
    def zero_rate(self) -> float:
        return self.zero / self.questions


def target_urls(target: str, language: str) -> set[str]:
    """The addresses of a judged target ("page:<key>", "term:<key>", "role:…", "rule:…")."""
    from portal.models import ContentRecord
    from search.models import SearchDocument

    kind, key = target.split(":", 1)
    records = ContentRecord.objects.filter(key=key, language=language)
    if kind == "page":
        return {r.page.url for r in records if r.page_id}
    model = {"term": "Term", "role": "RoleProfile", "rule": "Rule"}[kind]
    records = ContentRecord.objects.filter(key=f"guidance.{model}:{key}")
    in_language = [r for r in records if r.language in (language, "")] or list(records)
    keys = [f"{kind}:{r.object_id}" for r in in_language]
    return set(SearchDocument.objects.filter(key__in=keys).values_list("url", flat=True))


def judged_questions_scores(questions: list[dict]) -> Scores:
    from search.selectors import SearchRequest, search_run

    scores = Scores(questions=len(questions))
    for question in questions:
        language = question.get("lang", "sv")
        wanted = set().union(*(target_urls(t, language) for t in question["relevant"]))
        outcome = search_run(SearchRequest(query=question["q"], language=language))
        urls = [hit.url for hit in outcome.hits]
        rank = next((i + 1 for i, url in enumerate(urls) if url in wanted), None)
        scores.zero += outcome.total == 0
        scores.at1 += rank == 1
        scores.at3 += rank is not None and rank <= 3
        scores.reciprocal += 1 / rank if rank else 0
        if rank is None or rank > 3:
            top3 = tuple(hit.title for hit in outcome.hits[:3])
            scores.misses.append(Miss(question["q"], rank, top3))
    return scores
