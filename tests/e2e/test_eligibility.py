"""The eligibility guide in a browser: walked to an outcome with the keyboard alone, back again,
and zero axe-core violations on its screens at desktop and mobile widths."""

import pytest

from tests.e2e.axe import violations
from tests.e2e.test_accessibility import VIEWPORTS

SV = "/sv/for-dig-som-soker-stod/kan-jag-fa-personligt-ombud/"
EN = "/en/for-you-who-need-support/can-i-get-a-personal-ombudsman/"


def tab_to(page, predicate: str, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies the JavaScript `predicate(el)`."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {predicate})(document.activeElement)"):
            return
    raise AssertionError(f"Tab never reached {predicate}")


def answer(page, *, arrow_downs: int = 0) -> None:
    """Choose an answer with the keyboard: the first, or `arrow_downs` further down, then Nästa."""
    tab_to(page, "el.name === 'val'")
    if arrow_downs:
        for _press in range(arrow_downs):
            page.keyboard.press("ArrowDown")
    else:
        page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    with page.expect_navigation():
        page.keyboard.press("Enter")


def legend(page) -> str:
    return page.locator("legend").inner_text().strip()


def test_a_reader_walks_to_an_outcome_and_back_with_the_keyboard(page, content):
    page.goto(content + SV)
    assert legend(page) == "Är du 18 år eller äldre?"
    assert page.get_by_text("Fråga 1 av högst 5").is_visible()

    # Submitting without a choice: the same question with an explanation linked to it.
    tab_to(page, "el.type === 'submit' && el.closest('form.guide__form')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_text("Välj ett av svaren för att gå vidare.").is_visible()
    assert legend(page) == "Är du 18 år eller äldre?"

    answer(page)  # 18 or older
    assert "svar=alder-ja" in page.url and page.get_by_text("Fråga 2 av högst 5").is_visible()
    answer(page)  # significant long-term difficulties
    answer(page)  # support from several places
    answer(page)  # wants it
    assert page.get_by_text("Fråga 5 av högst 5").is_visible()
    answer(page, arrow_downs=1)  # no addiction or homelessness
    assert page.url.endswith("?svar=alder-ja.svarigheter-ja.behov-ja.vill-ja.situation-nej")
    heading = page.locator(".guide__outcome h2").inner_text()
    assert heading == "Du kan troligen få stöd av ett personligt ombud"
    assert page.get_by_text("inte ett beslut").first.is_visible()

    # The back link drops the last answer; the browser's back button returns to the outcome.
    tab_to(page, "el.textContent.trim() === 'Tillbaka'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert legend(page).startswith("Har du också problem med alkohol")
    assert page.url.endswith("?svar=alder-ja.svarigheter-ja.behov-ja.vill-ja")
    page.go_back()
    assert page.locator(".guide__outcome h2").inner_text() == heading

    # The English guide works the same way.
    page.goto(content + EN)
    assert page.locator("html").get_attribute("lang") == "en"
    assert legend(page) == "Are you 18 or older?"
    answer(page, arrow_downs=1)  # under 18
    assert page.locator(".guide__outcome h2").inner_text() == "Personal ombudsmen support adults"


SCREENS = {
    "question": SV + "?svar=alder-ja",
    "no choice": SV + "?svar=alder-ja&fraga=svarigheter",
    "bad address": SV + "?svar=alder-ja.finns-inte",  # back at question 2, with a message
    "outcome likely": SV + "?svar=alder-ja.svarigheter-ja.behov-ja.vill-ja.situation-ja",
    "outcome unlikely": SV + "?svar=alder-nej",
    "english question": EN,
    "english outcome": EN + "?svar=alder-ja.svarigheter-osaker",
}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_on_the_guides_screens(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    found = {}
    for name, url in SCREENS.items():
        response = page.goto(content + url)
        assert response.status == (400 if name == "bad address" else 200), name
        assert page.locator("legend, .guide__outcome h2").count() == 1, name
        assert page.locator("#guide-error").count() == (name in ("no choice", "bad address"))
        found[name] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
