"""Reads of the directory: the public part of the programme register, matched in Python.

The register is small (hundreds of rows), so every search reads it once and matches names
after folding case and å/ä/ö. No query text ever reaches SQL.
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from django.db.models import Prefetch
from django.utils.text import slugify
from django.utils.translation import gettext as _

from checklists.choices import MunicipalityListing
from checklists.models import County, Municipality, Programme
from search.analysis import fold

QUERY_MAX = 100
SHORT_QUERY = 3  # shorter queries match the start of a word only, not anywhere in a name
# Words people add after a name that the register's names do not carry ("Östersunds kommun").
TRAILING_WORDS = frozenset({"kommun", "kommuner", "lan", "stad"})
# Words people put before a name ("Region Gotland", "Kommun Norrköping").
LEADING_WORDS = frozenset({"region", "kommun"})
# Names in other languages that people search for; folded, to the folded Swedish name.
EXONYMS = {"gothenburg": "goteborg", "gothenborg": "goteborg"}
CLOSE_MATCHES = 5
CLOSE_MATCH_CUTOFF = 0.75  # difflib ratio: "norkoping"/"norrkoping" 0.95, "oslo"/"osby" 0.5
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


class MunicipalityStatus(StrEnum):
    """What the directory can tell about personligt ombud in a municipality."""

    HAS_PO = "har_po"  # an active programme in the register serves it
    LISTED_WITH_PO = MunicipalityListing.WITH_PO.value  # a source named PO, no active programme
    LISTED_WITHOUT_PO = MunicipalityListing.WITHOUT_PO.value
    UNCERTAIN = MunicipalityListing.UNCERTAIN.value
    NOT_MENTIONED = MunicipalityListing.NOT_MENTIONED.value


@dataclass
class MunicipalityEntry:
    municipality: Municipality
    programmes: list[Programme]

    @property
    def status(self) -> MunicipalityStatus:
        if self.programmes:
            return MunicipalityStatus.HAS_PO
        try:
            return MunicipalityStatus(self.municipality.listing)
        except ValueError:
            return MunicipalityStatus.NOT_MENTIONED

    @property
    def slug(self) -> str:
        return municipality_slug(self.municipality.name)


@dataclass
class CountyEntry:
    county: County
    programmes: list[Programme]
    municipalities: list[MunicipalityEntry] = field(default_factory=list)


@dataclass
class DirectoryResult:
    query: DirectoryQuery
    municipalities: list[MunicipalityEntry] = field(default_factory=list)
    counties: list[CountyEntry] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)  # matched on name or area
    # The one municipality whose whole name the visitor typed ("Norrköpings kommun").
    exact: MunicipalityEntry | None = None
    # Municipalities with a name close to the query, when nothing matched ("Norköping").
    suggestions: list[MunicipalityEntry] = field(default_factory=list)

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


def municipality_slug(name: str) -> str:
    """The municipality's address in the directory: 'Upplands-Bro' → 'upplands-bro',
    'Norrköping' → 'norrköping'. Letters keep å, ä and ö, because Habo and Håbo both exist."""
    return slugify(name, allow_unicode=True)


def _terms(text: str) -> tuple[str, ...]:
    """The folded query, without a trailing 'kommun' and without a genitive -s ('Jämtlands')."""
    words = _normalise(text).split()
    while len(words) > 1 and words[-1] in TRAILING_WORDS:
        words.pop()
    while len(words) > 1 and words[0] in LEADING_WORDS:
        words.pop(0)
    if not words:
        return ()
    phrase = " ".join(words)
    terms = [phrase]
    if len(phrase) > SHORT_QUERY and phrase.endswith("s"):
        terms.append(phrase[:-1])
    terms.extend(EXONYMS[term] for term in list(terms) if term in EXONYMS)
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


def _municipality_entries(programmes: list[Programme]) -> list[MunicipalityEntry]:
    """Every municipality in the register, with the active programmes that serve it."""
    serving: dict[int, list[Programme]] = {}
    for programme in programmes:
        for municipality in programme.municipalities.all():
            serving.setdefault(municipality.pk, []).append(programme)
    municipalities = Municipality.objects.select_related("county", "source").order_by("name")
    return [
        MunicipalityEntry(municipality, serving.get(municipality.pk, []))
        for municipality in municipalities
    ]


def directory_counties(*, with_municipalities: bool = False) -> list[CountyEntry]:
    """Every county with its active programmes (and, if asked, every municipality in it)."""
    programmes = list(_active_programmes())
    by_county: dict[int, list[Programme]] = {}
    for programme in programmes:
        by_county.setdefault(programme.county_id, []).append(programme)
    municipalities: dict[int, list[MunicipalityEntry]] = {}
    if with_municipalities:
        for entry in _municipality_entries(programmes):
            municipalities.setdefault(entry.municipality.county_id, []).append(entry)
    return [
        CountyEntry(county, by_county.get(county.pk, []), municipalities.get(county.pk, []))
        for county in County.objects.order_by("name")
    ]


def directory_county(*, code: str) -> CountyEntry | None:
    """One county with its programmes and all its municipalities; None for an unknown code."""
    code = str(code or "")[:2].upper()
    entries = directory_counties(with_municipalities=True)
    return next((entry for entry in entries if entry.county.code == code), None)


def directory_municipality(*, slug: str) -> MunicipalityEntry | None:
    """One municipality's entry by its address ('norrkoping'); None when there is no such one."""
    slug = str(slug or "")[:QUERY_MAX].lower()
    entries = _municipality_entries(list(_active_programmes()))
    found = next((entry for entry in entries if entry.slug == slug), None)
    if found is None:
        # A typed address without å, ä and ö ('norrkoping'), if only one municipality fits.
        folded = [entry for entry in entries if fold(entry.slug) == fold(slug)]
        found = folded[0] if len(folded) == 1 else None
    return found


def _close_matches(terms: tuple[str, ...], entries: list[MunicipalityEntry]):
    by_name = {_normalise(entry.municipality.name): entry for entry in entries}
    found: list[MunicipalityEntry] = []
    for term in terms:
        for name in difflib.get_close_matches(
            term, by_name, n=CLOSE_MATCHES, cutoff=CLOSE_MATCH_CUTOFF
        ):
            if by_name[name] not in found:
                found.append(by_name[name])
    return found[:CLOSE_MATCHES]


def _exact(query: DirectoryQuery, entries: list[MunicipalityEntry]) -> MunicipalityEntry | None:
    """The municipality whose whole name the query is. Folding makes Habo and Håbo the same
    name, so when several fit, the spelling as typed decides ('Håbo'), or none is chosen
    ('habo' could be either)."""
    whole = [e for e in entries if _normalise(e.municipality.name) in query.terms]
    if len(whole) > 1 and not query.text.isascii():
        typed = " ".join(_NON_WORD.sub(" ", query.text.lower()).split())
        whole = [e for e in whole if _NON_WORD.sub(" ", e.municipality.name.lower()) in typed]
    return whole[0] if len(whole) == 1 else None


def directory_search(*, query: DirectoryQuery) -> DirectoryResult:
    """Municipalities, counties and programmes whose names match the query; the municipality
    whose whole name it is; and close names when nothing matches."""
    result = DirectoryResult(query=query)
    if not query.terms:
        return result
    counties = directory_counties()
    programmes = [programme for entry in counties for programme in entry.programmes]
    entries = _municipality_entries(programmes)
    result.municipalities = [
        entry for entry in entries if _matches(entry.municipality.name, query.terms)
    ]
    result.exact = _exact(query, result.municipalities)
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
    if not result.municipalities and not result.counties:
        result.suggestions = _close_matches(query.terms, entries)
    return result
