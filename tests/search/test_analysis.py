"""Swedish text analysis: folding, tokens, stems, compounds, synonyms and spelling."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.analysis import (
    STOPWORDS,
    Lexicon,
    SpellChecker,
    Synonyms,
    analyse,
    analyse_query,
    fold,
    is_stopword,
    stem,
    tokenize,
)

LEXICON = Lexicon(["stat", "statsbidrag", "bidrag", "villkor", "god", "man", "ledning", "grupp"])
SYNONYMS = Synonyms(
    [
        ["PO", "personligt ombud", "personliga ombud"],
        ["FK", "Försäkringskassan"],
        ["godman", "god man"],
    ]
)
SPELLER = SpellChecker(
    {"personligt": 50, "ombud": 80, "förvaltare": 20, "forvaltare": 1, "inne": 30, "hjälp": 40}
)


def finds(query: str, document: str) -> bool:
    """Evaluate a query plan against a document's indexed terms, as the backends will."""
    terms = set(analyse(document, LEXICON))
    plan = analyse_query(query, LEXICON, SYNONYMS)
    return bool(plan) and all(
        any(all(s in terms for s in alternative) for alternative in group) for group in plan
    )


# Folding and tokens


def test_fold_strips_swedish_and_other_diacritics():
    assert fold("Å Ä Ö é ü") == "a a o e u"
    assert fold("Ø Æ naïve") == "o ae naive"
    assert fold("LSS 2019 ﬁ") == "lss 2019 fi"


def test_tokenize_lowercases_keeps_diacritics_and_splits_punctuation():
    assert tokenize("Personligt ombud (PO) i Skåne! E-tjänst, 9 §") == [
        "personligt",
        "ombud",
        "po",
        "i",
        "skåne",
        "e",
        "tjänst",
        "9",
    ]


def test_tokenize_drops_abbreviation_inflections_and_invisible_hyphens():
    assert tokenize("PO:s uppdrag enligt LSS:en") == ["po", "uppdrag", "enligt", "lss"]
    assert tokenize("för\u00advaltare") == ["förvaltare"]


@pytest.mark.parametrize("text", ["", "   \n\t", "😀🎉", "\x00\x1f", "-- ' ... _"])
def test_tokenize_returns_nothing_for_text_without_words(text):
    assert tokenize(text) == []


def test_tokenize_caps_tokens_at_limit():
    assert tokenize("ett två tre fyra", limit=2) == ["ett", "två"]
    long_text = "ombud " * 2000  # 12 000 characters
    assert len(tokenize(long_text)) == 2000
    assert len(tokenize(long_text, limit=64)) == 64


def test_tokenize_handles_mixed_scripts_and_control_characters():
    tokens = tokenize("Привет\x00مرحبا 你好\x1bsvenska\u200b")
    assert tokens[0] == "привет" and tokens[-1] == "svenska"
    assert all(tokens)


# Stop words and stems


def test_stopwords_are_folded_snowball_words_without_domain_terms():
    assert {"och", "att", "for", "ar", "kan"} <= STOPWORDS
    assert "man" not in STOPWORDS  # "god man"
    assert "god" not in STOPWORDS and "fa" not in STOPWORDS


def test_stopwords_written_with_diacritics_must_match_exactly():
    assert is_stopword("är") and is_stopword("ar") and is_stopword("För")
    assert not is_stopword("år")  # "år" folds like "är" but means "year"
    assert analyse("det är ett år") == [stem("år")]


def test_inflected_forms_share_a_stem():
    assert stem("ombudet") == stem("ombuden") == stem("ombudens") == stem("ombud")


def test_missing_diacritics_give_the_same_terms():
    assert analyse("Förvaltare") == analyse("forvaltare") == ["forvalt"]
    assert finds("forvaltare", "Förvaltaren hjälper till")


# Compounds


def test_compound_splits_into_the_fewest_known_parts():
    assert LEXICON.split("statsbidragsvillkor") == ["statsbidrag", "villkor"]
    assert Lexicon(["stat", "bidrag", "villkor"]).split("statsbidragsvillkor") == [
        "stat",
        "bidrag",
        "villkor",
    ]


def test_compound_split_allows_linking_s_and_prefers_the_form_without_it():
    assert LEXICON.split("ledningsgrupp") == ["ledning", "grupp"]
    assert Lexicon(["ledning", "lednings", "grupp"]).split("ledningsgrupp") == [
        "lednings",
        "grupp",
    ]


def test_known_words_are_still_split():
    assert Lexicon(["god", "man", "godman"]).split("godman") == ["god", "man"]


@pytest.mark.parametrize(
    ("words", "word"),
    [
        (["ombud"], "ombudet"),  # no second part
        (["bil", "ar"], "bilar"),  # too short to be a compound
        (["ab", "cdefg"], "abcdefg"),  # parts under three letters
        (["mot", "tagare"], "mottagare"),  # stop words are not parts
        (["person", "ens"], "personens"),  # an inflection ending, not a word
        (["aaa"], "a" * 500),  # too long to try
    ],
)
def test_compound_split_rejects(words, word):
    assert Lexicon(words).split(word) is None


def test_compound_split_does_not_explode_on_ambiguous_words():
    lexicon = Lexicon("a" * n for n in range(3, 40))
    assert len(lexicon.split("a" * 40)) == 2


def test_lexicon_membership_is_folded():
    lexicon = Lexicon(["Förvaltare"])
    assert "forvaltare" in lexicon and "förvaltare" in lexicon and "ombud" not in lexicon


def test_analyse_indexes_a_compound_and_its_parts():
    assert analyse("statsbidragsvillkor", LEXICON) == [
        stem("statsbidragsvillkor"),
        stem("statsbidrag"),
        stem("villkor"),
    ]
    terms = analyse("villkor för statsbidrag", LEXICON)
    assert stem("villkor") in terms and stem("statsbidrag") in terms and "for" not in terms


def test_compounds_find_their_parts_and_parts_find_compounds():
    assert finds("statsbidragsvillkor", "villkor för statsbidrag")
    assert finds("villkor statsbidrag", "statsbidragsvillkor")
    assert finds("godman", "en god man")
    assert not finds("statsbidragsvillkor", "villkor för bostad")


# Query plans


def test_query_plan_offers_the_parts_of_a_compound():
    assert analyse_query("godman", Lexicon(["god", "man"])) == [[("godman",), ("god", "man")]]


def test_query_plan_drops_stopwords_unless_nothing_else_is_left():
    assert analyse_query("vad gör ett ombud") == [[(stem("gör"),)], [(stem("ombud"),)]]
    assert analyse_query("det är") == [[(stem("det"),)], [(stem("är"),)]]
    assert analyse_query("") == [] and analyse_query("😀") == []


def test_query_plan_caps_words_and_drops_repeats():
    assert len(analyse_query(" ".join(f"ord{n}" for n in range(100)))) == 32
    assert analyse_query("ombudet ombuden") == [[(stem("ombud"),)]]


def test_abbreviation_expands_to_its_long_form():
    group = analyse_query("FK", synonyms=SYNONYMS)[0]
    assert ("fk",) in group and (stem("försäkringskassan"),) in group
    assert finds("FK", "Kontakta Försäkringskassan")
    assert finds("Försäkringskassan", "FK:s handläggare")


def test_synonym_phrase_becomes_one_group():
    plan = analyse_query("personligt ombud hjälp", synonyms=SYNONYMS)
    assert plan == [
        [(stem("personligt"), stem("ombud")), ("po",)],
        [(stem("hjälp"),)],
    ]
    assert finds("PO", "Ett personligt ombud stöttar")


def test_longest_synonym_phrase_wins():
    synonyms = Synonyms([["god man", "godman"], ["man", "karl"]])
    assert analyse_query("god man", synonyms=synonyms) == [[("god", "man"), ("godman",)]]
    assert ("karl",) in analyse_query("man", synonyms=synonyms)[0]


def test_synonym_sets_sharing_an_expression_merge():
    synonyms = Synonyms([["PO", "personligt ombud"], ["PO-verksamhet", "PO"]])
    assert ("po", stem("verksamhet")) in synonyms.expand(("person", "ombud"))
    assert synonyms.expand(("okand",)) == [("okand",)]


# Spelling


def test_spelling_corrects_a_typo_to_a_known_word():
    assert SPELLER.correct("personlit") == "personligt"
    assert SPELLER.correct("Personlgit") == "personligt"  # a swap is two edits


def test_spelling_suggests_the_most_frequent_spelling():
    assert SPELLER.correct("forvaltere") == "förvaltare"


@pytest.mark.parametrize(
    "word",
    [
        "ombud",  # known
        "forvaltare",  # known once diacritics are folded
        "omb",  # too short
        "ombud2",  # digits
        "ambad",  # two edits is too far for a short word
        "xyzxyzxyz",  # nothing close
    ],
)
def test_spelling_leaves_alone(word):
    assert SPELLER.correct(word) is None


def test_spelling_breaks_ties_by_frequency():
    assert SpellChecker({"kosta": 5, "kasta": 50}).correct("kista") == "kasta"
    assert SpellChecker({"kosta": 50, "kasta": 5}).correct("kista") == "kosta"


def test_correct_query_replaces_only_misspelt_words():
    assert SPELLER.correct_query("Hjälp personlit ombud") == "hjälp personligt ombud"
    assert SPELLER.correct_query("inte personlit") == "inte personligt"  # "inte" is no "inne"
    assert SPELLER.correct_query("personligt ombud") is None
    assert SPELLER.correct_query("") is None


# Robustness


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_analysis_never_raises(text):
    tokens = tokenize(text)
    assert all(token and not any(c.isspace() for c in token) for token in tokens)
    assert len(tokenize(text, limit=3)) <= 3
    assert all(analyse(text, LEXICON))
    plan = analyse_query(text, LEXICON, SYNONYMS, limit=8)
    assert all(group and all(alt and all(alt) for alt in group) for group in plan)
    SPELLER.correct_query(text)
