"""The A4 page of every PDF the portal prints: running header and footer, page numbers, the
draft mark, ruled tables, and the document built from a story of flowables."""

import io
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Table, TableStyle

from checklists.exports.pdf.fonts import BOLD, FONT, register_fonts
from checklists.exports.pdf.markup import line
from checklists.exports.pdf.styles import (
    BOTTOM,
    DRAFT_INK,
    INK,
    MARGIN,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    TEXT_WIDTH,
    TOP,
    WATERMARK,
)

PRODUCER = "PO-portalen"
PAGE_HEADER = "PO-portalen – Tillsyn"
DRAFT_MARK = "UTKAST – inte klarmarkerad"


class NumberedCanvas(Canvas):
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


def decorate(canvas: Canvas, doc, *, heading: str, printed: str, draft: bool) -> None:
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


def table(rows, widths, *, header: bool = False) -> Table:
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


def build_document(
    story: list,
    *,
    title: str,
    subject: str,
    printed: str,
    draft: bool = False,
    keywords: list[str] | None = None,
) -> bytes:
    """The story on A4 pages with the running header and footer, as PDF bytes."""
    register_fonts()
    title = line(title)
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
        subject=line(subject),
        keywords=keywords or [],
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
    on_page = partial(decorate, heading=title, printed=printed, draft=draft)
    doc.addPageTemplates([PageTemplate(id="sida", frames=[frame], onPage=on_page)])
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
