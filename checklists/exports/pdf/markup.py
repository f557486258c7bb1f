"""Text for reportlab's paragraph markup: escaped, with every character the fonts cannot draw
replaced, and rich text reduced to plain blocks (tags are dropped, never rendered)."""

import re
import unicodedata
from html.parser import HTMLParser
from xml.sax.saxutils import escape

from checklists.exports.pdf.fonts import register_fonts, substitute


def plain(value) -> str:
    """Text the fonts can draw: line breaks normalised, controls dropped, missing glyphs swapped."""
    text = unicodedata.normalize("NFC", str(value or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    covered = register_fonts()
    missing = set(text) - covered - {"\n"}
    if missing:
        text = text.translate({ord(char): substitute(char, covered) for char in missing})
    return text


def markup(value) -> str:
    """Paragraph markup for any text: escaped, so '<', '&' and tags print as written."""
    return escape(plain(value)).replace("\n", "<br/>")


def line(value) -> str:
    return " ".join(plain(value).split())


def text_blocks(value) -> list[str]:
    """Free text as paragraphs: blank lines separate them, single line breaks are kept."""
    blocks = re.split(r"\n[ ]*\n", plain(value).strip())
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


def html_blocks(html: str) -> list[tuple[str, int, str]]:
    parser = _HtmlText()
    parser.feed(html or "")
    parser.close()
    return parser.blocks
