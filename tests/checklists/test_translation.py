"""The checklist in English: a translation for reading. Assessments, versions and exports keep
answering the Swedish text; the English page links English rule pages and marks Swedish text."""

import pytest
from bs4 import BeautifulSoup
from django.utils import translation

from checklists import selectors, services
from checklists.models import ChecklistVersion
from tests.conftest import translate
from tests.factories.checklists import publish
from tests.factories.guidance import RuleSetPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rule_pages(home, home_en, section, rule):
    """The rule's set has a Swedish page and its English translation."""
    translate(section, "en", title="For county boards", slug="county")
    swedish = RuleSetPageFactory(parent=section, rule_set=rule.rule_set, slug="regler")
    english = translate(swedish, "en", title="The rules", slug="rules")
    return swedish, english


@pytest.fixture
def checklist_en(rule_pages, checklist):
    return translate(checklist, "en", title="Supervision and follow-up", slug="checklist")


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


class TestVersions:
    def test_publishing_the_translation_freezes_no_version(self, checklist, checklist_en):
        assert checklist_en.is_translation and not checklist.is_translation
        assert services.checklist_version_publish(page=checklist_en) is None
        assert list(ChecklistVersion.objects.values_list("checklist_id", "number")) == [
            (checklist.pk, 1)
        ]

    def test_new_assessments_are_offered_only_the_swedish_checklist(self, checklist, checklist_en):
        assert [v.checklist_id for v in selectors.checklist_versions_current()] == [checklist.pk]

    def test_an_english_only_checklist_is_not_offered_to_the_tool(self, checklist, checklist_en):
        checklist.unpublish()
        assert selectors.checklist_versions_current() == []

    def test_the_frozen_text_is_swedish_whoever_publishes(self, checklist, rule):
        checklist.title = "Tillsyn, andra upplagan"
        with translation.override("en"):
            version = services.checklist_version_publish(page=checklist)
        with translation.override("sv"):
            swedish = rule.get_force_display()
        with translation.override("en"):
            assert rule.get_force_display() != swedish  # the label is translated, so this tests
        assert version.items()[0]["rules"][0]["force"] == swedish

    def test_the_swedish_snapshot_links_the_swedish_rule_page(self, rule_pages, checklist):
        swedish_rules, _english_rules = rule_pages
        checklist = publish(checklist)  # again, now that the rule set has pages: version 2
        rule = checklist.versions.first().items()[0]["rules"][0]
        assert rule["url"].startswith(swedish_rules.url)


class TestEnglishPage:
    def test_renders_in_english_with_the_swedish_version_it_translates(
        self, client, checklist, checklist_en
    ):
        response = client.get(checklist_en.url)
        assert response.status_code == 200 and checklist_en.url.startswith("/en/")
        document = soup(response)
        assert document.html["lang"] == "en"
        assert document.h1.get_text(strip=True) == "Supervision and follow-up"
        version = document.select_one(".checklist__version").get_text(" ", strip=True)
        assert version.startswith("A translation of the Swedish checklist.")
        assert "version 1, published" in version
        assert "against the Swedish text of this checklist" in document.main.get_text()

    def test_links_english_rule_pages_and_marks_swedish_rule_text(
        self, client, checklist_en, rule_pages, rule
    ):
        _swedish_rules, english_rules = rule_pages
        document = soup(client.get(checklist_en.url))
        rules = document.select(".checklist-item__rules li")
        assert rules and all(
            li.a["href"].startswith(english_rules.url + "regel/") for li in rules
        ), rules[0]
        assert rules[0].select_one("span[lang=sv]").get_text() == rule.text
        source = document.select_one(".source-note span[lang=sv]")
        assert source is not None and source.get_text()

    def test_the_swedish_page_marks_nothing_as_swedish(self, client, checklist, rule_pages):
        document = soup(client.get(publish(checklist).url))  # version 2 links the rule page
        assert document.main.select("[lang=sv]") == []
        assert document.select_one(".checklist__version").get_text().startswith("Version 2,")

    def test_the_language_switch_works_both_ways(self, client, checklist, checklist_en):
        swedish = soup(client.get(checklist.url))
        assert swedish.select_one("nav.language-switcher a[lang=en]")["href"] == checklist_en.url
        english = soup(client.get(checklist_en.url))
        assert english.select_one("nav.language-switcher a[lang=sv]")["href"] == checklist.url
