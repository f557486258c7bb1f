"""Choosing roles on 'Vem gör vad?': the parsing of `?roll=`, without a database."""

from types import SimpleNamespace

import pytest

from guidance.selectors import ROLES_COMPARED_AT_MOST, role_selection_parse

ROLES = [
    SimpleNamespace(slug=slug)
    for slug in ["personligt-ombud", "god-man", "forvaltare", "boendestod", "kontaktperson-sol"]
]


def parse(*values):
    return role_selection_parse(roles=ROLES, values=list(values))


def slugs(selection):
    return [role.slug for role in selection.roles]


def test_nothing_chosen_shows_everything_with_po_ticked():
    selection = parse()
    assert (selection.mode, selection.roles, selection.error) == ("alla", [], "")
    assert selection.checked == {"personligt-ombud"}
    assert parse("", "  ").mode == "alla"  # empty values are no choice


def test_one_role_is_read_alone_and_two_or_three_are_compared_in_page_order():
    assert (parse("god-man").mode, slugs(parse("god-man"))) == ("en", ["god-man"])
    two = parse("god-man", "personligt-ombud")
    assert (two.mode, slugs(two)) == ("jamfor", ["personligt-ombud", "god-man"])
    three = parse("boendestod", "god-man", "personligt-ombud", "god-man")  # a repeat counts once
    assert slugs(three) == ["personligt-ombud", "god-man", "boendestod"]
    assert three.checked == {"personligt-ombud", "god-man", "boendestod"} and not three.error


def test_more_than_three_roles_are_refused_and_stay_ticked():
    selection = parse("personligt-ombud", "god-man", "forvaltare", "boendestod")
    assert ROLES_COMPARED_AT_MOST == 3
    assert (selection.mode, selection.roles) == ("alla", [])
    assert selection.error == (
        "Du kan jämföra högst 3 stöd åt gången. Ta bort några av dem du har valt och försök igen."
    )
    assert selection.checked == {"personligt-ombud", "god-man", "forvaltare", "boendestod"}


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("finns-inte", "finns-inte"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # escaped by the template
        ("' OR 1=1 --", "' OR 1=1 --"),
        ("god\x00man\u200b", "godman"),  # control and invisible characters dropped
        ("x" * 10_000, "x" * 39 + "…"),
        ("GOD-MAN", "GOD-MAN"),  # slugs are exact
    ],
)
def test_an_unknown_role_is_named_in_a_swedish_message(value, shown):
    selection = parse("god-man", value)
    assert selection.mode == "alla" and selection.roles == []
    assert selection.error == (
        f"Vi hittar inget stöd som heter ”{shown}”. Välj bland stöden i listan."
    )
    assert selection.checked == {"god-man"}  # the known choice stays ticked


def test_a_flood_of_values_is_not_read_one_by_one():
    selection = parse(*(["god-man"] * 10_000))
    assert selection.error.startswith("Du kan jämföra högst 3 stöd")


def test_a_page_without_roles_chooses_nothing():
    selection = role_selection_parse(roles=[], values=["god-man"])
    assert selection.mode == "alla" and selection.checked == frozenset()
    assert selection.error.startswith("Vi hittar inget stöd")
