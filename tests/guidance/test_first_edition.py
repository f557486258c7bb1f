"""The first edition of the real content pack: what the issue promises readers is there."""

import pytest
from bs4 import BeautifulSoup
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from figures.models import DataSet
from guidance.choices import RoleAttributeKind
from guidance.models import (
    DeficiencyExample,
    DilemmaPage,
    RoleProfile,
    Rule,
    RuleSet,
    Source,
    Term,
)
from portal.models import ContentRecord
from tests.content_checks import (
    figures_without_year,
    link_problems,
    period_without_year,
    uncited_normative,
)


@pytest.fixture(scope="module")
def edition(real_pack_in_db):
    """The real pack, in the database for this module (tests/packs.py)."""
    return real_pack_in_db


@pytest.fixture(scope="module")
def live_pages(edition, django_db_blocker):
    """Every live page of the pack but the root, specific, read once for the module."""
    with django_db_blocker.unblock():
        return list(Page.objects.live().filter(depth__gt=1).select_related("locale").specific())


@pytest.fixture(scope="module")
def rendered(live_pages, django_db_blocker):
    """Every live page rendered once for the module: {url: (language, html)}."""
    pages = {}
    with django_db_blocker.unblock():
        client = Client()
        for page in live_pages:
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            pages[page.url] = (page.locale.language_code, response.content.decode())
    return pages


def stream_fields(page):
    """(name, raw blocks) of each StreamField of a page."""
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            yield field.name, list(getattr(page, field.name).raw_data)


def page_exists_on(site):
    """A function that says whether a path names something the portal serves: a view of its
    own (search) or a live page in the language of the path's prefix. Answers are kept."""
    homes = {
        home.locale.language_code: home.specific
        for home in Page.objects.filter(
            translation_key=site.root_page.translation_key
        ).select_related("locale")
    }
    factory = RequestFactory()

    def exists(path: str) -> bool:
        if path not in exists.checked:
            exists.checked[path] = _page_exists(path, homes, factory)
        return exists.checked[path]

    exists.checked = {}
    return exists


def _page_exists(path, homes, factory) -> bool:
    language = path.split("/")[1]
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return False
        if match.url_name != "wagtail_serve":
            return True
        home = homes.get(language)
        if home is None or not home.live:
            return False
        components = [part for part in match.args[0].split("/") if part]
        try:
            result = home.route(factory.get(path), components)
        except Http404:
            return False
    page = result.page if hasattr(result, "page") else result[0]
    return page.live and page.locale.language_code == language


def record(key: str, language: str = "sv"):
    return ContentRecord.objects.get(key=key, language=language)


def page_of(key: str, language: str = "sv") -> Page:
    return record(key, language).page.specific


@pytest.mark.django_db
class TestFirstEdition:
    def test_the_glossary_has_at_least_40_terms_each_with_a_source_and_english(self, edition):
        swedish = Term.objects.filter(locale__language_code="sv")
        assert swedish.count() >= 40
        assert not swedish.filter(source__isnull=True).exists()
        assert not swedish.filter(locator="").exists()
        english_keys = set(
            Term.objects.filter(locale__language_code="en").values_list(
                "translation_key", flat=True
            )
        )
        assert set(swedish.values_list("translation_key", flat=True)) <= english_keys
        for abbreviation in ["PO", "LSS", "SoL", "HSL", "FK", "AF", "SIP"]:
            assert swedish.filter(abbreviations__icontains=abbreviation).exists(), abbreviation

    def test_thirteen_roles_with_every_attribute_cited_in_both_languages(self, edition):
        roles = RoleProfile.objects.prefetch_related("attributes")
        assert roles.filter(locale__language_code="sv").count() == 13
        assert roles.filter(locale__language_code="en").count() == 13
        every_attribute = {kind.value for kind in RoleAttributeKind}
        for role in roles:
            assert {a.attribute for a in role.attributes.all()} == every_attribute, role.name
            for attribute in role.attributes.all():
                assert attribute.source_id and attribute.locator and attribute.value.strip()

    def test_three_rule_sets_with_cited_rules(self, edition):
        assert set(RuleSet.objects.values_list("key", flat=True)) == {
            "mb-2011-5",
            "forordning-2013-522",
            "mb-2000-14",
        }
        for rule_set in RuleSet.objects.all():
            assert Rule.objects.filter(rule_set=rule_set).exists(), rule_set.key
        assert Rule.objects.filter(rule_set__key="mb-2011-5").count() >= 25
        assert not Rule.objects.filter(source__isnull=True).exists()
        assert not Rule.objects.filter(locator="").exists()
        # the förordning changed some of the 2011 rules, and the documents say so
        assert Rule.objects.filter(
            rule_set__key="mb-2011-5", superseded_by__rule_set__key="forordning-2013-522"
        ).exists()

    def test_at_least_six_dilemmas_and_examples_for_every_level_and_actor(self, edition):
        ethics = page_of("etik")
        assert DilemmaPage.objects.child_of(ethics).live().count() >= 6
        levels = set(DeficiencyExample.objects.values_list("level", flat=True))
        actors = set(DeficiencyExample.objects.values_list("actor", flat=True))
        assert levels == {"mote", "lokal", "nationell"}
        assert actors == {
            "socialtjanst",
            "halso-och-sjukvard",
            "forsakringskassan",
            "arbetsformedlingen",
            "ovriga",
        }

    def test_every_source_is_cited_by_a_page(self, edition):
        from wagtail.models import Locale

        from guidance.selectors import sources_with_citing_pages

        cited = sources_with_citing_pages(locale=Locale.objects.get(language_code="sv"))
        assert len(cited) == Source.objects.count() == 20
        assert [s.key for s, pages in cited if not pages] == []

    def test_every_normative_statement_carries_a_citation_in_both_languages(self, live_pages):
        uncited = [
            f"{page.url} {name}: {text}"
            for page in live_pages
            for name, blocks in stream_fields(page)
            for text in uncited_normative(blocks, language=page.locale.language_code)
        ]
        assert uncited == []

    def test_every_figure_names_its_year(self, live_pages):
        undated = [
            f"{page.url} {name}: {text}"
            for page in live_pages
            for name, blocks in stream_fields(page)
            for text in figures_without_year(blocks)
        ]
        assert undated == []
        data_sets = DataSet.objects.all()
        assert data_sets.exists()
        assert [d.key for d in data_sets if period_without_year(d.period) or not d.source_id] == []

    def test_every_link_leads_to_a_page_that_exists_in_its_language(self, rendered):
        exists = page_exists_on(Site.objects.get(is_default_site=True))
        broken = [
            f"{url}: {problem}"
            for url, (language, html) in rendered.items()
            for problem in link_problems(html, language=language, exists=exists)
        ]
        assert broken == []
        assert len(exists.checked) > 300  # the directory's municipality entries among them

    def test_every_live_page_renders_with_its_title_in_its_language(self, live_pages, rendered):
        assert len(live_pages) > 40
        for page in live_pages:
            language, html = rendered[page.url]
            document = BeautifulSoup(html, "html.parser")
            assert document.h1.get_text(strip=True) == page.title, page.url
            assert document.html["lang"] == language == page.locale.language_code

    @pytest.mark.parametrize(
        "key", ["stod-vad-ar-po", "stod-vem-kan-fa", "stod-kontakt", "stod-vad-gor-ombudet"]
    )
    def test_client_pages_have_english_and_the_first_ones_an_easy_read_version(self, edition, key):
        swedish = page_of(key)
        assert swedish.live and swedish.audience == "stod"
        assert page_of(key, "en").translation_key == swedish.translation_key
        if key != "stod-vad-gor-ombudet":
            easy = swedish.easy_read_page.specific
            assert easy.live and easy.reading_level == "lattlast"
            assert easy.get_parent().specific == page_of("lattlast")

    def test_the_client_questions_and_answers_cover_what_people_ask(self, edition):
        questions = [
            item["question"]
            for block in page_of("stod-fragor-och-svar").body
            if block.block_type == "qa"
            for item in block.value["items"]
        ]
        for topic in ["fullmakt", "anhörig", "kö", "överklaga", "god man"]:
            assert any(topic in q.lower() for q in questions), topic

    def test_every_dilemma_links_at_least_one_rule(self, edition):
        unlinked = [
            dilemma.slug
            for dilemma in DilemmaPage.objects.live().filter(locale__language_code="sv")
            if not any(block.block_type == "rule" for block in dilemma.references)
        ]
        assert unlinked == []

    @pytest.mark.parametrize(
        ("key", "language"),
        [("stod-kontakt", "sv"), ("stod-kontakt", "en"), ("lattlast-kontakt", "sv")],
    )
    def test_how_to_get_in_touch_links_to_the_directory_in_the_readers_language(
        self, edition, client, key, language
    ):
        directory = page_of("hitta-ombud", language)
        response = client.get(page_of(key, language).url)
        document = BeautifulSoup(response.content, "html.parser")
        assert directory.url in {a["href"] for a in document.main.select("a[href]")}
        # The page no longer says that the portal has no list of the ombud.
        text = document.main.get_text(" ", strip=True)
        assert "ingen förteckning" not in text and "does not yet list" not in text
