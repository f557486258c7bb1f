"""Page weight: what a first visit to every page in the sitemap (and the search page) transfers,
gzipped, with the real content loaded into a throwaway database (SQLite, or DATABASE_URL).

    .venv/bin/python bench/page_weight.py [--reuse]

Counts the HTML and every stylesheet, script and font the page loads (images left out), each
gzipped at level 6 and each asset once per page, as on a visit with an empty browser cache.
Exits 1 if a page reaches the budget (150 KB), a page does not answer 200, a linked
static file is missing, or a page needs JavaScript (see portal/weight.py).
"""

import argparse
import sys

from setup_db import django_with_content


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="keep the database from the last run")
    args = parser.parse_args()
    django_with_content(name="page-weight", fresh=not args.reuse)
    from django.test import Client

    from portal.weight import BUDGET, measure_public_pages

    pages = measure_public_pages(Client(HTTP_HOST="127.0.0.1"))
    width = max(len(page.url) for page in pages)
    print(f"{'url':<{width}}  status  html gz  assets gz   total")
    for page in pages:
        print(
            f"{page.url:<{width}}  {page.status:>6}  {page.html:>7}  {sum(page.assets.values()):>9}"
            f"  {page.total:>6}"
        )
    heaviest = max(pages, key=lambda page: page.total)
    print(
        f"# {len(pages)} pages; heaviest {heaviest.url}: {heaviest.total} bytes "
        f"({heaviest.total / 1024:.1f} KB of {BUDGET // 1024} KB; "
        f"assets: {', '.join(heaviest.assets) or 'none'})"
    )
    failures = [
        *(f"{p.url}: answered {p.status}" for p in pages if p.status != 200),
        *(f"{p.url}: {p.total} bytes, budget {BUDGET}" for p in pages if p.total >= BUDGET),
        *(f"{p.url}: missing static file {a}" for p in pages for a in p.missing),
        *(f"{p.url}: {problem}" for p in pages for problem in p.problems),
    ]
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
