"""What a change of privacy costs an editor on the real content: making each top-level section
private (a login restriction) and public again, as the admin's privacy dialogue does, with every
subscriber of portal.privacy (page cache, search documents) running in the same request.

    .venv/bin/python bench/privacy_change.py [--rounds 3]
    bench/on-both-databases.sh bench/privacy_change.py

Prints, per section: its pages, the search documents that changed, and the milliseconds for
making it private and public again (median of the rounds).
"""

import argparse
import statistics
import time

from setup_db import django_with_content


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    django_with_content(name="privacy")

    from wagtail.models import Page, PageViewRestriction

    from search.models import SearchDocument

    sections = list(Page.objects.filter(depth=3, locale__language_code="sv").live())
    print(f"{'section':44} {'pages':>5} {'docs':>5} {'private ms':>11} {'public ms':>10}")
    for section in sections:
        private_ms, public_ms = [], []
        before = SearchDocument.objects.count()
        removed = 0
        for _ in range(arguments.rounds):
            started = time.perf_counter()
            restriction = PageViewRestriction.objects.create(page=section, restriction_type="login")
            private_ms.append((time.perf_counter() - started) * 1000)
            removed = before - SearchDocument.objects.count()
            started = time.perf_counter()
            restriction.delete()
            public_ms.append((time.perf_counter() - started) * 1000)
        assert SearchDocument.objects.count() == before, "making it public again lost documents"
        pages = Page.objects.descendant_of(section, inclusive=True).count()
        print(
            f"{section.title[:44]:44} {pages:5d} {removed:5d} "
            f"{statistics.median(private_ms):11.0f} {statistics.median(public_ms):10.0f}"
        )


if __name__ == "__main__":
    main()
