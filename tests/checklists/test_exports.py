"""Exports of assessments: the printable PDF and the CSV files for Excel."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from checklists import services
from checklists.access import Access
from checklists.choices import AnswerStatus
from checklists.exports import (
    assessment_csv,
    assessment_pdf,
    county_summary_csv,
    export_filename,
)
from checklists.models import Assessment, ChecklistVersion, County, Programme
from checklists.selectors import assessment_document, county_summary
from checklists.services import AnswerInput
from tests.factories.checklists import (
    ChecklistPageFactory,
    ProgrammeFactory,
    checklist_areas,
    publish,
)
from tests.factories.guidance import GuidancePageFactory, RuleFactory

GENERATED_AT = timezone.make_aware(datetime.datetime(2026, 12, 3, 14, 30))
SWEDISH_COMMENT = (
    "Ledningsgruppen träffas två gånger per år; “protokoll” saknas för våren – Åsa vet…"
)
GUIDANCE_HTML = (
    "<p>Titta på <b>protokollen</b> &amp; besluten.</p>"
    "<ul><li>Ledningsgruppens sammansättning</li><li>Handlingsplan</li></ul>"
    "<ol><li>Begär underlaget</li></ol>"
    "<script>alert('guidance')</script>"
)
ANSWERS = {
    "punkt-1-1": AnswerInput(AnswerStatus.MET, SWEDISH_COMMENT, "Protokoll 2026-03-01"),
    "punkt-1-2": AnswerInput(AnswerStatus.PARTLY, "Handlingsplanen är inte antagen."),
    "punkt-2-1": AnswerInput(AnswerStatus.NOT_MET, "Ingen rapport om systembrister."),
    "punkt-2-2": AnswerInput(AnswerStatus.NOT_APPLICABLE),
}


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user(
        "granskare", "g@example.invalid", "x", first_name="Greta", last_name="Granskare"
    )


def make_version(parent, *, areas: int = 2, items_per_area: int = 3) -> ChecklistVersion:
    """Version 1 of a checklist; its first item's guidance has lists and a script tag."""
    rule = RuleFactory(text="Ombuden ska ha en ledningsgrupp.")
    stream = checklist_areas(rules=[rule], areas=areas, items_per_area=items_per_area)
    stream[0][1]["items"][0]["guidance"] = GUIDANCE_HTML
    page = publish(ChecklistPageFactory(parent=GuidancePageFactory(parent=parent), areas=stream))
    return ChecklistVersion.objects.get(checklist=page)


@pytest.fixture
def checklist_version(home) -> ChecklistVersion:
    return make_version(home)


def assess(*, user, version, answers, name="PO Verksamhet", county="AB", complete=False):
    programme = ProgrammeFactory(name=name, county=County.objects.get(code=county))
    assessment = services.assessment_start(
        user=user, programme=programme, year=2026, version=version
    )
    assessment = services.assessment_save_answers(
        user=user, assessment=assessment, lock_version=assessment.lock_version, answers=answers
    )
    if complete:
        assessment = services.assessment_complete(
            user=user, assessment=assessment, lock_version=assessment.lock_version
        )
    return assessment


def pdf_of(assessment) -> tuple[PdfReader, list[str]]:
    data = assessment_pdf(
        document=assessment_document(assessment=assessment), generated_at=GENERATED_AT
    )
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


def flat(pages: list[str]) -> str:
    """The text without line breaks, so that phrases that wrapped read as written."""
    return " ".join(" ".join(pages).split())


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_of_a_draft_has_answers_checklist_text_follow_up_signatures_and_draft_mark(
    user, checklist_version
):
    assessment = assess(user=user, version=checklist_version, answers=ANSWERS)

    _reader, pages = pdf_of(assessment)
    text = flat(pages)

    assert "Bedömning: PO Verksamhet 2026" in text
    assert "Län Stockholms län" in text and "Driftform Kommunal verksamhet" in text
    assert "Tillsyn och uppföljning, version 1, publicerad" in text
    assert "Status Utkast" in text
    assert "Utskriven 2026-12-03 14:30" in text
    for number in ("1.1", "1.3", "2.3"):
        assert f"{number} Fråga {number}: finns en ledningsgrupp?" in text
    for label in ("Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Ej bedömt", "Ej tillämpligt"):
        assert f"Bedömning: {label}" in text
    assert SWEDISH_COMMENT in text
    assert "Protokoll 2026-03-01" in text
    # The checklist's own text: guidance as plain paragraphs and bullets, rules, sources.
    assert "Titta på protokollen & besluten." in text
    assert "• Ledningsgruppens sammansättning • Handlingsplan 1. Begär underlaget" in text
    assert "alert" not in text
    assert "(ska): Ombuden ska ha en ledningsgrupp." in text
    assert ", 2011, Bilaga 2" in text
    follow_up = text.split("Punkter att följa upp", 1)[1].split("1 Område 1", 1)[0]
    assert re.findall(r"(\d\.\d) Fråga", follow_up) == ["1.2", "2.1"]
    for label in ("Bedömningen gjord av", "Datum", "Underskrift", "Namnförtydligande"):
        assert len(re.findall(rf"^ *{label} *$", pages[-1], re.MULTILINE)) == 2  # two people sign
    assert all("UTKAST – inte klarmarkerad" in page for page in pages)
    assert f"Sida {len(pages)} av {len(pages)}" in pages[-1]


def test_pdf_of_a_completed_assessment_says_when_and_by_whom_and_has_no_draft_mark(
    user, checklist_version
):
    assessment = assess(user=user, version=checklist_version, answers=ANSWERS, complete=True)

    _reader, pages = pdf_of(assessment)
    text = flat(pages)

    completed = timezone.localdate(assessment.completed_at).isoformat()
    assert f"Status Klar, klarmarkerad {completed} av Greta Granskare" in text
    assert "UTKAST" not in text
    assert "Namnförtydligande" in pages[-1]


def test_pdf_has_metadata_language_a4_pages_and_only_embedded_fonts(user, checklist_version):
    assessment = assess(user=user, version=checklist_version, answers=ANSWERS)

    reader, _pages = pdf_of(assessment)

    assert reader.metadata.title == "Bedömning: PO Verksamhet 2026"
    assert reader.metadata.author == "PO-portalen"
    assert "Tillsyn och uppföljning, version 1" in reader.metadata.subject
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    width, height = (float(value) for value in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)
    fonts = {
        font.get_object()["/BaseFont"]: font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts
    for name, font in fonts.items():
        assert "Vera" in name, name  # no standard font that the reader would substitute
        assert "/FontFile2" in font["/FontDescriptor"], name


def test_pdf_prints_markup_like_text_as_written_and_wraps_very_long_words(user, checklist_version):
    long_word = "Q" * 3000
    comment = (
        '<script>alert("x")</script> & <b>fet</b> <para> ]]> &amp; &#60; '
        "kontroll\x07tecken \x0cslut → pil ✓ klart 😀 noll\u200bbredd\n\n" + long_word
    )
    assessment = assess(
        user=user,
        version=checklist_version,
        answers={"punkt-1-1": AnswerInput(AnswerStatus.PARTLY, comment, "<img src=x onerror=1>")},
        name="PO <Nord> & Syd",
    )

    reader, pages = pdf_of(assessment)
    text = flat(pages)

    assert '<script>alert("x")</script> & <b>fet</b> <para> ]]> &amp; &#60;' in text
    assert "kontrolltecken slut -> pil v klart ? nollbredd" in text
    assert "<img src=x onerror=1>" in text
    assert "Bedömning: PO <Nord> & Syd 2026" in text
    assert reader.metadata.title == "Bedömning: PO <Nord> & Syd 2026"
    raw = "\n".join(pages)
    assert raw.count("Q") == len(long_word)  # all of it, split over lines that fit the page
    assert max(len(run) for run in re.findall(r"Q+", raw)) < 120


def test_pdf_of_60_items_with_4000_character_comments_runs_over_many_numbered_pages(user, home):
    version = make_version(home, areas=6, items_per_area=10)
    comment = ("Verksamheten redovisar åtgärder för målgruppen och samverkan. " * 70)[:4000]
    statuses = list(AnswerStatus)
    answers = {
        key: AnswerInput(statuses[index % len(statuses)], comment, "Årsrapport, protokoll")
        for index, key in enumerate(version.item_keys())
    }
    assessment = assess(user=user, version=version, answers=answers)
    assert len(assessment_document(assessment=assessment).items()) == 60

    _reader, pages = pdf_of(assessment)
    text = flat(pages)

    assert len(pages) > 20
    assert "6.10 Fråga 6.10: finns en ledningsgrupp?" in text
    assert text.count("Bedömning: Delvis uppfyllt") == 12
    assert all(f"Sida {n} av {len(pages)}" in page for n, page in enumerate(pages, start=1))
    assert all("UTKAST – inte klarmarkerad" in page for page in pages)


# --- CSV -------------------------------------------------------------------------------------


def parse_csv(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_assessment_csv_is_excel_friendly_with_one_row_per_item(user, checklist_version):
    answers = {
        **ANSWERS,
        "punkt-1-3": AnswerInput(AnswerStatus.MET, 'Rad ett;\nrad två med "citat"', "Avtal"),
    }
    assessment = assess(user=user, version=checklist_version, answers=answers)

    text = assessment_csv(document=assessment_document(assessment=assessment))
    rows = parse_csv(text)

    assert text.encode().startswith(b"\xef\xbb\xbf")
    header, _rest = text.split("\r\n", 1)
    assert header == "\ufeffOmråde;Punkt;Nyckel;Fråga;Bedömning;Kommentar;Underlag"
    assert text.endswith("\r\n")
    assert len(rows) == 1 + 6
    assert rows[1] == [
        "1 Område 1",
        "1.1",
        "punkt-1-1",
        "Fråga 1.1: finns en ledningsgrupp?",
        "Uppfyllt",
        SWEDISH_COMMENT,
        "Protokoll 2026-03-01",
    ]
    assert rows[3][4:] == ["Uppfyllt", 'Rad ett;\nrad två med "citat"', "Avtal"]
    assert [row[4] for row in rows[4:]] == ["Ej uppfyllt", "Ej tillämpligt", "Ej bedömt"]


@pytest.mark.parametrize(
    ("written", "exported"),
    [
        ('=HYPERLINK("http://example.invalid";"x")', '\'=HYPERLINK("http://example.invalid";"x")'),
        ("+46 8 123 45", "'+46 8 123 45"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\n=1+1"),
        ("  =1+1", "'  =1+1"),
        ("Kostnad: =5", "Kostnad: =5"),
    ],
)
def test_csv_cells_that_would_be_formulas_get_a_leading_apostrophe(
    user, checklist_version, written, exported
):
    assessment = assess(user=user, version=checklist_version, answers={})
    document = assessment_document(assessment=assessment)
    # Set in memory: the service strips leading whitespace, other writers might not.
    document.items()[0].answer.comment = written
    document.items()[0].answer.evidence = written

    rows = parse_csv(assessment_csv(document=document))

    assert rows[1][5:] == [exported, exported]


def test_county_csv_has_a_row_per_assessment_with_counts_that_match_the_answers(
    user, checklist_version
):
    stockholm = County.objects.get(code="AB")
    assess(user=user, version=checklist_version, answers=ANSWERS, name="PO Norr", complete=True)
    assess(
        user=user,
        version=checklist_version,
        answers={"punkt-2-3": AnswerInput(AnswerStatus.PARTLY, "=kommentar")},
        name="PO Söder",
    )
    assess(user=user, version=checklist_version, answers={}, name="PO Skåne", county="M")

    rows = county_summary(access=Access(county_id=stockholm.pk, reads_all=False), county=stockholm)
    table = parse_csv(county_summary_csv(rows=rows))

    assert table[0] == [
        "Län",
        "Verksamhet",
        "År",
        "Status",
        "Checklistversion",
        "Uppfyllt",
        "Delvis uppfyllt",
        "Ej uppfyllt",
        "Ej bedömt",
        "Ej tillämpligt",
        "Att följa upp",
        "Klar datum",
    ]
    by_name = {row[1]: row for row in table[1:]}
    assert set(by_name) == {"PO Norr", "PO Söder"}
    version_text = "Tillsyn och uppföljning, version 1"
    assert by_name["PO Norr"] == [
        "Stockholms län",
        "PO Norr",
        "2026",
        "Klar",
        version_text,
        "1",
        "1",
        "1",
        "2",
        "1",
        "1.2, 2.1",
        timezone.localdate().isoformat(),
    ]
    assert by_name["PO Söder"][3:] == ["Utkast", version_text, "0", "1", "0", "5", "0", "2.3", ""]


def test_export_filename_is_an_ascii_slug_and_refuses_odd_extensions():
    assessment = Assessment(programme=Programme(name="PO Skåne Nordväst & Œresund ß"), year=2026)

    assert export_filename(assessment, "pdf") == "bedomning-po-skane-nordvast-oeresund-ss-2026.pdf"
    assessment.programme.name = "PO Verksamhet"
    assert export_filename(assessment, "csv") == "bedomning-po-verksamhet-2026.csv"
    assessment.programme.name = "ПО"
    assert export_filename(assessment, "csv") == "bedomning-2026.csv"
    with pytest.raises(ValueError):
        export_filename(assessment, "pdf\r\nX-Header: 1")
