"""The page's measures, the inks and the paragraph styles."""

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from checklists.exports.pdf.fonts import BOLD, FONT, register_fonts

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


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    register_fonts()
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
def indented(style: ParagraphStyle, depth: int) -> ParagraphStyle:
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
