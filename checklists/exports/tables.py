"""CSV exports that Swedish Excel opens as they are, and the download file names."""

import re

from django.utils import translation
from django.utils.text import slugify

from checklists.choices import AnswerStatus
from checklists.exports.facts import date_text
from checklists.models import Assessment
from checklists.selectors import AssessmentDocument
from portal.spreadsheets import spreadsheet_csv


def assessment_csv(*, document: AssessmentDocument) -> str:
    """One row per checklist item: its area, number, key, question, status, comment, evidence."""
    with translation.override("sv"):
        rows = [
            [
                f"{area.area['number']} {area.area['title']}",
                item.item["number"],
                item.key,
                item.item["question"],
                str(item.status_label),
                item.answer.comment if item.answer else "",
                item.answer.evidence if item.answer else "",
            ]
            for area in document.areas
            for item in area.items
        ]
        return spreadsheet_csv(
            ["Område", "Punkt", "Nyckel", "Fråga", "Bedömning", "Kommentar", "Underlag"], rows
        )


def county_summary_csv(*, rows: list[dict]) -> str:
    """One row per assessment (`selectors.county_summary` rows): counts, items to follow up."""
    with translation.override("sv"):
        header = [
            "Län",
            "Verksamhet",
            "År",
            "Status",
            "Checklistversion",
            *(str(status.label) for status in AnswerStatus),
            "Att följa upp",
            "Klar datum",
        ]
        lines = []
        for row in rows:
            assessment, document = row["assessment"], row["document"]
            lines.append(
                [
                    assessment.programme.county.name,
                    assessment.programme.name,
                    assessment.year,
                    str(assessment.get_state_display()),
                    str(assessment.checklist_version),
                    *(document.counts[status.value] for status in AnswerStatus),
                    ", ".join(item.item["number"] for item in document.follow_up),
                    date_text(assessment.completed_at),
                ]
            )
        return spreadsheet_csv(header, lines)


# ---------------------------------------------------------------------------------------------
# File names

# Letters that Unicode does not decompose into a base letter, so slugify would drop them.
TRANSLITERATIONS = str.maketrans(
    {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)


def export_filename(assessment: Assessment, ext: str) -> str:
    """An ASCII download name such as 'bedomning-po-verksamhet-2026.pdf'."""
    if not re.fullmatch(r"[a-z0-9]{1,8}", ext):
        raise ValueError(f"Unexpected file extension: {ext!r}")
    slug = slugify(assessment.programme.name.lower().translate(TRANSLITERATIONS))[:60].strip("-")
    stem = "-".join(part for part in ("bedomning", slug, str(assessment.year)) if part)
    return f"{stem}.{ext}"
