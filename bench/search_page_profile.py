"""Search page timing: every question in bench/search_questions.yaml rendered as the whole
search page (view, middleware, template) through Django's test client, page cache off. Prints
the median of five requests per question after a warm-up, in milliseconds, and with --profile
the cProfile of the slowest questions.

    .venv/bin/python bench/search_page_profile.py [--reuse] [--profile 3] [--save out.json]
    .ci/with-postgres .venv/bin/python bench/search_page_profile.py

--save writes each page's HTML (CSRF tokens masked) so that two runs can be compared with
--compare: the same hits in the same order, the same highlighting, the same suggestions.
"""

import argparse
import cProfile
import json
import pstats
import re
import statistics
import time
from pathlib import Path

import yaml
from setup_db import django_with_content

QUESTIONS = Path(__file__).with_name("search_questions.yaml")
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"|(csrftoken=)[^;"]*')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="keep the SQLite file of a run")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", type=int, default=0, help="profile the N slowest")
    parser.add_argument("--save", help="write each page's HTML to this JSON file")
    parser.add_argument("--compare", help="compare the pages with this JSON file")
    args = parser.parse_args()
    vendor = django_with_content(name="search-page", fresh=not args.reuse)

    from django.conf import settings
    from django.test import Client

    settings.PORTAL_PAGE_CACHE = False
    client = Client(HTTP_HOST="127.0.0.1")
    questions = yaml.safe_load(QUESTIONS.read_text("utf-8"))["queries"]

    def get(question: dict):
        language = question.get("lang", "sv")
        path = "/sv/sok/" if language == "sv" else "/en/search/"
        response = client.get(path, {"q": question["q"]})
        if response.status_code != 200:
            raise SystemExit(f"{question['q']!r} answered {response.status_code}")
        return response

    for question in questions:  # warm-up: word lists, templates, connections
        get(question)
    pages, timings = {}, {}
    for question in questions:
        samples = []
        for _round in range(args.rounds):
            started = time.perf_counter()
            response = get(question)
            samples.append((time.perf_counter() - started) * 1000)
        timings[question["q"]] = statistics.median(samples)
        pages[question["q"]] = CSRF.sub(r"\1\2", response.content.decode())

    print(f"database {vendor}")
    for query, ms in timings.items():
        print(f"{ms:7.1f} ms  {query}")
    values = sorted(timings.values())
    print(f"median {statistics.median(values):.1f} ms  max {values[-1]:.1f} ms")
    print(f"over 30 ms: {sum(v > 30 for v in values)}  over 40 ms: {sum(v > 40 for v in values)}")

    if args.save:
        Path(args.save).write_text(
            json.dumps({"timings": timings, "pages": pages}, ensure_ascii=False), "utf-8"
        )
    if args.compare:
        before = json.loads(Path(args.compare).read_text("utf-8"))["pages"]
        differ = [q for q in pages if before.get(q) != pages[q]]
        print(f"pages differing from {args.compare}: {len(differ)}")
        for query in differ:
            print(f"  differs: {query!r}")

    slowest = sorted(questions, key=lambda q: -timings[q["q"]])[: args.profile]
    for question in slowest:
        profile = cProfile.Profile()
        profile.enable()
        for _round in range(3):
            get(question)
        profile.disable()
        print(f"\n### {question['q']!r} ({timings[question['q']]:.1f} ms)")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
