"""Swedish text analysis shared by the search backends.

Pure Python and free of Django, so that indexing, querying, benchmarks and scripts
analyse text identically on SQLite and PostgreSQL. Indexed text goes through
`analyse` (tokenize, drop stop words, stem, fold, add compound parts); queries go
through `analyse_query`, which returns a plan of alternatives so that compounds,
synonyms and abbreviations match either way round.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from portal.text import fold

# One group per query word; a group matches if any alternative matches, and an
# alternative (a tuple of stems) matches if all of its stems do.
QueryPlan = list[list[tuple[str, ...]]]

QUERY_LIMIT = 32
MAX_TOKEN_LENGTH = 64  # longer runs are hashes or noise, not words
MAX_PHRASE_WORDS = 4
MIN_PART = 3
MIN_COMPOUND = 6
MAX_COMPOUND = 40  # bounds the work of a split
LINKERS = ("", "s", "e")  # Swedish joins compounds bare, with -s- or with -e-
# Inflection endings that are also words: "personens" is not "person" + "ens".
NOT_TAILS = frozenset({"ens", "ande"})
MIN_SPELL, MAX_SPELL = 4, 32

# Invisible characters found inside words in pasted text (soft hyphen, zero-width).
_INVISIBLE = str.maketrans("", "", "\u00ad\u200b\u200c\u200d\u2060\ufeff")
# Swedish inflects abbreviations after a colon ("PO:s", "LSS:en"); keep the abbreviation.
_COLON_SUFFIX = re.compile(r"(?<=[^\W_]):(?:s|n|en|ens|et|ets|ar|arna|er|erna)\b")
# A word: letters and digits, plus combining accents that NFKC could not compose.
_TOKEN = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*")


def tokenize(text: str, limit: int | None = None) -> list[str]:
    """Split text into lowercase word tokens (diacritics kept), at most `limit` of them."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).lower()
    text = _COLON_SUFFIX.sub("", text)
    tokens: list[str] = []
    for match in _TOKEN.finditer(text):
        if limit is not None and len(tokens) >= limit:
            break
        if len(match.group()) <= MAX_TOKEN_LENGTH:
            tokens.append(match.group())
    return tokens


WORD_MAX = 64  # characters of a counted word (search.models.SearchWord.word)


def counted_words(text: str) -> set[str]:
    """The distinct folded words of a text, as the word counts keep them: short words ("år",
    "få") and numbers too, so that how rare they are is known (search.language.Vocabulary)."""
    return {w for w in tokenize(fold(text)) if w.isalnum() and len(w) <= WORD_MAX}


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """In how many of the texts each counted word occurs."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(counted_words(text))
    return counts


def _load_stopwords() -> frozenset[str]:
    path = Path(__file__).resolve().parent / "data" / "stopwords_sv.txt"
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return frozenset(unicodedata.normalize("NFKC", line).lower() for line in lines if line)


_STOPWORDS_SPELLED = _load_stopwords()
STOPWORDS: frozenset[str] = frozenset(map(fold, _STOPWORDS_SPELLED))


def is_stopword(token: str) -> bool:
    """Whether a token is a stop word; "ar" is (it may be "är"), but "år" is not."""
    token = token.lower()
    folded = fold(token)
    return token in _STOPWORDS_SPELLED or (folded == token and folded in STOPWORDS)


_local = threading.local()  # Snowball stemmers keep state, so one per thread


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """The Snowball Swedish stem of a token, folded: "Ombudens" -> "ombud".

    The token is folded first, so "tingsratten" and "tingsrätten" always stem alike (the
    suffix rules differ once "ä" is an "a"). The stemmer then runs twice: one pass takes
    "villkoren" to "villkor" but "villkor" to "villk", a second brings both to one stem.
    """
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("swedish")
    return stemmer.stemWord(stemmer.stemWord(fold(token)))


def _unique(alternatives: Iterable[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """Alternatives in first-seen order, without duplicates or empty stems."""
    return list(dict.fromkeys(a for a in alternatives if a and all(a)))


class Lexicon:
    """Known words (folded), used to split compounds into words that are indexed."""

    def __init__(self, words: Iterable[str]) -> None:
        # Stop words never count as parts: "mottagare" is not "mot" + "tagare".
        folded = (fold(word) for word in words)
        self._words = frozenset(w for w in folded if len(w) >= MIN_PART and w not in STOPWORDS)
        self._memo = lru_cache(maxsize=50_000)(self._split)
        self._terms = lru_cache(maxsize=20_000)(self._analysed)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and fold(word) in self._words

    def __len__(self) -> int:
        return len(self._words)

    def terms(self, text: str) -> frozenset[str]:
        """The distinct terms `analyse` gives for a text with this lexicon, remembered: result
        titles and summaries come back query after query. A new lexicon (the word lists
        changed) starts afresh."""
        return self._terms(text)

    def _analysed(self, text: str) -> frozenset[str]:
        return frozenset(analyse(text, self))

    def split(self, word: str) -> list[str] | None:
        """Split a compound into 2 or 3 known words, or None.

        Prefers fewest parts, then the longest last part, then fewest linking letters:
        "statsbidragsvillkor" -> ["statsbidrag", "villkor"] if "statsbidrag" is known,
        else ["stat", "bidrag", "villkor"]. A known word is still split if it can be,
        so that both the word and its parts are indexed.
        """
        parts = self._memo(word)
        return list(parts) if parts else None

    def _split(self, word: str) -> tuple[str, ...] | None:
        word = fold(word)
        if not MIN_COMPOUND <= len(word) <= MAX_COMPOUND:
            return None
        for count in (2, 3):
            candidates = self._cuts(word, count)
            if candidates:
                parts, _ = min(candidates, key=lambda c: (-len(c[0][-1]), c[1], -len(c[0][0])))
                return parts
        return None

    def _cuts(self, word: str, count: int) -> list[tuple[tuple[str, ...], int]]:
        """Every way to cut `word` into `count` known words, with the linkers used."""
        if count == 1:
            ok = word in self._words and word not in NOT_TAILS
            return [((word,), 0)] if ok else []
        found = []
        # At most 40 cut points and two cuts: quadratic in the word length, never exponential.
        for end in range(MIN_PART, len(word) - MIN_PART * (count - 1) + 1):
            head = word[:end]
            if head not in self._words:
                continue
            for linker in LINKERS:
                if not word.startswith(linker, end):
                    continue
                for parts, linkers in self._cuts(word[end + len(linker) :], count - 1):
                    found.append(((head, *parts), linkers + bool(linker)))
        return found


def analyse(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The terms to index for a text: stems of non-stop words, each followed by its parts."""
    terms: list[str] = []
    for token in tokenize(text):
        if is_stopword(token):
            continue
        terms.append(stem(token))
        parts = lexicon.split(token) if lexicon is not None else None
        if parts:
            terms.extend(stem(part) for part in parts)
    return terms


class Synonyms:
    """Sets of equivalent expressions (abbreviations, spellings), stored as stem tuples."""

    def __init__(self, groups: Iterable[Iterable[str]]) -> None:
        self._groups: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for group in groups:
            expressions = _unique(tuple(stem(t) for t in tokenize(text)) for text in group)
            # Merge with any set sharing an expression, so equivalence is transitive.
            members = dict.fromkeys(expressions)
            for expression in expressions:
                members.update(dict.fromkeys(self._groups.get(expression, ())))
            merged = list(members)
            for expression in merged:
                self._groups[expression] = merged

    def add_one_way(self, short: str, long: str) -> None:
        """Let `short` (an abbreviation: "FK") find `long` ("Försäkringskassan") but not the
        other way round: expanding every "personligt ombud" with the rare "PO" would let the
        abbreviation's weight swamp the reader's own words."""
        source = tuple(stem(t) for t in tokenize(short))
        target = tuple(stem(t) for t in tokenize(long))
        if not source or not target or source == target:
            return
        current = self._groups.get(source, [source])
        self._groups[source] = _unique([*current, target])

    def __contains__(self, stems: object) -> bool:
        return stems in self._groups

    def expand(self, stems: tuple[str, ...]) -> list[tuple[str, ...]]:
        """All expressions equivalent to `stems`, itself included."""
        return list(self._groups.get(stems, [stems]))


def _word_alternatives(
    token: str, lexicon: Lexicon | None, synonyms: Synonyms | None
) -> list[tuple[str, ...]]:
    alternatives = [(stem(token),)]
    parts = lexicon.split(token) if lexicon is not None else None
    if parts:
        alternatives.append(tuple(stem(part) for part in parts))
    if synonyms is not None:
        alternatives += [s for a in alternatives for s in synonyms.expand(a)]
    return _unique(alternatives)


def analyse_query(
    text: str,
    lexicon: Lexicon | None = None,
    synonyms: Synonyms | None = None,
    limit: int = QUERY_LIMIT,
) -> QueryPlan:
    """The query plan: one group of alternatives per meaningful word or synonym phrase.

    Stop words are dropped unless the query has nothing else. A synonym phrase
    ("personligt ombud") spanning consecutive words becomes a single group.
    """
    tokens = tokenize(text, limit=limit)
    stems = [stem(token) for token in tokens]
    keep_stopwords = all(is_stopword(token) for token in tokens)
    plan: QueryPlan = []
    i = 0
    while i < len(tokens):
        width, group = 1, None
        if synonyms is not None:
            # Longest phrase first, so "god man" wins over "man".
            for n in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 1, -1):
                phrase = tuple(stems[i : i + n])
                if phrase in synonyms:
                    width, group = n, _unique([phrase, *synonyms.expand(phrase)])
                    break
        if group is None:
            listed = synonyms is not None and (stems[i],) in synonyms
            if keep_stopwords or listed or not is_stopword(tokens[i]):
                group = _word_alternatives(tokens[i], lexicon, synonyms)
        if group and group not in plan:
            plan.append(group)
        i += width
    return plan


class SpellChecker:
    """Suggests the nearest known word for a misspelt query word ("personlit")."""

    def __init__(self, frequencies: Mapping[str, int]) -> None:
        self._counts: dict[str, int] = defaultdict(int)
        # Suggestions use the most frequent spelling of each folded word ("förvaltare").
        spellings: dict[str, tuple[int, str]] = {}
        for word, count in frequencies.items():
            key = fold(word)
            if not key:
                continue
            self._counts[key] += count
            if key not in spellings or count > spellings[key][0]:
                spellings[key] = (count, unicodedata.normalize("NFKC", word).lower())
        self._spelling = {key: spelling for key, (_, spelling) in spellings.items()}
        # Words whose length differs by more than the cutoff cannot be close enough.
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for key in self._counts:
            self._by_length[len(key)].append(key)
        # The same misspellings come back; a new vocabulary is a new checker.
        self._corrections = lru_cache(maxsize=20_000)(self._correct)

    def correct(self, word: str) -> str | None:
        """The nearest known word, or None if the word is known, too short or has no match."""
        return self._corrections(fold(word))

    def _correct(self, key: str) -> str | None:
        if key in self._counts or not MIN_SPELL <= len(key) <= MAX_SPELL:
            return None
        if any(c.isdigit() for c in key):
            return None
        cutoff = 1 if len(key) <= 5 else 2
        best: tuple[int, int, str] | None = None
        for length in range(len(key) - cutoff, len(key) + cutoff + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            matches = process.extract(
                key, choices, scorer=Levenshtein.distance, score_cutoff=cutoff, limit=None
            )
            for candidate, distance, _ in matches:
                rank = (distance, -self._counts[candidate], candidate)
                if best is None or rank < best:
                    best = rank
        return self._spelling[best[2]] if best else None

    def correct_query(self, text: str) -> str | None:
        """The query with misspelt words corrected, or None if nothing changed."""
        words = tokenize(text, limit=QUERY_LIMIT)
        corrected = [word if is_stopword(word) else self.correct(word) or word for word in words]
        return " ".join(corrected) if corrected != words else None
