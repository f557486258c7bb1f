"""Checks of what pages say, which the test suite runs on the real content pack.

Three rules from docs/CONTRIBUTING.md ("a normative statement carries its source, a figure its
year") and from the language rules (a link leads to a page that exists in the language it
names). Each check reads plain data, a StreamField's raw blocks or a rendered page's HTML, so
one load of the pack serves them all and each can be tried on a made-up example.
"""

import re
from collections.abc import Callable, Iterator
from html import unescape
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

# Words that make a sentence say what applies, per language.
NORMATIVE = {
    "sv": re.compile(r"\b(ska|skall|bör|måste|får inte|har rätt|villkor)\b", re.IGNORECASE),
    "en": re.compile(
        r"\b(must|shall|should|may not|is entitled|are entitled|has the right|have the right"
        r"|conditions?)\b",
        re.IGNORECASE,
    ),
}
# A number counting something: 168 kommuner, 85 procent, 3 ombud, 540 personer, 25 %.
FIGURE = re.compile(
    r"(?<![\d:/.,-])\d[\d  ]*(?:,\d+)?\s*(?:%|procent|per cent|percent|ombud\w*|verksamhet\w*"
    r"|kommun\w*|municipalit\w*|klient\w*|clients?|personer|people|kronor|kr\b|SEK\b|tjänst\w*"
    r"|posts?\b|vårddagar|dagar|days|ärenden|cases|deltagare|participants)",
    re.IGNORECASE,
)
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_TAGS = re.compile(r"<[^>]+>")
# Fields of a block that are identifiers, settings or where in a source, not text to check.
_NOT_TEXT = frozenset({"key", "kind", "level", "id", "type", "locator", "show_directory_search"})


def plain(html: str) -> str:
    return " ".join(unescape(_TAGS.sub(" ", html)).split())


def _value(block):
    """The value of a raw block, whether stored ({type, value, id}) or written in the pack."""
    return block.get("value", block) if isinstance(block, dict) else block


def _texts(value) -> Iterator[str]:
    """Every piece of reader-facing text in a block value, nested blocks included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            if name not in _NOT_TEXT and name != "citations":
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _statements(value, *, nested: bool = False) -> Iterator[str]:
    """The text a block's own citations answer for: nested blocks included, except those with
    citations of their own (checked on their own) and questions put to the reader (a question
    states nothing)."""
    if isinstance(value, str):
        if not plain(value).rstrip().endswith("?"):
            yield value
    elif isinstance(value, dict):
        if nested and "citations" in value:
            return
        for name, item in value.items():
            if name not in _NOT_TEXT and name != "citations":
                yield from _statements(item, nested=True)
    elif isinstance(value, list):
        for item in value:
            yield from _statements(item, nested=True)


def uncited_normative(blocks, *, language: str) -> list[str]:
    """Text that says what applies (ska, bör, must …) in a block that can carry citations but
    carries none. Callouts and quotations have no citation list of their own (a quotation has
    its source), so they are not asked."""
    pattern = NORMATIVE[language]
    found: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            if "citations" in value:
                text = plain(" ".join(_statements(value)))
                if pattern.search(text) and not value["citations"]:
                    found.append(text[:80])
            for name, item in value.items():
                if name != "citations":
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk([_value(block) for block in blocks])
    return found


def figures_without_year(blocks) -> list[str]:
    """Text blocks with a figure (168 kommuner, 85 procent) that name no year, neither in the
    block nor in the heading right above it ("Nationell översikt 2012")."""
    found: list[str] = []
    heading = ""
    for block in blocks:
        kind = block.get("type") if isinstance(block, dict) else None
        value = _value(block)
        if kind == "heading":
            heading = plain(" ".join(_texts(value)))
            continue
        text = plain(" ".join(_texts(value)))
        figure = FIGURE.search(text)
        if figure and not YEAR.search(text) and not YEAR.search(heading):
            found.append(f"{figure.group(0)!r} in: {text[:80]}")
    return found


def period_without_year(period: str) -> bool:
    """A data set's period ('december 2004', '2002–2004') must name a year."""
    return not YEAR.search(period or "")


def internal_links(html: str) -> Iterator[tuple[str, str | None]]:
    """(path, language marked on the link) for each link to the portal's own language pages."""
    main = BeautifulSoup(html, "html.parser").select_one("main") or BeautifulSoup("", "html.parser")
    for link in main.select("a[href]"):
        href = link["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith(("/sv/", "/en/")):
            continue
        marked = link.get("hreflang") or next(
            (element["lang"] for element in link.select("[lang]")), None
        )
        yield unquote(parts.path), marked


def link_problems(html: str, *, language: str, exists: Callable[[str], bool]) -> list[str]:
    """Links in a page's main content to a page that does not exist in the language of its
    address, and links to a page in another language that do not say so (hreflang or lang)."""
    problems = []
    for path, marked in internal_links(html):
        target = path.split("/")[1]
        if not exists(path):
            problems.append(f"{path}: finns inte")
        elif target != language and marked != target:
            problems.append(f"{path}: på {target} men länken säger inte det")
    return problems
