"""The embedded fonts and what they can draw: registered once per process."""

import unicodedata
from functools import lru_cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# Bitstream Vera, which reportlab ships: the DejaVu fonts grew out of it. It covers Swedish,
# typographic quotes, dashes and the ellipsis.
FONT_DIR = Path(reportlab.__file__).resolve().parent / "fonts"
FONT = "PoPortalen-Vera"
BOLD = f"{FONT}-Bold"
ITALIC = f"{FONT}-Italic"
BOLD_ITALIC = f"{FONT}-BoldItalic"
FONT_FILES = {FONT: "Vera.ttf", BOLD: "VeraBd.ttf", ITALIC: "VeraIt.ttf", BOLD_ITALIC: "VeraBI.ttf"}

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


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[str]:
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


def substitute(char: str, covered: frozenset[str]) -> str:
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
