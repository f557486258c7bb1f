"""Hitta personligt ombud in a browser: keyboard search of the real register, axe on every state."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}
SV = "/sv/for-dig-som-soker-stod/hitta-personligt-ombud/"
EN = "/en/for-you-who-need-support/find-a-personal-ombudsman/"
STATES = [
    SV,  # start: the search form and every county
    SV + "?q=ostersund",  # a municipality with a programme
    SV + "?q=Lidingö",  # a municipality with no known programme
    SV + "?q=qwxzyq",  # no match
    SV + "?q=" + "x" * 150,  # too long
    SV + "lan/Z/",  # one county
    EN,
    EN + "?q=jamtland",
]


def violations(page) -> list[str]:
    results = Axe().run(page, options=WCAG_21_AA)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
    ]


def test_a_visitor_finds_the_programme_for_their_municipality_with_the_keyboard(page, content):
    page.goto(content + SV)
    field = page.get_by_label("Kommun eller län")
    # From the skip link, Tab reaches the search field without the mouse.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    for _ in range(40):
        if page.evaluate("document.activeElement.id") == "directory-q":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "directory-q"
    page.keyboard.type("ostersund")
    page.keyboard.press("Enter")
    page.wait_for_url("**?q=ostersund#sokresultat")
    assert field.input_value() == "ostersund"
    assert page.get_by_role("status").inner_text() == "1 träff för ”ostersund”"
    entry = page.locator(".directory-entry").first
    assert entry.locator("h3").inner_text() == "Östersund (Jämtlands län)"
    programme = entry.locator(".directory-programme")
    assert programme.locator("h4").inner_text() == "Personligt ombud i Jämtlands län"
    text = programme.inner_text()
    assert "Krokoms kommun" in text
    assert "Kommuner i samverkan" in text
    assert "Fråga socialtjänsten i kommunen" in text
    assert "(2012)" in text


def test_a_municipality_without_programme_and_a_miss_both_help(page, content):
    page.goto(content + SV + "?q=Lidingö")
    assert "Fråga kommunens socialtjänst eller länsstyrelsen i Stockholms län." in (
        page.locator(".directory-entry").inner_text()
    )
    page.goto(content + SV + "?q=qwxzyq")
    assert page.get_by_role("status").inner_text() == "0 träffar för ”qwxzyq”"
    assert page.locator(".directory-county").count() == 21


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_in_any_state(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    found = {}
    for url in STATES:
        response = page.goto(content + url)
        assert response.status == 200, url
        assert page.locator("h1").count() == 1
        found[url] = violations(page)
    assert {url: v for url, v in found.items() if v} == {}
