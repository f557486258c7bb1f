"""PO i siffror in a real browser: from the page to a chart's table and its CSV file with the
keyboard alone; axe-core finds nothing at desktop and phone widths, in both languages."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import violations

SV = "/sv/for-lansstyrelser-och-ledning/po-i-siffror/"
EN = "/en/for-county-boards-and-management/po-in-numbers/"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName, cls: el.className, text: el.innerText,
                    href: el.getAttribute('href'), chart: el.closest('section.chart')?.id};
        }"""
    )


def test_keyboard_reaches_a_charts_table_and_downloads_its_csv(page, content):
    page.goto(content + SV)
    assert page.locator("h1").inner_text() == "PO i siffror"
    # The table of contents leads to the chart; from there Tab reaches its table, then the file.
    page.get_by_role(
        "link", name="Klienter hos personligt ombud i Jämtlands län 2004–2010", exact=True
    ).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("#fig-jamtland-klienter-2004-2010$"))
    for _step in range(40):
        page.keyboard.press("Tab")
        if "table-scroll" in focused(page)["cls"]:
            break
    now = focused(page)
    assert now["chart"] == "fig-jamtland-klienter-2004-2010", now
    region = page.locator("#fig-jamtland-klienter-2004-2010 .table-scroll")
    assert region.get_attribute("role") == "region"
    assert "2005 och 2006" in region.inner_text()
    page.keyboard.press("Tab")
    link = focused(page)
    assert link["tag"] == "A" and link["href"].endswith("/csv/jamtland-klienter-2004-2010/")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == "jamtland-klienter-2004-2010.csv"
    with open(download.path(), encoding="utf-8", newline="") as file:
        text = file.read()
    assert text.startswith("\ufeffÅr;Klienter\r\n2004;90\r\n2005 och 2006;60\r\n")


def test_the_svg_is_not_a_tab_stop_and_says_what_it_shows(page, content):
    page.goto(content + EN)
    svg = page.locator("#fig-po-lan-2004 svg")
    assert svg.get_attribute("role") == "img"
    assert svg.get_attribute("focusable") == "false"
    title_id = svg.get_attribute("aria-labelledby").split()[0]
    assert page.locator(f"[id='{title_id}']").text_content() == (
        "Programmes and ombudsmen per county, December 2004"
    )
    # Wide enough to read at phone width without sideways scrolling of the page.
    page.set_viewport_size(VIEWPORTS["mobile"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_axe_violations(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    found = {}
    for url in (SV, EN):
        response = page.goto(content + url)
        assert response.status == 200
        assert page.locator("section.chart svg").count() >= 5
        found[url] = violations(page)
    assert {url: v for url, v in found.items() if v} == {}
