"""The language switch on a page that has no version in the other language: a notice in that
language that says so and offers the page as it is and the start of its section."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction

from tests.conftest import translate
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def section(home, home_en):
    """A Swedish section with an English version, and a Swedish-only page under it."""
    section = StandardPageFactory(parent=home, title="För ombud", slug="ombud")
    section_en = translate(section, "en", title="For ombudsmen", slug="ombudsmen")
    child = StandardPageFactory(parent=section, title="Etik", slug="etik")
    return section, section_en, child


def switch_link(response, code="en"):
    return soup(response).select_one(f"nav.language-switcher a[lang={code}]")


class TestSwitchLink:
    def test_untranslated_page_links_to_the_notice_and_says_why(self, client, section):
        _section, _section_en, child = section
        link = switch_link(client.get(child.url))
        assert link["href"] == f"/en/not-translated/{child.pk}/"
        hint = link.select_one(".visually-hidden")
        assert hint.get_text(strip=True) == "(sidan är inte översatt)"
        # The hint is read in the page's language, the language name in its own.
        assert hint["lang"] == "sv" and link["lang"] == "en"

    def test_translated_page_links_to_its_translation(self, client, section):
        section_page, section_en, _child = section
        link = switch_link(client.get(section_page.url))
        assert link["href"] == section_en.url
        assert link.select_one(".visually-hidden") is None

    def test_private_page_falls_back_to_the_home_page(self, rf, section):
        # The notice shows the page's title, so a private page never leads to it (read as the
        # switcher does for a reader who has passed the privacy check).
        from django.utils.translation import override

        from portal.selectors import language_links

        _section, _section_en, child = section
        PageViewRestriction.objects.create(page=child, restriction_type="login")
        with override("sv"):
            links = language_links(page=child, request=rf.get(child.url))
        english = next(link for link in links if link["code"] == "en")
        assert english["url"] == "/en/" and not english["is_untranslated"]


class TestNotice:
    def test_says_the_page_is_not_translated_and_offers_page_and_section(self, client, section):
        section_page, section_en, child = section
        response = client.get(f"/en/not-translated/{child.pk}/")
        assert response.status_code == 200
        document = soup(response)
        assert document.html["lang"] == "en"
        assert document.h1.get_text(strip=True) == "This page is not available in English"
        text = document.main.get_text(" ", strip=True)
        assert "The page “Etik” is only available in Swedish" in text
        links = {a["href"]: a for a in document.select("main a")}
        assert set(links) == {child.url, section_en.url, "/en/"}
        assert links[child.url].select_one("span[lang=sv]").get_text() == "Etik"
        assert "Read the page in Swedish" in links[child.url].get_text()
        assert links[section_en.url].get_text(" ", strip=True).endswith("For ombudsmen")
        assert document.select_one("meta[name=robots]")["content"] == "noindex"

    def test_without_a_translated_section_offers_the_home_page(self, client, home, home_en):
        page = StandardPageFactory(parent=home, title="Om portalen", slug="om-portalen")
        document = soup(client.get(f"/en/not-translated/{page.pk}/"))
        hrefs = [a["href"] for a in document.select("main a")]
        assert hrefs == [page.url, "/en/"]

    def test_in_swedish_for_a_page_that_exists_only_in_english(self, client, home, home_en):
        page = StandardPageFactory(parent=home_en, title="Only English", slug="only-english")
        response = client.get(f"/sv/inte-oversatt/{page.pk}/")
        document = soup(response)
        assert document.h1.get_text(strip=True) == "Sidan finns inte på svenska"
        assert "finns bara på engelska" in document.main.get_text()
        assert document.select_one("main a span[lang=en]").get_text() == "Only English"

    def test_a_translated_page_redirects_to_its_translation(self, client, section):
        section_page, section_en, _child = section
        response = client.get(f"/en/not-translated/{section_page.pk}/")
        assert response.status_code == 302 and response["Location"] == section_en.url

    @pytest.mark.parametrize("page_id", ["999999", "0"])
    def test_unknown_page_is_not_found(self, client, home, page_id):
        assert client.get(f"/en/not-translated/{page_id}/").status_code == 404

    @pytest.mark.parametrize("page_id", ["abc", "-1", "1%27%20OR%201=1", "9" * 40])
    def test_malformed_id_is_not_found(self, client, home, page_id):
        assert client.get(f"/en/not-translated/{page_id}/").status_code == 404

    def test_private_page_is_not_found_and_its_title_not_shown(self, client, section):
        _section, _section_en, child = section
        PageViewRestriction.objects.create(page=child, restriction_type="login")
        response = client.get(f"/en/not-translated/{child.pk}/")
        assert response.status_code == 404
        assert b"Etik" not in response.content

    def test_draft_page_is_not_found(self, client, section):
        _section, _section_en, child = section
        child.unpublish()
        assert client.get(f"/en/not-translated/{child.pk}/").status_code == 404

    def test_other_methods_are_refused(self, client, section):
        _section, _section_en, child = section
        assert client.post(f"/en/not-translated/{child.pk}/").status_code == 405
