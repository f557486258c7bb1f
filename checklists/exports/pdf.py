"""The printable A4 PDF of an assessment: checklist text, answers and a signatures block.

The exports are documents of record in Swedish, like the checklist text they quote, so they are
produced in Swedish whatever language the request is in. All text, the editors' included, is
escaped before it reaches reportlab's paragraph markup, and every character the embedded fonts
cannot draw is replaced, never left to fail.
"""

import datetime
import io
import re
import unicodedata
from functools import lru_cache, partial
from html.parser import HTMLParser
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from django.utils import translation
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from checklists.exports.facts import local_time, state_text, title_text, version_text
from checklists.selectors import AssessmentDocument, ItemView

PRODUCER = "PO-portalen"
PAGE_HEADER = "PO-portalen – Tillsyn"
DRAFT_MARK = "UTKAST – inte klarmarkerad"

# Bitstream Vera, which reportlab ships: the DejaVu fonts grew out of it. It covers Swedish,
# typographic quotes, dashes and the ellipsis.
FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT = "PoPortalen-Vera"
BOLD = f"{FONT}-Bold"
ITALIC = f"{FONT}-Italic"
BOLD_ITALIC = f"{FONT}-BoldItalic"
FONT_FILES = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
TOP = 26 * mm  # room for the running header and the draft mark
BOTTOM = 20 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#404040")  # still dark enough for a photocopy
RULE = colors.HexColor("#8c8c8c")
DRAFT_INK = colors.HexColor("#9b1c1c")
WATERMARK = colors.HexColor("#e6e6e6")

# Characters the fonts lack but that have a readable stand-in.
SUBSTITUTES = {
    "\u00ad": "",  # soft hyphen: reportlab would print it
    "\u2010": "-",
    "\u2011": "-",
    "\u2190": "<-",
    "\u2192": "->",
    "\u21d2": "=>",
    "\u2713": "v",
    "\u2714": "v",
    "\u2717": "x",
    "\u2718": "x",
}
DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"}


# ---------------------------------------------------------------------------------------------
# Text


@lru_cache(maxsize=1)
def _fonts() -> frozenset[str]:
    """Register the fonts (once per process) and say which characters all four can draw."""
    covered = None
    for name, filename in FONT_FILES.items():
        font = TTFont(name, str(FONT_DIR / filename))
        pdfmetrics.registerFont(font)
        points = {chr(point) for point in font.face.charToGlyph}
        covered = points if covered is None else covered & points
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
    )
    return frozenset(covered - {"\u00ad"})


def _substitute(char: str, covered: frozenset[str]) -> str:
    if char in SUBSTITUTES:
        return SUBSTITUTES[char]
    category = unicodedata.category(char)
    if category in DROPPED_CATEGORIES:
        return ""
    if category.startswith("Z"):
        return " "
    # Letters with marks the fonts lack, ligatures, full-width forms: keep what the fonts have.
    base = "".join(part for part in unicodedata.normalize("NFKD", char) if part in covered)
    return base or "?"


def _plain(value) -> str:
    """Text the fonts can draw: line breaks normalised, controls dropped, missing glyphs swapped."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    covered = _fonts()
    missing = set(text) - covered - {"\n"}
    if missing:
        text = text.translate({ord(char): _substitute(char, covered) for char in missing})
    return text


def _markup(value) -> str:
    """Paragraph markup for any text: escaped, so '<', '&' and tags print as written."""
    return escape(_plain(value)).replace("\n", "<br/>")


def _line(value) -> str:
    return " ".join(_plain(value).split())


def _text_blocks(value) -> list[str]:
    """Free text as paragraphs: blank lines separate them, single line breaks are kept."""
    blocks = re.split(r"\n[ ]*\n", _plain(value).strip())
    return [escape(block.strip()).replace("\n", "<br/>") for block in blocks if block.strip()]


class _HtmlText(HTMLParser):
    """Rich text as plain blocks: (text, list depth, bullet). Tags are dropped, never rendered."""

    BLOCKS = frozenset(
        ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "pre")
    )
    SKIPPED = frozenset(("script", "style", "template", "head", "title"))

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, int, str]] = []
        self._parts: list[str] = []
        self._bullet = ""
        self._lists: list[int | None] = []  # None for a bulleted list, a counter for a numbered
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIPPED:
            self._skipping += 1
        elif tag == "br":
            self._parts.append("\n")
        elif tag in self.BLOCKS:
            self._flush()
            if tag == "ul":
                self._lists.append(None)
            elif tag == "ol":
                self._lists.append(0)
            elif tag == "li":
                if self._lists and self._lists[-1] is not None:
                    self._lists[-1] += 1
                    self._bullet = f"{self._lists[-1]}."
                else:
                    self._bullet = "•"

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self._flush()
            if tag in ("ul", "ol") and self._lists:
                self._lists.pop()

    def handle_data(self, data):
        if not self._skipping:
            self._parts.append(data)

    def close(self):
        super().close()
        self._flush()

    def _flush(self):
        lines = (" ".join(line.split()) for line in "".join(self._parts).split("\n"))
        text = "\n".join(line for line in lines if line)
        self._parts = []
        if text:
            depth = max(len(self._lists) - 1, 0) if self._bullet else len(self._lists)
            self.blocks.append((text, depth, self._bullet))
        self._bullet = ""


def _html_blocks(html: str) -> list[tuple[str, int, str]]:
    parser = _HtmlText()
    parser.feed(html or "")
    parser.close()
    return parser.blocks


# ---------------------------------------------------------------------------------------------
# PDF


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    _fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        bulletFontName=FONT,
        fontSize=10,
        bulletFontSize=10,
        leading=13.5,
        textColor=INK,
        splitLongWords=1,
    )
    support = ParagraphStyle(
        "support",
        parent=body,
        fontSize=9,
        bulletFontSize=9,
        leading=12,
        textColor=MUTED,
        leftIndent=5 * mm,
        spaceBefore=2,
    )
    lead = ParagraphStyle(
        "lead", parent=body, fontName=BOLD, fontSize=9, leading=12, spaceBefore=2 * mm
    )
    return {
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=18, leading=23, spaceAfter=4 * mm
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=BOLD,
            fontSize=14,
            leading=18,
            spaceBefore=6 * mm,
            spaceAfter=2 * mm,
            keepWithNext=1,
        ),
        "item": ParagraphStyle(
            "item",
            parent=body,
            fontName=BOLD,
            fontSize=11,
            leading=14.5,
            spaceBefore=4 * mm,
            spaceAfter=1 * mm,
            keepWithNext=1,
        ),
        "body": body,
        "lead": lead,
        "label": ParagraphStyle("label", parent=lead, keepWithNext=1),
        "meta": ParagraphStyle("meta", parent=body, fontName=BOLD, fontSize=9.5, leading=12.5),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5),
        "caption": ParagraphStyle(
            "caption", parent=body, fontSize=8.5, leading=11, textColor=MUTED
        ),
        "number": ParagraphStyle("number", parent=body, fontSize=9.5, alignment=TA_RIGHT),
        "support": support,
        "support_label": ParagraphStyle(
            "support_label",
            parent=support,
            fontName=BOLD,
            spaceBefore=1.5 * mm,
            keepWithNext=1,
        ),
        "bullet": ParagraphStyle(
            "bullet", parent=support, leftIndent=9 * mm, bulletIndent=5 * mm, spaceBefore=1
        ),
        "follow_up": ParagraphStyle(
            "follow_up", parent=body, leftIndent=5 * mm, bulletIndent=0, spaceAfter=1 * mm
        ),
    }


@lru_cache(maxsize=32)
def _indented(style: ParagraphStyle, depth: int) -> ParagraphStyle:
    """The style for text in a list nested `depth` lists deep."""
    if not depth:
        return style
    step = depth * 5 * mm
    return ParagraphStyle(
        f"{style.name}-{depth}",
        parent=style,
        leftIndent=style.leftIndent + step,
        bulletIndent=style.bulletIndent + step,
    )


class _NumberedCanvas(Canvas):
    """Writes 'Sida X av Y' on every page at save, once the number of pages is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))  # the page's drawing, kept until save()
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(FONT, 8)
            self.setFillColor(MUTED)
            self.drawRightString(PAGE_WIDTH - MARGIN, 10 * mm, f"Sida {number} av {total}")
            super().showPage()
        super().save()


def _fit(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _decorate(canvas: Canvas, doc, *, heading: str, printed: str, draft: bool) -> None:
    """Running header and footer; on a draft, the draft mark and a watermark under the text."""
    canvas.saveState()
    if draft:
        canvas.saveState()
        canvas.setFillColor(WATERMARK)
        canvas.setFont(BOLD, 90)
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(55)
        canvas.drawCentredString(0, -30, "UTKAST")
        canvas.restoreState()
    top = PAGE_HEIGHT - 12 * mm
    canvas.setFont(FONT, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, top, PAGE_HEADER)
    room = TEXT_WIDTH - pdfmetrics.stringWidth(PAGE_HEADER, FONT, 8) - 10 * mm
    canvas.drawRightString(PAGE_WIDTH - MARGIN, top, _fit(heading, FONT, 8, room))
    if draft:
        canvas.setFont(BOLD, 10)
        canvas.setFillColor(DRAFT_INK)
        canvas.drawString(MARGIN, top - 5.5 * mm, DRAFT_MARK)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, PAGE_HEIGHT - TOP + 3 * mm, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - TOP + 3 * mm)
    canvas.line(MARGIN, 14 * mm, PAGE_WIDTH - MARGIN, 14 * mm)
    canvas.setFont(FONT, 8)
    canvas.setFillColor(MUTED)
    canvas.drawString(MARGIN, 10 * mm, f"Utskriven {printed}")
    canvas.restoreState()


def _table(rows, widths, *, header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    commands = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # the default would pull in unembedded Helvetica
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
    ]
    if header:
        commands.append(("LINEBELOW", (0, 0), (-1, 0), 0.8, INK))
    table.setStyle(TableStyle(commands))
    return table


def _metadata(document: AssessmentDocument, generated_at: datetime.datetime) -> Table:
    styles = _styles()
    assessment = document.assessment
    programme = assessment.programme
    rows = [
        ("Län", programme.county.name),
        ("Verksamhet", programme.name),
        ("Driftform", programme.get_operation_form_display()),
        ("År", str(assessment.year)),
        ("Checklistversion", version_text(assessment)),
        ("Status", state_text(assessment)),
        ("Utskriven", f"{local_time(generated_at):%Y-%m-%d %H:%M}"),
    ]
    return _table(
        [
            [Paragraph(_markup(label), styles["meta"]), Paragraph(_markup(value), styles["cell"])]
            for label, value in rows
        ],
        [38 * mm, TEXT_WIDTH - 38 * mm],
    )


def _summary(document: AssessmentDocument) -> list:
    styles = _styles()
    head = [
        Paragraph("<b>Bedömning</b>", styles["cell"]),
        Paragraph("<b>Antal</b>", styles["number"]),
    ]
    rows = [
        [Paragraph(_markup(label), styles["cell"]), Paragraph(str(count), styles["number"])]
        for _value, label, count in document.status_counts
    ]
    total = sum(count for _value, _label, count in document.status_counts)
    rows.append(
        [Paragraph("<b>Totalt</b>", styles["cell"]), Paragraph(f"<b>{total}</b>", styles["number"])]
    )
    return [
        Paragraph("Sammanställning", styles["h2"]),
        _table([head, *rows], [60 * mm, 20 * mm], header=True),
    ]


def _follow_up(document: AssessmentDocument) -> list:
    styles = _styles()
    flowables = [Paragraph("Punkter att följa upp", styles["h2"])]
    items = document.follow_up
    if not items:
        flowables.append(
            Paragraph("Inga punkter är bedömda som delvis eller ej uppfyllda.", styles["body"])
        )
    for item in items:
        flowables.append(
            Paragraph(
                f"<b>{_markup(item.item['number'])}</b> {_markup(item.item['question'])} – "
                f"<b>{_markup(item.status_label)}</b>",
                styles["follow_up"],
                bulletText="•",
            )
        )
    return flowables


def _support(item: dict) -> list:
    """What the checklist says about the item: guidance, evidence to ask for, rules, sources."""
    styles = _styles()
    flowables = []
    guidance = _html_blocks(item.get("guidance", ""))
    if guidance:
        flowables.append(Paragraph("Bedömningsstöd", styles["support_label"]))
        for text, depth, bullet in guidance:
            style = _indented(styles["bullet" if bullet else "support"], depth)
            flowables.append(Paragraph(_markup(text), style, bulletText=bullet or None))
    if item.get("evidence"):
        flowables.append(Paragraph("Underlag att begära", styles["support_label"]))
        flowables.extend(
            Paragraph(block, styles["support"]) for block in _text_blocks(item["evidence"])
        )
    if item.get("rules"):
        flowables.append(Paragraph("Regler som punkten prövar", styles["support_label"]))
        for rule in item["rules"]:
            flowables.append(
                Paragraph(
                    f"<b>{_markup(rule['label'])}</b> ({_markup(rule['force'])}): "
                    f"{_markup(rule['text'])}",
                    styles["bullet"],
                    bulletText="•",
                )
            )
    if item.get("citations"):
        flowables.append(Paragraph("Källor", styles["support_label"]))
        for citation in item["citations"]:
            source = ", ".join(
                _markup(part)
                for part in (citation.get("source"), citation.get("year"), citation.get("locator"))
                if part
            )
            flowables.append(Paragraph(source, styles["bullet"], bulletText="•"))
    return flowables


def _item(item: ItemView) -> list:
    styles = _styles()
    answer = item.answer
    status = f"Bedömning: <b>{_markup(item.status_label)}</b>"
    if item.needs_follow_up:
        status += " – att följa upp"
    flowables = [
        CondPageBreak(45 * mm),  # room for the heading, the status and a few lines of comment
        Paragraph(
            f"{_markup(item.item['number'])} {_markup(item.item['question'])}", styles["item"]
        ),
        Paragraph(status, styles["body"]),
        # Not kept with the comment: a long one would leave the item's heading alone on its page.
        Paragraph("Kommentar", styles["lead"]),
    ]
    comment = _text_blocks(answer.comment if answer else "")
    flowables.extend(Paragraph(block, styles["body"]) for block in comment)
    if not comment:
        flowables.append(Paragraph("Ingen kommentar.", styles["body"]))
    evidence = _text_blocks(answer.evidence if answer else "")
    flowables.append(Paragraph("Underlag som har lämnats", styles["label"]))
    flowables.extend(Paragraph(block, styles["body"]) for block in evidence)
    if not evidence:
        flowables.append(Paragraph("Inget angivet.", styles["body"]))
    flowables.extend(_support(item.item))
    flowables.append(Spacer(1, 2 * mm))
    flowables.append(HRFlowable(width="100%", thickness=0.3, color=RULE, spaceAfter=1 * mm))
    return flowables


def _signatures() -> KeepTogether:
    """Lines for two people to write on: who did the assessment, date, signature, printed name."""
    styles = _styles()
    labels = ("Bedömningen gjord av", "Datum", "Underskrift", "Namnförtydligande")
    rows, heights = [], []
    for label in labels:
        caption = Paragraph(_markup(label), styles["caption"])
        rows += [["", "", ""], [caption, "", caption]]
        heights += [11 * mm, None]
    column = (TEXT_WIDTH - 10 * mm) / 2
    table = Table(rows, colWidths=[column, 10 * mm, column], rowHeights=heights, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                *(
                    ("LINEBELOW", (column_index, row), (column_index, row), 0.6, INK)
                    for row in range(0, len(rows), 2)
                    for column_index in (0, 2)
                ),
            ]
        )
    )
    return KeepTogether(
        [
            Paragraph("Underskrifter", styles["h2"]),
            Paragraph(
                "Bedömningen har gjorts av de personer som skriver under nedan.", styles["body"]
            ),
            table,
        ]
    )


def _story(document: AssessmentDocument, generated_at: datetime.datetime) -> list:
    styles = _styles()
    story = [
        Paragraph(_markup(title_text(document.assessment)), styles["title"]),
        _metadata(document, generated_at),
        *_summary(document),
        *_follow_up(document),
    ]
    for area in document.areas:
        story.append(
            Paragraph(f"{_markup(area.area['number'])} {_markup(area.area['title'])}", styles["h2"])
        )
        story.extend(
            Paragraph(_markup(text), styles["body"])
            for text, _depth, _bullet in _html_blocks(area.area.get("intro", ""))
        )
        for item in area.items:
            story.extend(_item(item))
    story.append(_signatures())
    return story


def assessment_pdf(*, document: AssessmentDocument, generated_at: datetime.datetime) -> bytes:
    """The assessment as a printable A4 PDF, with the checklist text it was judged against."""
    _fonts()
    assessment = document.assessment
    with translation.override("sv"):
        title = _line(title_text(assessment))
        story = _story(document, generated_at)
        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP,
            bottomMargin=BOTTOM,
            title=title,
            author=PRODUCER,
            creator=PRODUCER,
            subject=_line(f"Tillsynsbedömning enligt {version_text(assessment)}"),
            keywords=["tillsyn", "personligt ombud", _line(assessment.programme.county.name)],
            lang="sv",
            initialFontName=FONT,
        )
        frame = Frame(
            MARGIN,
            BOTTOM,
            TEXT_WIDTH,
            PAGE_HEIGHT - TOP - BOTTOM,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        decorate = partial(
            _decorate,
            heading=title,
            printed=f"{local_time(generated_at):%Y-%m-%d %H:%M}",
            draft=assessment.is_draft,
        )
        doc.addPageTemplates([PageTemplate(id="sida", frames=[frame], onPage=decorate)])
        doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()
