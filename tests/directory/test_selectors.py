"""Matching in the directory: case, å/ä/ö, partial names, counties, and input of any kind."""

import pytest

from directory.selectors import (
    QUERY_MAX,
    directory_counties,
    directory_query_parse,
    directory_search,
)

pytestmark = pytest.mark.django_db


def search(raw):
    return directory_search(query=directory_query_parse(raw=raw))


def municipality_names(result):
    return [entry.municipality.name for entry in result.municipalities]


@pytest.mark.parametrize(
    "raw",
    [
        "Östersund",
        "östersund",
        "ÖSTERSUND",
        "ostersund",
        "Ostersund",
        "oster",
        " öst ",
        "Östersunds kommun",
    ],
)
def test_a_municipality_matches_whatever_the_case_accents_or_length(register, raw):
    result = search(raw)
    assert municipality_names(result) == ["Östersund"]
    assert result.municipalities[0].programmes == [register["programme"]]


@pytest.mark.parametrize("raw", ["Jämtlands län", "jamtland", "JÄMT", "jämtlands", "Z"])
def test_a_county_matches_by_name_or_letter(register, raw):
    result = search(raw)
    assert [entry.county.name for entry in result.counties] == ["Jämtlands län"]
    assert result.counties[0].programmes == [register["programme"]]


def test_a_short_query_matches_the_start_of_a_word_only(register):
    assert municipality_names(search("kr")) == ["Krokom"]
    assert municipality_names(search("om")) == []  # "om" is inside Krokom, not at a word's start
    assert municipality_names(search("rokom")) == ["Krokom"]  # three letters or more: anywhere


def test_a_programme_matches_by_its_name(register):
    result = search("ombud i jämtlands")
    assert result.programmes == [register["programme"]]
    assert search("Nedlagd").programmes == []


def test_a_programme_is_not_repeated_when_its_county_matches(register):
    result = search("jämtland")
    assert result.counties[0].programmes == [register["programme"]]
    assert result.programmes == []


def test_a_municipality_without_programme_is_a_match_with_no_programmes(register):
    result = search("lidingo")
    assert municipality_names(result) == ["Lidingö"]
    assert result.municipalities[0].programmes == []


def test_inactive_programmes_are_never_listed(register):
    assert search("Skarpnäck").municipalities[0].programmes == []
    listed = [p for entry in directory_counties() for p in entry.programmes]
    assert register["closed"] not in listed and register["programme"] in listed


def test_the_browse_list_has_every_county_with_its_programmes(register):
    counties = directory_counties()
    assert len(counties) == 21
    by_code = {entry.county.code: entry.programmes for entry in counties}
    assert by_code["Z"] == [register["programme"]]
    assert by_code["AB"] == []


@pytest.mark.parametrize("raw", [None, "", "   ", "\n\t"])
def test_an_empty_query_searches_nothing(register, raw):
    query = directory_query_parse(raw=raw)
    assert not query.searched and not query.error
    assert search(raw).total == 0


def test_a_long_query_is_refused_with_a_swedish_message(register):
    query = directory_query_parse(raw="Östersund" + "x" * 10_000)
    assert "för lång" in query.error
    assert len(query.text) == QUERY_MAX
    assert not query.searched
    assert search("ö" * 10_000).total == 0


def test_a_query_of_exactly_the_limit_is_searched(register):
    query = directory_query_parse(raw="a" * QUERY_MAX)
    assert query.searched and not query.error


@pytest.mark.parametrize(
    "raw",
    [
        "😀",
        "Östersund 😀",
        "'; DROP TABLE checklists_municipality; --",
        "%' OR '1'='1",
        "<script>alert(1)</script>",
        "Öster\x00sund",
        "\u202eÖstersund",
        "\ud800",
        "_%",
        "..\\..",
    ],
)
def test_odd_input_is_harmless(register, raw):
    result = search(raw)
    assert result.total <= 1
    assert "\x00" not in result.query.text
    assert "\ud800" not in result.query.text


def test_control_characters_are_removed_before_matching(register):
    assert municipality_names(search("Öster\x00sund")) == ["Östersund"]
    assert municipality_names(search("\u200bÖstersund\u00ad")) == ["Östersund"]
