"""Search latency: p50/p95 of GET /api/search/ over the real content plus a generated corpus
(10 000 pages by default), on SQLite or on PostgreSQL (DATABASE_URL).

    .venv/bin/python bench/search_latency.py [--pages 10000] [--rounds 3]
    bench/on-both-databases.sh bench/search_latency.py
    .venv/bin/python bench/search_latency.py --opensearch    # on a throwaway OpenSearch node

The generated pages are guidance pages whose text is drawn from the real pages' words, so the
vocabulary and the word frequencies look like the portal's own. Requests go through Django's
test client (the whole view and middleware stack, without a network in between).
"""

import argparse
import datetime
import random
import statistics
import time
from pathlib import Path

import yaml
from setup_db import django_with_content, start_opensearch

QUESTIONS = Path(__file__).with_name("search_questions.yaml")
TODAY = datetime.date(2026, 12, 1)
NEXT_YEAR = datetime.date(2027, 12, 1)


def generate(count: int) -> None:
    from django.db import transaction
    from wagtail.models import Page

    from guidance.models import GuidancePage
    from search.models import SearchDocument
    from search.services import search_documents_rebuild

    if GuidancePage.objects.filter(slug="genererat").exists():
        print("# reusing the generated pages already in the database")
        return
    random.seed(4711)
    words = " ".join(
        SearchDocument.objects.filter(language="sv").values_list("body", flat=True)
    ).split()
    home = Page.objects.get(depth=2, locale__language_code="sv")
    started = time.perf_counter()
    with transaction.atomic():
        section = home.add_child(
            instance=GuidancePage(
                title="Genererat innehåll",
                slug="genererat",
                audience="ombud",
                body=[],
                content_owner="Bench",
                last_reviewed=TODAY,
                next_review=NEXT_YEAR,
                live=True,
            )
        )
        for n in range(count):
            text = " ".join(random.choices(words, k=250))
            section.add_child(
                instance=GuidancePage(
                    title=" ".join(random.choices(words, k=4)) + f" {n}",
                    slug=f"sida-{n}",
                    summary=" ".join(random.choices(words, k=25)),
                    audience=random.choice(["stod", "ombud", "lansstyrelse"]),
                    content_owner="Bench",
                    last_reviewed=TODAY,
                    next_review=NEXT_YEAR,
                    body=[("text", {"text": f"<p>{text}</p>", "citations": []})],
                    live=True,
                )
            )
            section.refresh_from_db(fields=["numchild", "path"])
    print(f"# generated {count} pages in {time.perf_counter() - started:.0f} s")
    started = time.perf_counter()
    search_documents_rebuild()
    print(
        f"# indexed {SearchDocument.objects.count()} documents in "
        f"{time.perf_counter() - started:.0f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the SQLite file of an earlier run"
    )
    parser.add_argument("--opensearch", action="store_true", help="search on a throwaway node")
    args = parser.parse_args()
    if args.opensearch:
        start_opensearch()
    vendor = django_with_content(name="latency", fresh=not args.reuse)
    generate(args.pages)

    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    queries = [q["q"] for q in yaml.safe_load(QUESTIONS.read_text("utf-8"))["queries"]]
    started = time.perf_counter()
    client.get("/api/search/", {"q": "ombud"})  # builds the word lists once
    print(f"# first search (word lists built) {time.perf_counter() - started:.1f} s")
    timings = []
    for _round in range(args.rounds):
        for query in queries:
            started = time.perf_counter()
            response = client.get("/api/search/", {"q": query})
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{query!r} answered {response.status_code}")
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"database   {vendor}")
    print(f"documents  {args.pages} generated pages + the content pack")
    print(f"requests   {len(timings)}")
    print(f"p50        {statistics.median(timings):.1f} ms")
    print(f"p95        {p95:.1f} ms")
    print(f"max        {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
