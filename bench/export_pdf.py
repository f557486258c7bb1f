"""PDF export: the time (median of 5 runs) and the peak Python memory (tracemalloc) to export an
assessment of 60 items, each with a 4000-character comment, on the real content pack.

    .venv/bin/python bench/export_pdf.py [--areas 6] [--items-per-area 10] [--runs 5] [--save PATH]

The checklist is generated under a real guidance page, with the content pack's rules and
sources, and its text and the comments are drawn from the portal's own words.
"""

import argparse
import datetime
import io
import random
import statistics
import time
import tracemalloc

from pypdf import PdfReader
from setup_db import django_with_content

COMMENT_LENGTH = 4000  # checklists.models.COMMENT_MAX
TODAY = datetime.date(2026, 12, 1)


def words_of_the_portal() -> list[str]:
    from search.models import SearchDocument

    return " ".join(
        SearchDocument.objects.filter(language="sv").values_list("body", flat=True)
    ).split()


def text(words: list[str], length: int) -> str:
    chosen, size = [], 0
    while size < length:
        word = random.choice(words)
        chosen.append(word)
        size += len(word) + 1
    return " ".join(chosen)[:length].rstrip()


def checklist_version(*, areas: int, items_per_area: int, words: list[str]):
    from checklists.models import ChecklistPage, ChecklistVersion
    from guidance.models import GuidancePage, Rule, Source

    parent = GuidancePage.objects.filter(audience="lansstyrelse").first()
    rules = list(Rule.objects.order_by("key")[:3])
    sources = list(Source.objects.order_by("key")[:2])
    stream = [
        (
            "area",
            {
                "key": f"omrade-{a}",
                "title": text(words, 40).capitalize(),
                "intro": f"<p>{text(words, 300)}</p>",
                "items": [
                    {
                        "key": f"punkt-{a}-{i}",
                        "question": text(words, 140).capitalize() + "?",
                        "guidance": (
                            f"<p>{text(words, 500)}</p><ul><li>{text(words, 80)}</li>"
                            f"<li>{text(words, 80)}</li></ul><p>{text(words, 300)}</p>"
                        ),
                        "evidence": text(words, 120),
                        "rules": rules,
                        "citations": [
                            {"source": source, "locator": text(words, 40)} for source in sources
                        ],
                    }
                    for i in range(1, items_per_area + 1)
                ],
            },
        )
        for a in range(1, areas + 1)
    ]
    page = parent.add_child(
        instance=ChecklistPage(
            title="Tillsyn av verksamhet med personligt ombud",
            slug="tillsyn-bench",
            summary=text(words, 200),
            audience="lansstyrelse",
            content_owner="Bench",
            last_reviewed=TODAY,
            next_review=TODAY + datetime.timedelta(days=365),
            intro=f"<p>{text(words, 400)}</p>",
            areas=stream,
        )
    )
    page.save_revision().publish()  # the page_published signal freezes version 1
    return ChecklistVersion.objects.get(checklist=page)


def assessment(*, version, words: list[str]):
    from django.contrib.auth import get_user_model

    from checklists.choices import AnswerStatus
    from checklists.models import County, Programme
    from checklists.services import AnswerInput, assessment_save_answers, assessment_start

    user = get_user_model().objects.create_user("bench", first_name="Bo", last_name="Bänk")
    programme = Programme.objects.create(
        name="Personligt ombud Skåne Nordväst",
        county=County.objects.get(code="M"),
        operation_form="samverkan",
        employer="Helsingborgs stad",
    )
    draft = assessment_start(user=user, programme=programme, year=2026, version=version)
    statuses = list(AnswerStatus)
    answers = {
        key: AnswerInput(
            statuses[index % len(statuses)],
            text(words, COMMENT_LENGTH),
            text(words, 300),
        )
        for index, key in enumerate(version.item_keys())
    }
    return assessment_save_answers(
        user=user, assessment=draft, lock_version=draft.lock_version, answers=answers
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=6)
    parser.add_argument("--items-per-area", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--save", metavar="PATH", help="also write the PDF there, to look at")
    options = parser.parse_args()

    vendor = django_with_content(name="export-pdf")
    from django.utils import timezone

    from checklists.exports import assessment_csv, assessment_pdf
    from checklists.selectors import assessment_document

    random.seed(4711)
    words = words_of_the_portal()
    version = checklist_version(
        areas=options.areas, items_per_area=options.items_per_area, words=words
    )
    record = assessment(version=version, words=words)
    generated_at = timezone.now()

    started = time.perf_counter()
    document = assessment_document(assessment=record)
    read = time.perf_counter() - started
    items = document.items()
    characters = sum(len(item.answer.comment) for item in items)

    times, data = [], b""
    for _ in range(options.runs):
        started = time.perf_counter()
        data = assessment_pdf(document=document, generated_at=generated_at)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    assessment_pdf(document=document, generated_at=generated_at)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    started = time.perf_counter()
    assessment_csv(document=document)
    csv_time = time.perf_counter() - started

    pages = len(PdfReader(io.BytesIO(data)).pages)
    if options.save:
        with open(options.save, "wb") as out:
            out.write(data)
    print(f"# {vendor}: {len(items)} items, {characters} characters of comments")
    print(f"assessment_document: {read * 1000:.0f} ms")
    print(
        f"assessment_pdf: median {statistics.median(times):.2f} s of {options.runs} runs "
        f"({', '.join(f'{t:.2f}' for t in times)}); {pages} pages, {len(data) / 1024:.0f} KiB"
    )
    print(f"assessment_pdf peak memory (tracemalloc): {peak / 2**20:.1f} MiB")
    print(f"assessment_csv: {csv_time * 1000:.0f} ms")


if __name__ == "__main__":
    main()
