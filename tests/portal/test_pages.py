"""Page types: tree rules, rendering, navigation and languages."""

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from wagtail.models import Page, PageViewRestriction

from portal.models import HomePage, StandardPage
from tests.conftest import translate
from tests.factories import PAGE_FACTORIES, StandardPageFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def project_page_models() -> list[type[Page]]:
    """Page types of the project's own apps (those that live in this repository)."""
    from django.conf import settings

    root = str(settings.BASE_DIR)
    project_apps = {
        config.label
        for config in apps.get_app_configs()
        # A virtualenv may lie inside the repository too (.venv, CI's var/venv-3.x).
        if config.path.startswith(root) and "site-packages" not in Path(config.path).parts
    }
    assert {"portal", "guidance", "checklists"} <= project_apps
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model._meta.app_label in project_apps
    ]


def test_every_page_type_has_a_factory():
    missing = [m.__name__ for m in project_page_models() if m not in PAGE_FACTORIES]
    assert project_page_models(), "no page types found"
    assert missing == []


class TestTreeRules:
    def test_home_page_only_under_the_root(self):
        assert HomePage.allowed_parent_page_models() == [Page]
        assert HomePage.can_create_at(Page.get_first_root_node())

    def test_home_page_holds_content_pages_and_the_guidance_sections(self):
        from guidance import models as guidance

        assert set(HomePage.allowed_subpage_models()) == {
            StandardPage,
            guidance.GuidancePage,
            guidance.DeficiencyTaxonomyPage,
            guidance.GlossaryPage,
            guidance.SourcesPage,
            guidance.RuleSetPage,
            guidance.RoleComparisonPage,
        }

    def test_standard_page_lives_under_home_or_another_standard_page(self, home):
        assert set(StandardPage.allowed_parent_page_models()) == {HomePage, StandardPage}
        assert not StandardPage.can_create_at(Page.get_first_root_node())
        assert StandardPage.can_create_at(home)

    def test_standard_page_cannot_hold_a_home_page(self, standard_page):
        assert not HomePage.can_create_at(standard_page)


class TestRendering:
    def test_every_page_type_renders_with_its_title(self, home, standard_page):
        for page in (home, standard_page):
            response = self_get(page)
            assert response.status_code == 200
            document = soup(response)
            assert document.h1.get_text(strip=True) == page.title
            assert document.html["lang"] == "sv"

    def test_home_page_shows_one_entry_point_per_audience(self, client, home, standard_page):
        home.entry_points = [
            (
                "entry_point",
                {"audience": "stod", "heading": "Stöd", "text": "T", "page": standard_page},
            ),
            ("entry_point", {"audience": "ombud", "heading": "Ombud", "text": "T"}),
            ("entry_point", {"audience": "lansstyrelse", "heading": "Län", "text": "T"}),
        ]
        home.save_revision().publish()
        document = soup(client.get("/sv/"))
        headings = [h.get_text(strip=True) for h in document.select(".entry-point__heading")]
        assert headings == ["Stöd", "Ombud", "Län"]
        link = document.select_one(".entry-point--stod a")
        assert link["href"] == "/sv/om-portalen/"

    def test_standard_page_lists_its_live_children_only(self, client, standard_page):
        StandardPageFactory(parent=standard_page, title="Levande barn")
        draft = StandardPageFactory(parent=standard_page, title="Utkast")
        draft.unpublish()
        document = soup(client.get(standard_page.url))
        children = [a.get_text(strip=True) for a in document.select(".child-pages a")]
        assert children == ["Levande barn"]

    def test_breadcrumbs_lead_from_home_to_current_page(self, client, home, standard_page):
        child = StandardPageFactory(parent=standard_page, title="Fördjupning")
        nav = soup(client.get(child.url)).select_one("nav.breadcrumbs")
        items = [a.get_text(strip=True) for a in nav.select("a")]
        assert items == [home.title, standard_page.title, "Fördjupning"]
        assert nav.select("a")[-1]["aria-current"] == "page"

    def test_base_template_has_skip_link_landmarks_and_no_external_assets(self, client, home):
        document = soup(client.get("/sv/"))
        skip = document.select_one("a.skip-link")
        assert skip["href"] == "#main" and document.select_one("main#main")
        assert document.select_one("header") and document.select_one("footer")
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in document.find_all(tag):
                url = element.get(attribute, "")
                assert not url.startswith(("http://", "https://", "//")) or "testserver" in url, url

    def test_draft_and_private_pages_are_not_served(self, client, home):
        draft = StandardPageFactory(parent=home, slug="utkast")
        draft.unpublish()
        private = StandardPageFactory(parent=home, slug="privat")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        assert client.get("/sv/utkast/").status_code == 404
        response = client.get("/sv/privat/")
        # To the portal's own two-step sign-in, which comes back to the page.
        assert response.status_code == 302
        assert response["Location"] == "/konto/logga-in/?next=/sv/privat/"


class TestLanguages:
    def test_swedish_is_default_and_urls_carry_the_language(self, client, home, home_en):
        assert client.get("/", HTTP_ACCEPT_LANGUAGE="sv").url == "/sv/"
        assert home.url == "/sv/" and home_en.url == "/en/"

    def test_english_page_is_served_in_english(self, client, home_en):
        document = soup(client.get("/en/"))
        assert document.html["lang"] == "en"
        assert document.select_one("a.skip-link").get_text(strip=True) == "Skip to main content"

    def test_language_switcher_links_the_translation(self, client, home, standard_page, home_en):
        standard_en = translate(standard_page, "en", title="About", slug="about")
        document = soup(client.get(standard_page.url))
        link = document.select_one("nav.language-switcher a")
        assert link["href"] == standard_en.url and link["lang"] == "en"
        assert link.get_text(strip=True) == "English"

    def test_switcher_on_an_untranslated_page_leads_to_the_notice(
        self, client, standard_page, home_en
    ):
        # The notice itself is tested in tests/portal/test_not_translated.py.
        link = soup(client.get(standard_page.url)).select_one("nav.language-switcher a")
        assert link["href"] == f"/en/not-translated/{standard_page.pk}/"
        assert "sidan är inte översatt" in link.get_text()

    def test_switcher_falls_back_to_the_other_home_page(self, client, home, home_en):
        # Views that are not pages and give no address of their own: the other home page.
        link = soup(client.get("/sv/sidan-finns-inte/")).select_one("nav.language-switcher a")
        assert link["href"] == "/en/"
        assert "startsida" in link.get_text()

    def test_hreflang_alternates_list_every_language_version(self, client, home, home_en):
        document = soup(client.get("/sv/"))
        alternates = {
            link["hreflang"]: link["href"] for link in document.select("link[rel=alternate]")
        }
        assert alternates == {
            "sv": "http://testserver/sv/",
            "en": "http://testserver/en/",
            "x-default": "http://testserver/sv/",
        }

    def test_no_hreflang_for_an_untranslated_page(self, client, standard_page, home_en):
        document = soup(client.get(standard_page.url))
        assert document.select("link[rel=alternate]") == []


def self_get(page):
    from django.test import Client

    return Client().get(page.url)


def test_editors_get_wagtails_accessibility_checker_on_public_pages(
    client, home, django_user_model
):
    editor = django_user_model.objects.create_superuser("redaktor", "r@example.invalid", "x")
    client.force_login(editor)
    document = soup(client.get("/sv/"))
    userbar = document.find("wagtail-userbar")
    assert userbar is not None
    assert document.find(id="checker-axe-configuration") is not None


def test_entry_points_list_their_audiences_tools_and_skip_unpublished_ones(client, home):
    live_tool = StandardPageFactory(parent=home, title="Kan jag få personligt ombud?")
    draft_tool = StandardPageFactory(parent=home, title="Utkast till verktyg", live=False)
    home.entry_points = [
        (
            "entry_point",
            {
                "audience": "stod",
                "heading": "Stöd",
                "text": "T",
                "tools": [live_tool, draft_tool],
            },
        )
    ]
    home.save_revision().publish()
    links = soup(client.get("/sv/")).select(".entry-point__tools a")
    assert [(a.get_text(), a["href"]) for a in links] == [(live_tool.title, live_tool.url)]
