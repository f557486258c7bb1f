"""Hitta personligt ombud in a browser: keyboard search of the real register, the entry a
whole name leads to however it is typed, the help for a name that is no municipality, and axe
on every state at desktop and phone widths."""

from urllib.parse import unquote

import pytest

from tests.e2e.axe import violations

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}
SV = "/sv/for-dig-som-soker-stod/hitta-personligt-ombud/"
EN = "/en/for-you-who-need-support/find-a-personal-ombudsman/"
NORRKOPING = SV + "kommun/norrköping/"
STATES = [
    SV,  # start: the search form and every county
    SV + "?q=jämtland",  # a county with its programmes
    SV + "?q=Norköping",  # a misspelling: close names
    SV + "?q=qwxzyq",  # no municipality of that name: the county list
    SV + "?q=" + "x" * 150,  # too long
    SV + "lan/Z/",  # one county
    NORRKOPING,  # an entry with a programme
    SV + "kommun/lidingö/",  # an entry listed without PO
    SV + "kommun/ydre/",  # an entry no source mentions
    EN,
    EN + "?q=jamtland",
    EN + "?q=qwxzyq",
    EN + "kommun/göteborg/",
]


def here(page) -> str:
    """The page's address as read, without the fragment the search form adds."""
    return unquote(page.url).split("#")[0]


def search(page, base: str, typed: str) -> None:
    """Type into the directory's own search field and send it, as a visitor would."""
    page.goto(base)
    page.locator("#directory-q").fill(typed)
    page.locator("#directory-q").press("Enter")
    page.wait_for_load_state()


def test_a_visitor_reaches_the_search_field_with_the_keyboard(page, content):
    page.goto(content + SV)
    # From the skip link, Tab reaches the search field without the mouse.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "directory-q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "directory-q"
    page.keyboard.type("jämtland")
    page.keyboard.press("Enter")
    page.wait_for_url("**?q=j*mtland#sokresultat")
    assert page.get_by_label("Kommun eller län").input_value() == "jämtland"
    assert page.get_by_role("status").inner_text() == "1 träff för ”jämtland”"
    entry = page.locator(".directory-entry").first
    assert entry.locator("h3").inner_text() == "Jämtlands län"
    assert "(2012)" in entry.inner_text()


@pytest.mark.parametrize("typed", ["Norrköping", "norrkoping", "Norrköpings kommun"])
def test_norrkoping_however_typed_opens_its_entry_with_the_next_step(page, content, typed):
    search(page, content + SV, typed)
    assert here(page) == content + NORRKOPING
    assert page.locator("h1").inner_text() == "Personligt ombud i Norrköping"
    text = page.locator("main").inner_text()
    assert "Norrköping är en kommun i Östergötlands län." in text
    assert "Vi känner till en verksamhet med personligt ombud för Norrköping." in text
    assert "Personligt ombud i Norrköping" in page.locator(".directory-programme").inner_text()
    assert "(2012)" in text  # every record shows its source year
    steps = page.locator(".directory-steps").inner_text()
    assert "ring kommunens växel eller kontaktcenter i Norrköping" in steps
    assert "länsstyrelsen i Östergötlands län" in steps


@pytest.mark.parametrize(("base", "typed"), [(SV, "Göteborg"), (EN, "Gothenburg")])
def test_goteborg_and_gothenburg_open_the_same_entry_in_the_readers_language(
    page, content, base, typed
):
    search(page, content + base, typed)
    assert here(page) == content + base + "kommun/göteborg/"
    heading = page.locator("h1").inner_text()
    if base == SV:
        assert heading == "Personligt ombud i Göteborg"
    else:
        assert heading == "Personal ombudsman in Göteborg"
        assert (
            "Göteborg is a municipality in Västra Götalands län."
            in page.locator("main").inner_text()
        )


def test_a_misspelling_offers_close_names_that_lead_to_the_entry(page, content):
    search(page, content + SV, "Norköping")
    assert page.get_by_role("status").inner_text() == "0 träffar för ”Norköping”"
    page.locator(".directory-suggestions").get_by_role("link", name="Norrköping").click()
    page.wait_for_load_state()
    assert here(page) == content + NORRKOPING


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (SV, "Det finns ingen svensk kommun eller något län som heter ”Atlantis”"),
        (EN, "There is no Swedish municipality or county called “Atlantis”"),
    ],
)
def test_an_unknown_name_says_so_and_offers_the_county_list(page, content, base, message):
    search(page, content + base, "Atlantis")
    assert page.url.endswith("?q=Atlantis#sokresultat")
    assert message in page.locator(".directory-no-match").inner_text()
    assert page.locator(".directory-county").count() == 21
    # The list leads on to every municipality's entry, Norrköping's among them.
    norrkoping = page.locator("#lan-e .directory-municipalities").get_by_role(
        "link", name="Norrköping", exact=True
    )
    assert unquote(norrkoping.get_attribute("href")) == base + "kommun/norrköping/"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_in_any_state(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    found = {}
    for url in STATES:
        response = page.goto(content + url)
        assert response.status == 200, url
        assert page.locator("h1").count() == 1
        if viewport == "mobile":
            # Nothing wider than a phone: no sideways scrolling at 375 px.
            assert page.evaluate("document.documentElement.scrollWidth") <= 375, url
        found[url] = violations(page)
    assert {url: v for url, v in found.items() if v} == {}
