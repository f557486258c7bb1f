"""Search quality: the judged questions in bench/search_questions.yaml, asked through the same
code as the search page and the API. Prints success@1, success@3, MRR@10 and the zero-result rate.

    .venv/bin/python bench/search_quality.py                 # SQLite (a throwaway file)
    DATABASE_URL=postgres://… .venv/bin/python bench/search_quality.py
    bench/on-both-databases.sh bench/search_quality.py       # both, one after the other
    .venv/bin/python bench/search_quality.py --opensearch    # on a throwaway OpenSearch node
"""

import argparse

from quality_scores import judged_questions_scores, load_questions
from setup_db import django_with_content, start_opensearch


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--verbose", action="store_true", help="show each failing question")
    parser.add_argument("--opensearch", action="store_true", help="search on a throwaway node")
    args = parser.parse_args()
    if args.opensearch:
        start_opensearch()
    vendor = django_with_content(name="quality")
    scores = judged_questions_scores(load_questions())
    if args.verbose:
        for miss in scores.misses:
            print(f"  miss ({miss.rank}): {miss.query!r} -> {list(miss.top3)}")
    print(f"database      {vendor}")
    print(f"questions     {scores.questions}")
    print(f"success@1     {scores.success_at_1:.3f}")
    print(f"success@3     {scores.success_at_3:.3f}")
    print(f"MRR@10        {scores.mrr_at_10:.3f}")
    print(f"zero results  {scores.zero_rate:.3f} ({scores.zero} of {scores.questions})")


if __name__ == "__main__":
    main()
