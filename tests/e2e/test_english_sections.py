"""The English ombud, county and FAQ pages, the English supervision checklist and the "not
translated" notice: zero axe violations at desktop and at 375 px, and the language switch works
from a Swedish-only page and both ways between the Swedish and English checklist."""

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import violations_on
from tests.e2e.test_accessibility import VIEWPORTS

# One English page of each new kind, by pack key: the ombud guidance pages (quotes, callouts),
# ethics, a dilemma, the system-shortcomings matrix (Swedish examples), the county pages and
# both FAQ pages (questions and answers), and the supervision checklist (Swedish rule texts and
# source titles marked as Swedish).
ENGLISH_KEYS = [
    "tillsyn-checklista",
    "ombud-avgransningar",
    "ombud-ledningsgruppen",
    "etik",
    "dilemma-ko-och-prioriteringar",
    "systembrister",
    "lan-villkor-for-statsbidraget",
    "lan-entreprenad-och-huvudmannaskap",
    "lan-fragor-och-svar",
    "stod-fragor-och-svar",
    "lan-vad-po-astadkommer",  # outcomes and costs (issue 18, part 6): lists and a quote
]


def english_urls() -> list[str]:
    from portal.models import ContentRecord

    return [ContentRecord.objects.get(key=k, language="en").page.url for k in ENGLISH_KEYS]


def notice_url() -> str:
    from portal.models import ContentRecord

    easy_read = ContentRecord.objects.get(key="lattlast-vad-ar-po", language="sv").page
    return f"/en/not-translated/{easy_read.pk}/"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_english_section_pages_have_no_axe_violations(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    urls = [*english_urls(), notice_url()]
    found = {url: violations_on(page, content + url) for url in urls}
    assert {url: v for url, v in found.items() if v} == {}
    # axe checked real English pages, not error pages.
    page.goto(content + urls[1])
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Limits – what the ombudsman does not do"
    page.goto(content + urls[0])
    assert page.locator("h1").inner_text() == (
        "Supervision and follow-up of personal ombudsman services"
    )
    assert page.locator(".checklist-item").count() == 62


def test_language_switch_on_a_swedish_only_page_explains_and_offers_the_way_on(page, content):
    from portal.models import ContentRecord

    easy_read = ContentRecord.objects.get(key="lattlast-vad-ar-po", language="sv").page
    page.goto(content + easy_read.url)
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page).to_have_url(content + notice_url())
    assert page.locator("h1").inner_text() == "This page is not available in English"
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(content + "/en/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_language_switch_moves_both_ways_between_the_checklists(page, content):
    from portal.models import ContentRecord

    english = ContentRecord.objects.get(key="tillsyn-checklista", language="en").page
    swedish = ContentRecord.objects.get(key="tillsyn-checklista", language="sv").page
    page.goto(content + swedish.url)
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page).to_have_url(content + english.url)
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(content + swedish.url)
    assert page.locator("h1").inner_text() == (
        "Tillsyn och uppföljning av verksamhet med personligt ombud"
    )


def test_language_switch_moves_between_the_english_and_swedish_ombud_pages(page, content):
    from portal.models import ContentRecord

    english = ContentRecord.objects.get(key="etik", language="en").page
    swedish = ContentRecord.objects.get(key="etik", language="sv").page
    page.goto(content + swedish.url)
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page).to_have_url(content + english.url)
    assert page.locator("h1").inner_text() == "Ethics and dilemmas"
