"""The one set of rules for what looks like personal data (search.personal_data): search
statistics mask it, the reporting tool refuses it. No database needed."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search import personal_data
from search.services import loggable_query


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("19121212-1212", personal_data.IDENTITY_NUMBER),
        ("121212-1212", personal_data.IDENTITY_NUMBER),
        ("121212+1212", personal_data.IDENTITY_NUMBER),  # over a hundred years old
        ("1212121212", personal_data.IDENTITY_NUMBER),
        ("född 850101 1234 enligt", personal_data.IDENTITY_NUMBER),
        ("ring 070-123 45 67", personal_data.PHONE),
        ("08-123 456 78", personal_data.PHONE),
        ("+46 70 123 45 67", personal_data.PHONE),
        ("0046 8 123 45 67", personal_data.PHONE),
        ("031/12 34 56", personal_data.PHONE),
        ("skriv till anna.berg@example.se", personal_data.EMAIL),
        ("Bor på Storgatan 12 B", personal_data.ADDRESS),
        ("kungsvägen 3", personal_data.ADDRESS),
        ("Götgatan 1a", personal_data.ADDRESS),
        ("Norr Mälarstrand 64", personal_data.ADDRESS),
        ("123 45 Stockholm", personal_data.ADDRESS),
        ("lgh 1102", personal_data.ADDRESS),
    ],
)
def test_finds_each_kind(text, kind):
    assert personal_data.kinds_found(text) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        "Beslut 2024-03-15 om handlingsplan 2024",
        "under 2022-2023 fick 540 personer stöd, 281 nya",
        "på vägen 2 gånger i veckan",
        "Kötid 14 dagar – 3 månader",
        "Handlingsplan 2",
        "Försäkringskassan 3 gånger sedan januari",
        "dnr 2023/1234",
        "SFS 2013:522, 5 §",
        "Tre av fyra klienter, 75 %",
        "",
    ],
)
def test_ordinary_text_is_left_alone(text):
    assert personal_data.kinds_found(text) == []


def test_several_kinds_are_named_once_each_in_order():
    text = "a@b.se, 070-123 45 67, 19121212-1212 och c@d.se"
    assert personal_data.kinds_found(text) == [
        personal_data.IDENTITY_NUMBER,
        personal_data.PHONE,
        personal_data.EMAIL,
    ]


def test_mask_replaces_what_it_finds_and_any_other_long_number():
    assert personal_data.mask("Ring 070-123 45 67 om Storgatan 12") == "Ring [nummer] om [adress]"
    assert personal_data.mask("ärende 123456") == "ärende [nummer]"


def test_search_statistics_mask_with_the_same_rules():
    assert loggable_query("Ombud  19121212-1212 a@b.se Storgatan 5") == (
        "ombud [nummer] [e-post] [adress]"
    )


@given(st.text(max_size=200))
def test_nothing_found_survives_masking(text):
    """Whatever the text, the masked version holds nothing the rules would find."""
    assert personal_data.kinds_found(personal_data.mask(text)) == []
