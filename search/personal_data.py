"""What in a piece of Swedish text looks like personal data: a personnummer or samordnings-
nummer, a telephone number, an e-mail address or a street address.

Django-free, like `search.analysis`: this is Swedish text handling, and two parts of the portal
share one set of rules here. Search statistics mask what visitors typed before a query is
counted (`search.services.loggable_query`), and the reporting tool refuses free text that looks
as if it could identify a client (`reporting.validators`). Masking also hides any other long
number, as search statistics always have; refusing does not, so that dates ("2024-03-15"),
year spans ("2022–2023") and counts can be written.

The rules err on the side of finding too much: an organisation number reads like a personnummer
and is found as one. Names cannot be recognised reliably; the forms say not to write them.
"""

import re
from dataclasses import dataclass

IDENTITY_NUMBER = "identity_number"  # personnummer, samordningsnummer
PHONE = "phone"
EMAIL = "email"
ADDRESS = "address"
KINDS = (IDENTITY_NUMBER, PHONE, EMAIL, ADDRESS)

# Street names end in one of these (Storgatan, Kungsvägen, Stortorget …); at least
# two letters before the ending, so that "på vägen 2 gånger" is not an address.
_STREET_ENDINGS = (
    "gatan|gata|vägen|gränden|gränd|torget|stigen|allén|allé|backen|leden|kajen|"
    "esplanaden|slingan|gången|promenaden|stranden|strand"
)
_LETTER = "a-zåäöéüæø"

PATTERNS = (
    (EMAIL, re.compile(r"\S+@\S+")),
    # Ten or twelve digits, the last four after an optional '-' or '+' (born 100 years ago).
    (IDENTITY_NUMBER, re.compile(r"(?<![\d+])(?:\d{2})?\d{6}\s?[-+]?\s?\d{4}(?!\d)")),
    # Swedish numbers: 0 or +46 (0046) and the area code, then at least six more digits with
    # spaces, hyphens or a slash between them (08-123 456 78, 070-123 45 67, +46 70 123 45 67).
    (
        PHONE,
        re.compile(r"(?<![\d+])(?:\+46|0046|0)[\s-]?\d{1,3}(?:[\s/-]?\d){6,8}(?!\d)"),
    ),
    (
        ADDRESS,
        re.compile(
            rf"(?<![{_LETTER}])[{_LETTER}][{_LETTER}-]+(?:{_STREET_ENDINGS})"
            rf"\s+\d{{1,4}}(?:\s?[a-z](?![{_LETTER}]))?(?!\d)",
            re.IGNORECASE,
        ),
    ),
    # A postal code with its town (123 45 Stockholm), and an apartment number (lgh 1102).
    (ADDRESS, re.compile(r"(?<![\d-])\d{3}\s?\d{2}(?![\d-])\s+[A-ZÅÄÖ][a-zåäö]+")),
    (ADDRESS, re.compile(r"\blgh\.?\s*\d{4}\b", re.IGNORECASE)),
)

# Masking only: any other number of five characters or more (the search statistics' old rule).
LONG_NUMBER = re.compile(r"\d[\d\s-]{3,}\d")

MASKS = {EMAIL: "[e-post]", IDENTITY_NUMBER: "[nummer]", PHONE: "[nummer]", ADDRESS: "[adress]"}


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int


def findings(text: str) -> list[Finding]:
    """Every stretch of the text that looks like personal data, in order, none overlapping."""
    found: list[Finding] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text or ""):
            if not any(f.start < match.end() and match.start() < f.end for f in found):
                found.append(Finding(kind, match.start(), match.end()))
    return sorted(found, key=lambda finding: finding.start)


def kinds_found(text: str) -> list[str]:
    """The kinds of personal data in the text, each once, in the order of KINDS."""
    found = {finding.kind for finding in findings(text)}
    return [kind for kind in KINDS if kind in found]


def mask(text: str) -> str:
    """The text with personal data, and any other long number, replaced by a placeholder."""
    parts, position = [], 0
    for finding in findings(text):
        parts.append(text[position : finding.start])
        parts.append(MASKS[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return LONG_NUMBER.sub("[nummer]", "".join(parts))
