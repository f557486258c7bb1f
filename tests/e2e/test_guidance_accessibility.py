"""Every guidance page type, in both languages and widths, passes axe with zero violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import violations_on
from tests.e2e.test_accessibility import VIEWPORTS

GUIDANCE_PAGES = [
    "/sv/stod/",  # guidance page with every block
    "/en/about-po/",
    "/sv/stod/lattlast/",  # easy-to-read
    "/sv/stod/etik/anhoriga-vill-veta/",  # dilemma
    "/sv/stod/systembrister/",  # deficiency matrix
    "/sv/begrepp/",  # glossary
    "/en/glossary/",
    "/sv/kallor/",  # sources
    "/sv/stod/vem-gor-vad/",  # comparison: table on wide screens, a role list on narrow
    "/sv/stod/vem-gor-vad/?roll=personligt-ombud&roll=god-man",  # two chosen roles
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


def test_comparison_switches_between_table_and_chosen_roles(page, guidance_content):
    page.set_viewport_size(VIEWPORTS["desktop"])
    page.goto(guidance_content + "/sv/stod/vem-gor-vad/")
    assert page.locator(".comparison-table").is_visible()
    page.set_viewport_size(VIEWPORTS["mobile"])
    assert not page.locator(".comparison-table").is_visible()
    assert page.locator(".role-list").is_visible()
    page.goto(guidance_content + "/sv/stod/vem-gor-vad/?roll=personligt-ombud&roll=god-man")
    assert page.locator(".comparison-stacked").is_visible()
    assert not page.locator(".comparison-table").is_visible()
    page.set_viewport_size(VIEWPORTS["desktop"])
    assert page.locator(".comparison-table").is_visible()
    assert not page.locator(".comparison-stacked").is_visible()


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
    expect(page).to_have_url(re.compile("#kalla-1$"))
    expect(page.locator("#kalla-1")).to_be_visible()


def test_editor_can_insert_a_glossary_term_in_rich_text(page, guidance_content, django_user_model):
    """The Draftail 'Begrepp' button opens the term chooser and inserts a term entity.

    Storage as <a linktype="term"> is covered by the converter test in tests/guidance."""
    from guidance.models import GuidancePage

    django_user_model.objects.create_superuser("redaktor", "r@example.org", "lösenord-123")
    # Read before the browser starts: the live server shares the test's SQLite connection.
    target = GuidancePage.objects.get(slug="lattlast")
    page.goto(guidance_content + "/admin/login/")
    page.fill("#id_username", "redaktor")
    page.fill("#id_password", "lösenord-123")
    page.click("button[type=submit]")
    page.wait_for_url(guidance_content + "/admin/")
    page.goto(f"{guidance_content}/admin/pages/{target.pk}/edit/")
    editor = page.locator(".Draftail-Editor [contenteditable=true]").first
    editor.click()
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    page.locator("button[name=TERM]").first.click()
    modal = page.locator(".modal-content")
    modal.get_by_role("link", name="God man", exact=True).click()
    inserted = page.locator(".Draftail-Editor").first.locator(".TooltipEntity")
    inserted.wait_for()
    assert inserted.count() == 1
