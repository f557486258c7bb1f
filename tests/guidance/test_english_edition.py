"""English for every audience: the ombud section, the county section and the FAQ pages exist
in English as pack translations that line up with their Swedish pages, and English pages link
to English pages (or say plainly that a link leads to a Swedish one)."""

import textwrap

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from portal.content_pack.loader import Pack, parse_pack
from portal.models import ContentRecord

# The sections every page of which must exist in English, and the FAQ pages wherever they are.
ENGLISH_SECTIONS = {"ombud", "lansstyrelse"}
FAQ_SUFFIX = "fragor-och-svar"
# Swedish on purpose, each with its reason. Keep this list short and explained.
SWEDISH_ONLY: dict[str, str] = {}
# English fields whose blocks do not (yet) line up with the Swedish page's, each with its reason.
# Fields whose page reference is explicitly to a Swedish page, with link text saying so.
SWEDISH_LINK_FIELDS = {"easy_read_page"}


def pages_that_need_english(pack: Pack) -> list[str]:
    by_key = {spec.key: spec for spec in pack.pages}

    def trail(key):
        while key:
            yield key
            key = by_key[key].parent_key

    return [
        spec.key
        for spec in pack.pages
        if ENGLISH_SECTIONS & set(trail(spec.key)) or spec.key.endswith(FAQ_SUFFIX)
    ]


def missing_english(pack: Pack) -> list[str]:
    return [
        key
        for key in pages_that_need_english(pack)
        if "en" not in {spec.key: spec for spec in pack.pages}[key].translations
        and key not in SWEDISH_ONLY
    ]


def shape(value):
    """The block structure of a field value: block types and the lengths of lists, not text."""
    if (
        isinstance(value, list)
        and value
        and all(isinstance(v, dict) and "type" in v for v in value)
    ):
        return [(block["type"], shape(block.get("value"))) for block in value]
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items() if isinstance(v, (list, dict))}
    if isinstance(value, list):
        return [shape(v) for v in value]
    return None


def structure_mismatches(pack: Pack) -> list[str]:
    found = []
    for spec in pack.pages:
        english = spec.translations.get("en")
        if english is None:
            continue
        for name, value in english.fields.items():
            if isinstance(value, (list, dict)) and shape(value) != shape(spec.fields.get(name)):
                found.append(f"{spec.key}.{name}")
    return found


def page_refs(value, found=None):
    found = [] if found is None else found
    if isinstance(value, dict):
        if set(value) == {"$page"}:
            found.append(str(value["$page"]))
        for item in value.values():
            page_refs(item, found)
    elif isinstance(value, list):
        for item in value:
            page_refs(item, found)
    return found


def links_to_swedish_only_pages(pack: Pack) -> list[str]:
    translated = {spec.key for spec in pack.pages if "en" in spec.translations}
    found = []
    for spec in pack.pages:
        english = spec.translations.get("en")
        if english is None:
            continue
        fields = {k: v for k, v in english.fields.items() if k not in SWEDISH_LINK_FIELDS}
        found += [f"{spec.key} → {ref}" for ref in page_refs(fields) if ref not in translated]
    return found


@pytest.fixture(scope="module")
def real_pack():
    return parse_pack(settings.PORTAL_CONTENT_DIR)


class TestThePack:
    def test_every_page_of_the_ombud_county_and_faq_sections_has_english(self, real_pack):
        needed = pages_that_need_english(real_pack)
        assert len(needed) >= 30  # both sections and their children, not an empty list
        assert missing_english(real_pack) == []

    def test_the_exceptions_are_real_pages_still_without_english(self, real_pack):
        # An exception that is translated (or gone) must leave the list.
        by_key = {spec.key: spec for spec in real_pack.pages}
        for key in SWEDISH_ONLY:
            assert key in by_key and "en" not in by_key[key].translations, key

    def test_english_pages_have_the_block_structure_of_their_swedish_pages(self, real_pack):
        assert structure_mismatches(real_pack) == []

    def test_the_english_checklist_lines_up_with_the_swedish_item_by_item(self, real_pack):
        # Same areas and items under the same permanent keys, checking the same rules against
        # the same sources: only the words differ (and the county tool never sees them).
        spec = next(spec for spec in real_pack.pages if spec.key == "tillsyn-checklista")

        def skeleton(areas):
            return [
                (
                    area["value"]["key"],
                    [
                        (item["key"], item["rules"], [c["source"] for c in item["citations"]])
                        for item in area["value"]["items"]
                    ],
                )
                for area in areas
            ]

        english = spec.translations["en"].fields["areas"]
        assert skeleton(english) == skeleton(spec.fields["areas"])
        assert len(skeleton(english)) == 10
        for area in english:
            for item in area["value"]["items"]:
                assert item["question"].endswith("?"), item["key"]
                assert "<b>Met:</b>" in item["guidance"], item["key"]
                assert "Uppfyllt" not in item["guidance"], item["key"]

    def test_english_pages_link_only_to_pages_that_exist_in_english(self, real_pack):
        # Links to the easy-to-read Swedish pages are the explicit exception (their link text
        # says "easy-to-read Swedish"); the easy-to-read section is Swedish by design.
        assert links_to_swedish_only_pages(real_pack) == []


def write_pack(path, pages_yaml: str):
    (path / "pages").mkdir(parents=True)
    (path / "snippets").mkdir()
    (path / "pages" / "10_pages.yaml").write_text(textwrap.dedent(pages_yaml))
    return parse_pack(path)


SMALL_PACK = """
    pages:
      - key: home
        type: portal.HomePage
        slug: startsida
        title: Start
        translations:
          en: {slug: home, title: Home}
      - key: ombud
        type: guidance.GuidancePage
        parent: home
        slug: ombud
        title: För ombud
        fields:
          body:
            - {type: heading, value: {text: "Rubrik", level: h2}}
            - {type: related_pages, value: {pages: [{$page: etik}]}}
        translations:
          en:
            slug: ombudsmen
            title: For ombudsmen
            fields:
              body:
                - {type: heading, value: {text: "Heading", level: h2}}
                - {type: related_pages, value: {pages: [{$page: etik}]}}
      - key: etik
        type: guidance.GuidancePage
        parent: ombud
        slug: etik
        title: Etik
      - key: stod-fragor-och-svar
        type: guidance.GuidancePage
        parent: home
        slug: fragor
        title: Frågor
"""


class TestTheChecksFail:
    """The checks above report what is wrong, so a missing translation cannot slip through."""

    def test_a_missing_translation_in_a_section_and_of_an_faq_page_is_reported(self, tmp_path):
        pack = write_pack(tmp_path, SMALL_PACK)
        assert missing_english(pack) == ["etik", "stod-fragor-och-svar"]

    def test_a_link_from_english_to_a_swedish_only_page_is_reported(self, tmp_path):
        pack = write_pack(tmp_path, SMALL_PACK)
        assert links_to_swedish_only_pages(pack) == ["ombud → etik"]

    def test_a_translation_with_other_blocks_is_reported(self, tmp_path):
        changed = SMALL_PACK.replace(
            '- {type: heading, value: {text: "Heading", level: h2}}',
            '- {type: text, value: {text: "<p>Heading</p>"}}',
        )
        pack = write_pack(tmp_path, changed)
        assert structure_mismatches(pack) == ["ombud.body"]

    def test_a_translation_with_fewer_questions_is_reported(self, tmp_path):
        qa = SMALL_PACK.replace(
            "- {type: related_pages, value: {pages: [{$page: etik}]}}\n        translations:",
            "- {type: qa, value: {items: [{question: 'A?', answer: '<p>a</p>'},"
            " {question: 'B?', answer: '<p>b</p>'}]}}\n        translations:",
        ).replace(
            "                - {type: related_pages, value: {pages: [{$page: etik}]}}\n",
            " " * 16 + "- {type: qa, value: {items: [{question: 'A?', answer: '<p>a</p>'}]}}\n",
        )
        pack = write_pack(tmp_path, qa)
        assert structure_mismatches(pack) == ["ombud.body"]


# The loaded pack: what readers get ------------------------------------------------------------


@pytest.fixture(scope="module")
def edition(real_pack_in_db):
    """The real pack, in the database for this module (tests/packs.py)."""
    return real_pack_in_db


@pytest.mark.django_db
class TestTheEnglishPages:
    def english_pages(self, real_pack):
        keys = [k for k in pages_that_need_english(real_pack) if k not in SWEDISH_ONLY]
        return [ContentRecord.objects.get(key=k, language="en").page for k in keys]

    def test_every_english_page_is_live_in_english_under_an_english_parent(
        self, edition, real_pack
    ):
        for page in self.english_pages(real_pack):
            assert page.live and page.locale.language_code == "en", page
            assert page.get_parent().locale.language_code == "en", page
            assert page.url.startswith("/en/"), page

    def test_english_pages_render_in_english_and_mark_swedish_links(
        self, edition, real_pack, client
    ):
        for page in self.english_pages(real_pack):
            response = client.get(page.url)
            assert response.status_code == 200, page.url
            document = BeautifulSoup(response.content, "html.parser")
            assert document.html["lang"] == "en"
            assert document.h1.get_text(strip=True) == page.title
            for link in document.main.select("a[href^='/sv/']"):
                assert link.get("hreflang") == "sv" or link.select_one("[lang=sv]"), (
                    page.url,
                    link,
                )
            # Verbatim Swedish quotations are marked as Swedish on English pages.
            for quote in document.main.select("blockquote"):
                assert quote.get("lang") == "sv", page.url

    def test_the_language_switch_on_an_english_page_leads_to_its_swedish_page(
        self, edition, client
    ):
        english = ContentRecord.objects.get(key="ombud-avgransningar", language="en").page
        swedish = ContentRecord.objects.get(key="ombud-avgransningar", language="sv").page
        document = BeautifulSoup(client.get(english.url).content, "html.parser")
        link = document.select_one("nav.language-switcher a[lang=sv]")
        assert link["href"] == swedish.url

    def test_a_swedish_only_page_offers_the_english_home_page(self, edition, client):
        # Easy-to-read Swedish is Swedish by design, and its section has no English start.
        easy_read = ContentRecord.objects.get(key="lattlast-vad-ar-po", language="sv").page
        document = BeautifulSoup(client.get(easy_read.url).content, "html.parser")
        switch = document.select_one("nav.language-switcher a[lang=en]")
        notice = BeautifulSoup(client.get(switch["href"]).content, "html.parser")
        assert notice.h1.get_text(strip=True) == "This page is not available in English"
        assert {a["href"] for a in notice.main.select("a")} == {easy_read.url, "/en/"}

    def test_the_english_checklist_is_a_translation_with_every_string_paired(self, edition):
        # Reviewed like any change: wagtail-localize knows each English string as the
        # translation of its Swedish one, so a later Swedish edit shows as out of date.
        label = "Tillsyn och uppföljning av verksamhet med personligt ombud [en]"
        assert label in edition.translations.linked
        assert edition.translations.unpaired[label] == 0

    def test_the_checklist_language_switch_works_both_ways(self, edition, client):
        english = ContentRecord.objects.get(key="tillsyn-checklista", language="en").page
        swedish = ContentRecord.objects.get(key="tillsyn-checklista", language="sv").page
        assert english.url.startswith("/en/") and english.url != swedish.url
        to_english = BeautifulSoup(client.get(swedish.url).content, "html.parser")
        assert to_english.select_one("nav.language-switcher a[lang=en]")["href"] == english.url
        to_swedish = BeautifulSoup(client.get(english.url).content, "html.parser")
        assert to_swedish.select_one("nav.language-switcher a[lang=sv]")["href"] == swedish.url

    def test_the_english_checklist_renders_every_item_and_links_english_rule_pages(
        self, edition, client
    ):
        english = ContentRecord.objects.get(key="tillsyn-checklista", language="en").page
        document = BeautifulSoup(client.get(english.url).content, "html.parser")
        questions = document.select(".checklist-item__question")
        assert len(questions) == 62
        assert questions[0].get_text(" ", strip=True).startswith("1.1 Is it clear which")
        version = document.select_one(".checklist__version").get_text(" ", strip=True)
        assert version.startswith("A translation of the Swedish checklist.")
        rule_links = document.select(".checklist-item__rules a")
        assert rule_links and all(a["href"].startswith("/en/") for a in rule_links)
