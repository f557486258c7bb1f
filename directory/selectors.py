"""Reads of the directory: the public part of the programme register, matched in Python.

The register is small (hundreds of rows), so every search reads it once and matches names
after folding case and å/ä/ö. No query text ever reaches SQL.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from checklists.models import County, Municipality, Programme
from search.analysis import fold

QUERY_MAX = 100
SHORT_QUERY = 3  # shorter queries match the start of a word only, not anywhere in a name
# Words people add after a name that the register's names do not carry ("Östersunds kommun").
TRAILING_WORDS = frozenset({"kommun", "kommuner", "lan", "stad"})
_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class DirectoryQuery:
    """What the visitor typed, cleaned: `text` is safe to show, `terms` are folded for matching."""

    text: str
    terms: tuple[str, ...]
    error: str = ""

    @property
    def searched(self) -> bool:
        """The visitor asked something we can answer: results or a no-match message."""
        return bool(self.text) and not self.error


@dataclass
class CountyEntry:
    county: County
    programmes: list[Programme]


@dataclass
class MunicipalityEntry:
    municipality: Municipality
    programmes: list[Programme]


@dataclass
class DirectoryResult:
    query: DirectoryQuery
    municipalities: list[MunicipalityEntry] = field(default_factory=list)
    counties: list[CountyEntry] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)  # matched on name or area

    @property
    def total(self) -> int:
        return len(self.municipalities) + len(self.counties) + len(self.programmes)


def directory_query_parse(*, raw: str | None) -> DirectoryQuery:
    """Strip control characters and spaces; refuse (with a Swedish message) what is too long."""
    # Whitespace of any kind becomes a space; other control, format, surrogate and unassigned
    # characters (null bytes, zero-width spaces, bidi overrides) are dropped.
    text = "".join(
        " " if char.isspace() else char
        for char in str(raw or "")
        if char.isspace() or not unicodedata.category(char).startswith("C")
    )
    text = " ".join(text.split())
    if len(text) > QUERY_MAX:
        return DirectoryQuery(
            text=text[:QUERY_MAX],
            terms=(),
            error=_(
                "Sökningen är för lång. Skriv högst %(max)s tecken, till exempel namnet på "
                "din kommun eller ditt län."
            )
            % {"max": QUERY_MAX},
        )
    return DirectoryQuery(text=text, terms=_terms(text))


def _normalise(text: str) -> str:
    """Folded words separated by single spaces: 'Upplands-Bro' → 'upplands bro'."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def _terms(text: str) -> tuple[str, ...]:
    """The folded query, without a trailing 'kommun' and without a genitive -s ('Jämtlands')."""
    words = _normalise(text).split()
    while len(words) > 1 and words[-1] in TRAILING_WORDS:
        words.pop()
    if not words:
        return ()
    phrase = " ".join(words)
    terms = [phrase]
    if len(phrase) > SHORT_QUERY and phrase.endswith("s"):
        terms.append(phrase[:-1])
    return tuple(terms)


def _matches(name: str, terms: tuple[str, ...]) -> bool:
    normalised = _normalise(name)
    for term in terms:
        if len(term) >= SHORT_QUERY:
            if term in normalised:
                return True
        elif any(word.startswith(term) for word in normalised.split()):
            return True
    return False


def _active_programmes():
    return (
        Programme.objects.filter(is_active=True)
        .select_related("county", "source")
        .prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name"))
        )
        .order_by("county__name", "name")
    )


def directory_counties() -> list[CountyEntry]:
    """Every county with its active programmes: the list to browse."""
    by_county: dict[int, list[Programme]] = {}
    for programme in _active_programmes():
        by_county.setdefault(programme.county_id, []).append(programme)
    return [
        CountyEntry(county, by_county.get(county.pk, []))
        for county in County.objects.order_by("name")
    ]


def directory_county(*, code: str) -> CountyEntry | None:
    code = str(code or "")[:2].upper()
    return next((entry for entry in directory_counties() if entry.county.code == code), None)


def directory_search(*, query: DirectoryQuery) -> DirectoryResult:
    """Municipalities, counties and programmes whose names match the query."""
    result = DirectoryResult(query=query)
    if not query.terms:
        return result
    counties = directory_counties()
    programmes = [programme for entry in counties for programme in entry.programmes]
    serving: dict[int, list[Programme]] = {}
    for programme in programmes:
        for municipality in programme.municipalities.all():
            serving.setdefault(municipality.pk, []).append(programme)
    municipalities = Municipality.objects.select_related("county", "source").order_by("name")
    result.municipalities = [
        MunicipalityEntry(municipality, serving.get(municipality.pk, []))
        for municipality in municipalities
        if _matches(municipality.name, query.terms)
    ]
    code = query.text.upper()
    result.counties = [
        entry
        for entry in counties
        if entry.county.code == code or _matches(entry.county.name, query.terms)
    ]
    shown = {p.pk for entry in result.municipalities for p in entry.programmes}
    shown |= {p.pk for entry in result.counties for p in entry.programmes}
    result.programmes = [
        programme
        for programme in programmes
        if programme.pk not in shown
        and any(len(term) >= SHORT_QUERY for term in query.terms)
        and _matches(f"{programme.name} {programme.public_note}", query.terms)
    ]
    return result
