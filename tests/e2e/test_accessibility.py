"""Zero axe-core violations (WCAG 2.1 A and AA) on every public page type, in both languages."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import raw_violations, violations, violations_on
from tests.e2e.browser import submit

# One URL per page type and state, in both languages.
PAGES = [
    "/sv/",  # home page
    "/en/",
    "/sv/for-dig-som-soker-stod/",  # content page with breadcrumbs
    "/en/for-you-who-need-support/",
    "/sv/om-portalen/",
    "/en/about/",
    "/sv/for-lansstyrelser-och-ledning/checklista-for-tillsyn/",  # the public checklist
    "/sv/for-lansstyrelser-och-ledning/vad-po-astadkommer/",  # outcomes and costs
    "/sv/sok/",  # search: empty, results, nothing found
    "/sv/sok/?q=ombud",
    "/en/search/?q=ombudsman",
    "/sv/sok/?q=qwxzyq",
    "/sv/sidan-finns-inte/",  # 404
    "/en/no-such-page/",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "mobile": {"width": 375, "height": 740}}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_public_pages_have_no_axe_violations(page, content, viewport):
    page.set_viewport_size(VIEWPORTS[viewport])
    found = {url: violations_on(page, content + url) for url in PAGES}
    found = {url: v for url, v in found.items() if v}
    assert found == {}


def test_pages_actually_render_what_axe_checked(page, content):
    """Guard against axe passing an empty or error page."""
    for url, heading in [("/sv/", "Personligt ombud"), ("/en/about/", "About the portal")]:
        response = page.goto(content + url)
        assert response.status == 200
        assert page.locator("h1").inner_text() == heading
    response = page.goto(content + "/sv/sidan-finns-inte/")
    assert response.status == 404 and page.locator("h1").inner_text() == "Sidan finns inte"


def test_keyboard_reaches_content_through_the_skip_link(page, content):
    page.goto(content + "/sv/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switcher_moves_between_translations(page, content):
    page.goto(content + "/sv/om-portalen/")
    page.get_by_role("navigation", name="Språk").get_by_role("link", name="English").click()
    expect(page).to_have_url(content + "/en/about/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_no_request_leaves_the_portal(page, content):
    outside = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith(content) and not request.url.startswith("data:")
            else None
        ),
    )
    for url in PAGES:
        page.goto(content + url)
    assert outside == []


def test_axe_catches_a_real_violation(page):
    """The harness itself works: a page with an unlabelled image and no language fails."""
    page.set_content("<html><body><main><img src='x.png'></main></body></html>")
    ids = {v["id"] for v in raw_violations(page)}
    assert {"image-alt", "html-has-lang"} <= ids


def test_every_page_of_the_first_edition_has_no_axe_violations(page, content):
    """The whole real content pack, every live page in every language: wide, and narrow for
    one page of each type (the layouts differ by type, not by page)."""
    from wagtail.models import Page

    pages = [p for p in Page.objects.live().public().specific() if p.depth > 1]
    assert len(pages) > 40  # the first edition, not an empty site
    urls = sorted({p.get_url() for p in pages})
    page.set_viewport_size(VIEWPORTS["desktop"])
    found = {url: violations_on(page, content + url) for url in urls}
    one_per_type = {}
    for p in pages:
        one_per_type.setdefault((type(p).__name__, p.locale.language_code), p.get_url())
    page.set_viewport_size(VIEWPORTS["mobile"])
    found |= {f"{url} (mobil)": violations_on(page, content + url) for url in one_per_type.values()}
    assert {url: v for url, v in found.items() if v} == {}


@pytest.mark.parametrize("template", ["500.html", "503.html"])
def test_error_pages_have_no_axe_violations(page, content, template):
    """The server error and database outage pages, as the server renders them (no context)."""
    from django.template import loader

    html = loader.get_template(template).render()
    url = f"{content}/fel/{template}"
    page.route(url, lambda route: route.fulfill(status=503, body=html, content_type="text/html"))
    for viewport in VIEWPORTS.values():
        page.set_viewport_size(viewport)
        assert violations_on(page, url) == []
        assert page.locator("h1").inner_text() in {"Något gick fel", "Tillfälligt avbrott"}


def test_the_password_form_of_private_content_has_no_axe_violations(page, content):
    """A private page (both languages) and a document in a private collection: the form, and
    the form after a wrong password, at both widths; none of them names what it protects."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction

    urls = ["/sv/om-portalen/", "/en/about/"]
    for target in [p for p in Page.objects.live() if p.get_url() in urls]:
        PageViewRestriction.objects.create(page=target, restriction_type="password", password="x")
    private = Collection.get_first_root_node().add_child(name="Interna handlingar")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type="password", password="x"
    )
    document = get_document_model().objects.create(
        title="Internt protokoll", collection=private, file=ContentFile(b"x", name="internt.txt")
    )
    urls.append(document.url)
    for viewport in VIEWPORTS.values():
        page.set_viewport_size(viewport)
        for url in urls:
            assert violations_on(page, content + url) == [], url
            assert page.locator("h1").inner_text() in {"Lösenord krävs", "Password required"}
            assert "Om portalen" not in page.content() and "Internt protokoll" not in page.content()
            page.get_by_label(re.compile("Lösenord|Password")).fill("fel")
            submit(page, re.compile("Fortsätt|Continue"))
            expect(page.locator(".error-summary")).to_be_visible()
            assert violations(page) == [], url
