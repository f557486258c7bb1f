"""The English ombud, county and FAQ pages and the "not translated" notice: zero axe violations
at desktop and at 375 px, and the language switch from a Swedish-only page works."""

import pytest

from tests.e2e.test_accessibility import VIEWPORTS, violations_on

# One English page of each new kind, by pack key: the ombud guidance pages (quotes, callouts),
# ethics, a dilemma, the system-shortcomings matrix (Swedish examples), the county pages and
# both FAQ pages (questions and answers).
ENGLISH_KEYS = [
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

    checklist = ContentRecord.objects.get(key="tillsyn-checklista", language="sv").page
    return f"/en/not-translated/{checklist.pk}/"


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_english_section_pages_have_no_axe_violations(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    urls = [*english_urls(), notice_url()]
    found = {url: violations_on(page, content + url) for url in urls}
    assert {url: v for url, v in found.items() if v} == {}
    # axe checked real English pages, not error pages.
    page.goto(content + urls[0])
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Limits – what the ombudsman does not do"


def test_language_switch_on_a_swedish_only_page_explains_and_offers_the_way_on(page, content):
    from portal.models import ContentRecord

    checklist = ContentRecord.objects.get(key="tillsyn-checklista", language="sv").page
    section = ContentRecord.objects.get(key="lansstyrelse", language="en").page
    page.goto(content + checklist.url)
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    assert page.url == content + notice_url()
    assert page.locator("h1").inner_text() == "This page is not available in English"
    page.get_by_role("link", name="Go to the start of the section in English").click()
    assert page.url == content + section.url
    assert page.locator("html").get_attribute("lang") == "en"


def test_language_switch_moves_between_the_english_and_swedish_ombud_pages(page, content):
    from portal.models import ContentRecord

    english = ContentRecord.objects.get(key="etik", language="en").page
    swedish = ContentRecord.objects.get(key="etik", language="sv").page
    page.goto(content + swedish.url)
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    assert page.url == content + english.url
    assert page.locator("h1").inner_text() == "Ethics and dilemmas"
