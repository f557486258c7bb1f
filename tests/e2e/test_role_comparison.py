"""'Vem gör vad?' on a phone: the real 13 roles, chosen two at a time, fit in a few screens;
the whole matrix stays on wide screens and in print; axe finds nothing in any state."""

import pytest

from tests.e2e.axe import violations_on
from tests.e2e.browser import submit
from tests.e2e.test_accessibility import VIEWPORTS

SV = "/sv/for-dig-som-soker-stod/vem-gor-vad/"
EN = "/en/for-you-who-need-support/who-does-what/"
PO_AND_GOD_MAN = SV + "?roll=personligt-ombud&roll=god-man"
PHONE_SCREEN = VIEWPORTS["mobile"]["height"]  # 740 px
# PO and god man on a 375 px phone, picker, sources, header and footer included: 3,596 px when
# each attribute became one line until opened (the first is open), 6,414 px with all sixteen
# cited values shown, 34,660 px (47 screens) for the whole matrix of 13 roles.
MOST_SCREENS = 5


def page_height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_po_and_god_man_fit_in_a_few_phone_screens(page, content, record_property):
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.goto(content + PO_AND_GOD_MAN)
    stacked = page.locator(".comparison-stacked")
    assert stacked.is_visible() and not page.locator(".comparison-table").is_visible()
    assert stacked.locator("dl").count() == 8  # every attribute, both roles under each
    assert stacked.locator("dt").all_inner_texts()[:2] == ["Personligt ombud", "God man"]
    # The first attribute is open, the other seven are one line each until the reader opens one.
    attributes = stacked.locator("details")
    assert [attributes.nth(i).evaluate("e => e.open") for i in range(8)] == [True] + [False] * 7
    height = page_height(page)
    record_property("height_375_po_god_man", height)  # read with --junitxml
    for part, selector in [
        ("comparison", ".role-compare"),
        ("sources", ".references"),
        ("header", ".site-header"),
        ("footer", ".site-footer"),
    ]:
        box = page.locator(selector).first.bounding_box()
        record_property(f"height_375_{part}", round(box["height"]) if box else None)
    assert height <= MOST_SCREENS * PHONE_SCREEN, f"{height} px"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scroll
    # The whole matrix, for comparison: many times longer on the same phone.
    page.goto(content + SV)
    assert not page.locator(".comparison-table").is_visible()
    assert page.locator(".role-list li").count() == 13
    record_property("height_375_no_choice", page_height(page))


def test_a_reader_opens_an_attribute_with_the_keyboard(page, content):
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.goto(content + PO_AND_GOD_MAN)
    second = page.locator(".comparison-stacked details").nth(1)
    values = second.locator("dd")
    assert not values.first.is_visible()
    second.locator("summary").focus()
    page.keyboard.press("Enter")
    assert values.count() == 2 and values.first.is_visible() and values.last.is_visible()
    assert all(text.strip() for text in values.all_inner_texts())  # a value or "saknas"


def test_a_reader_chooses_roles_without_javascript(browser, content):
    context = browser.new_context(
        java_script_enabled=False, viewport=VIEWPORTS["mobile"], locale="sv-SE"
    )
    page = context.new_page()
    try:
        page.goto(content + SV)
        assert page.get_by_label("Personligt ombud", exact=True).is_checked()  # PO preselected
        page.get_by_label("Förvaltare", exact=True).check()
        submit(page, "Jämför")
        assert "roll=personligt-ombud&roll=forvaltare" in page.url
        assert page.locator(".role-compare h2").inner_text() == "Personligt ombud och Förvaltare"
        # Four at once is refused in Swedish, with the choices kept.
        page.get_by_text("Välj andra stöd").click()
        page.get_by_label("God man", exact=True).check()
        page.get_by_label("Boendestöd", exact=True).check()
        submit(page, "Jämför")
        assert (
            page.locator("#role-picker-error")
            .inner_text()
            .startswith("Du kan jämföra högst 3 stöd åt gången.")
        )
        assert page.get_by_label("Boendestöd", exact=True).is_checked()
    finally:
        context.close()


def test_wide_screens_and_print_keep_the_whole_matrix(page, content):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(content + SV)
    table = page.locator(".comparison-table")
    assert table.is_visible() and table.locator("thead th").count() == 14
    page.set_viewport_size(VIEWPORTS["mobile"])
    page.emulate_media(media="print")
    assert table.is_visible()
    assert not page.locator(".role-picker").is_visible()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations_in_any_state(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    urls = [
        SV,
        PO_AND_GOD_MAN,
        SV + "?roll=personligt-ombud&roll=god-man&roll=forvaltare",
        SV + "?roll=god-man",  # one role at a time
        SV + "?roll=%3Cscript%3E",  # an unknown role: the message and the whole comparison
        EN + "?roll=personal-ombudsman&roll=trustee",
    ]
    found = {url: violations_on(page, content + url) for url in urls}
    assert {url: v for url, v in found.items() if v} == {}
