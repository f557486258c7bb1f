"""Every guidance page type, in both languages and widths, passes axe with zero violations."""

import pytest

from tests.e2e.test_accessibility import VIEWPORTS, violations_on

GUIDANCE_PAGES = [
    "/sv/stod/",  # guidance page with every block
    "/en/about-po/",
    "/sv/stod/lattlast/",  # easy-to-read
    "/sv/stod/etik/anhoriga-vill-veta/",  # dilemma
    "/sv/stod/systembrister/",  # deficiency matrix
    "/sv/begrepp/",  # glossary
    "/en/glossary/",
    "/sv/kallor/",  # sources
    "/sv/stod/vem-gor-vad/",  # comparison: table on wide screens, cards on narrow
    "/en/about-po/who-does-what/",
    "/sv/mb-2011-5/",  # rule set
    "/sv/mb-2011-5/?datum=kalle",  # rule set with a date error
    "/sv/mb-2011-5/regel/mb2011-ledning-1/",  # one rule
]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_guidance_pages_have_no_axe_violations(page, guidance_content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    found = {url: violations_on(page, guidance_content + url) for url in GUIDANCE_PAGES}
    assert {url: v for url, v in found.items() if v} == {}


def test_comparison_switches_between_table_and_cards(page, guidance_content):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(guidance_content + "/sv/stod/vem-gor-vad/")
    assert page.locator(".comparison-table").is_visible()
    assert not page.locator(".comparison-cards").is_visible()
    page.set_viewport_size(VIEWPORTS["mobile"])
    assert page.locator(".comparison-cards").is_visible()
    assert not page.locator(".comparison-table").is_visible()


def test_questions_open_with_the_keyboard(page, guidance_content):
    page.goto(guidance_content + "/sv/stod/")
    summary = page.locator("details.qa summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.qa").first.get_attribute("open") is not None
    assert page.locator(".qa__answer").first.is_visible()


def test_reference_mark_leads_to_its_source(page, guidance_content):
    page.goto(guidance_content + "/sv/stod/")
    page.locator("a.ref-mark").first.click()
    assert page.url.endswith("#kalla-1")
    assert page.locator("#kalla-1").is_visible()
