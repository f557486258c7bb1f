"""Text folding shared by the portal's searches: the public search's analysis
(search.analysis) and the editors' database search of snippets (portal.admin_search).
Pure Python and free of Django."""

import re
import unicodedata

_FOLD_TABLE = str.maketrans({"å": "a", "ä": "a", "ö": "o", "ø": "o", "æ": "ae", "œ": "oe"})
# Combining accents of the Latin, Greek and Cyrillic scripts (é → e once decomposed).
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lowercase and strip diacritics, so "Förvaltare" and "forvaltare" compare equal."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).lower().translate(_FOLD_TABLE)
    if text.isascii():
        return text
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", bare)  # recompose scripts such as Hangul
