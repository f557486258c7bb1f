"""Issue 18, part 6, in the real content pack: the page on what PO achieves (outcomes, costs,
study designs and their limits) and the two onboarding modules on the training of 2000–2004,
in Swedish and English, each figure with its source and year. The pack is loaded once."""

import re

import pytest
from bs4 import BeautifulSoup

from portal.models import ContentRecord

pytestmark = pytest.mark.django_db

TRAINING_MODULES = ("nationell-utbildning", "ledningsgruppens-utbildning")


@pytest.fixture(scope="module")
def pack(real_pack_in_db):
    """The real pack, in the database for this module (tests/packs.py)."""
    return real_pack_in_db


def page_of(key: str, language: str = "sv"):
    return ContentRecord.objects.get(key=key, language=language).page.specific


def document(client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("main").get_text(" ").split())


class TestWhatPoAchieves:
    def test_the_page_sits_in_the_county_section_in_both_languages(self, pack):
        swedish = page_of("lan-vad-po-astadkommer")
        english = page_of("lan-vad-po-astadkommer", "en")
        assert swedish.live and english.live
        assert swedish.get_parent().specific == page_of("lansstyrelse")
        assert english.get_parent().specific == page_of("lansstyrelse", "en")
        assert swedish.url == "/sv/for-lansstyrelser-och-ledning/vad-po-astadkommer/"
        assert english.translation_key == swedish.translation_key
        assert swedish.audience == "lansstyrelse" and swedish.reading_level == "standard"

    def test_every_text_with_a_figure_cites_a_source_with_a_year(self, pack):
        for language in ("sv", "en"):
            body = page_of("lan-vad-po-astadkommer", language).body
            texts = [block for block in body if block.block_type == "text"]
            with_figures = [b for b in texts if re.search(r"\d", b.value["text"].source)]
            assert len(with_figures) >= 6
            for block in with_figures:
                assert block.value["citations"], block.value["text"].source[:80]
                for citation in block.value["citations"]:
                    assert citation["source"].year in (2005, 2012)
                    assert citation["locator"]

    def test_it_gives_the_outcomes_the_costs_the_designs_and_the_limits(self, pack, client):
        text = text_of(document(client, page_of("lan-vad-po-astadkommer").url))
        # Outcomes, with their numbers as the 2005 report gives them.
        for figure in ("Cirka 900 personer (26 procent)", "från 106 till 146", "24 dagar"):
            assert figure in text
        assert "61 vårddagar" in text and "tre av fyra avslutade klienter" in text
        # Costs from the Skåne study, with its size.
        assert "40 klienter i två verksamheter" in text
        assert "drygt 160 000 kronor per klient och år" in text
        assert "cirka 27 000 kronor per klient och år" in text
        # SROI and EQUASS (SERUS 2012) without claiming results the study does not give.
        assert "Social Return on Investment (SROI)" in text and "EQUASS" in text
        assert "inga resultat av certifieringen" in text
        # Study designs, years and limits.
        for phrase in (
            "Basuppföljningen 2002–2004",
            "publicerad 2004",
            "Inga jämförelsegrupper",
            "Små studier",
            "Enkäter med bortfall",
            "Gamla siffror",
            "sjukfaldig",
            "Den 6 december 2026 sökte vi",
        ):
            assert phrase in text, phrase

    def test_the_quotation_is_short_verbatim_and_cited(self, pack, client):
        soup = document(client, page_of("lan-vad-po-astadkommer").url)
        quotes = soup.select("figure.quote")
        assert len(quotes) == 1
        quote = " ".join(quotes[0].select_one("blockquote").get_text(" ").split())
        assert quote.startswith("Även om avsaknaden av jämförelsegrupper")
        assert len(quote.split()) < 50
        assert "Socialstyrelsen" in quotes[0].get_text()

    def test_the_english_page_renders_in_english_and_keeps_the_quote_swedish(self, pack, client):
        soup = document(client, page_of("lan-vad-po-astadkommer", "en").url)
        assert soup.html["lang"] == "en"
        assert soup.select_one("h1").get_text(strip=True) == "What personal ombudsmen achieve"
        assert soup.select_one("figure.quote blockquote")["lang"] == "sv"
        text = text_of(soup)
        assert "just over SEK 160,000 per client and year" in text
        assert "No comparison groups" in text
        hrefs = {a["href"] for a in soup.select("main a[href]")}
        assert page_of("po-i-siffror", "en").url in hrefs

    def test_the_figures_page_and_the_onboarding_link_to_it(self, pack):
        modules = {m.value["key"]: m.value for m in page_of("introduktion-nya-ombud").modules}
        for key in TRAINING_MODULES:
            assert page_of("lan-vad-po-astadkommer") in [p.specific for p in modules[key]["pages"]]


class TestTrainingModules:
    def test_the_two_modules_follow_the_ten_and_cite_the_2005_report(self, pack):
        for language in ("sv", "en"):
            modules = [m.value for m in page_of("introduktion-nya-ombud", language).modules]
            assert len(modules) == 12
            assert tuple(m["key"] for m in modules[-2:]) == TRAINING_MODULES
            for module in modules[-2:]:
                assert [c["source"].year for c in module["citations"]] == [2005]
                assert "Genomförandet" in module["citations"][0]["locator"]
                assert 1 <= len(module["pages"]) <= 6 and module["questions"]

    def test_the_national_training_module_says_it_is_history_and_gives_the_course(
        self, pack, client
    ):
        path = page_of("introduktion-nya-ombud").url
        soup = document(client, path + "modul/nationell-utbildning/")
        assert soup.select_one("h1").get_text(strip=True) == "Så utbildades nya ombud 2000–2004"
        text = text_of(soup)
        assert "Det här är historia." in text
        assert "Källorna säger inte om utbildningen finns kvar" in text
        assert "15 utbildningar på 9 orter" in text
        assert "11 grupper med cirka 18 ombud i varje, totalt cirka 200 ombud" in text
        themes = soup.select(".onboarding-module__body > div.prose ol li")
        assert len(themes) == 5
        assert themes[4].get_text(" ", strip=True).startswith("de juridiska förutsättningarna")
        source = soup.select_one(".onboarding-module__body > div.prose .source-note").get_text()
        assert "Socialstyrelsen 2005" in " ".join(source.split())

    def test_the_management_group_module_gives_eight_themes_and_says_why(self, pack, client):
        path = page_of("introduktion-nya-ombud").url
        soup = document(client, path + "modul/ledningsgruppens-utbildning/")
        text = text_of(soup)
        assert "Cirka 45 ledningsgrupper" in text and "mellan en och åtta dagar" in text
        assert len(soup.select(".onboarding-module__body > div.prose ul li")) == 8
        assert "åtta teman, inte tio" in text
        overview = text_of(document(client, path))
        assert "0 av 12 moduler klara" in overview

    def test_the_english_modules_render_in_english(self, pack, client):
        path = page_of("introduktion-nya-ombud", "en").url
        soup = document(client, path + "modul/ledningsgruppens-utbildning/")
        assert soup.html["lang"] == "en"
        text = text_of(soup)
        assert "This is history." in text and "eight themes, not ten" in text
        soup = document(client, path + "modul/nationell-utbildning/")
        assert "about 200 ombudsmen in all" in text_of(soup)
        assert len(soup.select(".onboarding-module__body > div.prose ol li")) == 5

    def test_an_unknown_module_is_not_found(self, pack, client):
        path = page_of("introduktion-nya-ombud").url
        assert client.get(path + "modul/utbildning-som-inte-finns/").status_code == 404
        assert client.get(path + "modul/%3Cscript%3E/").status_code == 404
