"""Search quality: the judged questions in bench/search_questions.yaml, asked through the same
code as the search page and the API. Prints success@1, success@3, MRR@10 and the zero-result rate.

    .venv/bin/python bench/search_quality.py                 # SQLite (a throwaway file)
    DATABASE_URL=postgres://… .venv/bin/python bench/search_quality.py
    bench/on-both-databases.sh bench/search_quality.py       # both, one after the other
    .venv/bin/python bench/search_quality.py --opensearch    # on a throwaway OpenSearch node
"""

import argparse
from pathlib import Path

import yaml
from setup_db import django_with_content, start_opensearch

QUESTIONS = Path(__file__).with_name("search_questions.yaml")


def target_urls(target: str, language: str) -> set[str]:
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true", help="show each failing question")
    parser.add_argument("--opensearch", action="store_true", help="search on a throwaway node")
    args = parser.parse_args()
    if args.opensearch:
        start_opensearch()
    vendor = django_with_content(name="quality")
    from search.selectors import SearchRequest, search_run

    questions = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["queries"]
    at1 = at3 = zero = 0
    reciprocal = 0.0
    for question in questions:
        language = question.get("lang", "sv")
        wanted = set().union(*(target_urls(t, language) for t in question["relevant"]))
        outcome = search_run(SearchRequest(query=question["q"], language=language))
        urls = [hit.url for hit in outcome.hits]
        rank = next((i + 1 for i, url in enumerate(urls) if url in wanted), None)
        zero += outcome.total == 0
        at1 += rank == 1
        at3 += rank is not None and rank <= 3
        reciprocal += 1 / rank if rank else 0
        if args.verbose and (rank is None or rank > 3):
            print(f"  miss ({rank}): {question['q']!r} -> {[h.title for h in outcome.hits[:3]]}")
    n = len(questions)
    print(f"database      {vendor}")
    print(f"questions     {n}")
    print(f"success@1     {at1 / n:.3f}")
    print(f"success@3     {at3 / n:.3f}")
    print(f"MRR@10        {reciprocal / n:.3f}")
    print(f"zero results  {zero / n:.3f} ({zero} of {n})")


if __name__ == "__main__":
    main()
