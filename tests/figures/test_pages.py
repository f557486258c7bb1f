"""The figures page: each chart with its SVG, table, source and note; the CSV; languages."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from figures.models import DataSet, FiguresPage
from guidance.models import GuidancePage
from portal.models import HomePage
from tests.factories.figures import DataSetFactory, FiguresPageFactory, chart_body

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def english(dataset: DataSet, **fields) -> DataSet:
    translation = dataset.copy_for_translation(Locale.objects.get(language_code="en"))
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.full_clean()
    translation.save()
    return translation


class TestTreeRules:
    def test_lives_under_a_guidance_page_only_and_holds_no_pages(self, home, section):
        assert FiguresPage.allowed_parent_page_models() == [GuidancePage]
        assert FiguresPage.can_create_at(section)
        assert not FiguresPage.can_create_at(home)
        assert FiguresPage.allowed_subpage_models() == []
        assert FiguresPage in GuidancePage.allowed_subpage_models()
        assert FiguresPage not in HomePage.allowed_subpage_models()


class TestChart:
    def test_renders_the_svg_the_table_the_source_and_the_note(self, client, figures_page):
        document = soup(client.get(figures_page.url))
        assert document.h1.get_text(strip=True) == "PO i siffror"
        chart = document.select_one("section.chart#fig-po-lan-2004")
        assert chart.h2.get_text(strip=True) == "Verksamheter och ombud per län"
        svg = chart.select_one("figure svg[role=img]")
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find(id=title_id).get_text() == "Verksamheter och ombud per län"
        assert "Hur många verksamheter" in svg.find(id=desc_id).get_text()
        assert len(svg.select("rect.chart__bar")) == 6
        caption = chart.select_one("figcaption").get_text(" ", strip=True)
        assert "Källa: Socialstyrelsen 2005" in caption
        assert "Uppbyggnaden 2000–2004" in caption and "tabell 1" in caption
        assert "Siffrorna gäller december 2004." in caption
        assert "Summorna stämmer med rapportens totaler." in caption

    def test_the_data_is_a_real_table_reachable_by_keyboard(self, client, figures_page):
        chart = soup(client.get(figures_page.url)).select_one("section.chart")
        region = chart.select_one(".table-scroll")
        assert region["tabindex"] == "0" and region["role"] == "region"
        table = region.table
        assert region["aria-labelledby"] == table.caption["id"]
        assert (
            table.caption.get_text(strip=True) == "Tabell: Verksamheter och ombud per län (antal)"
        )
        assert [th["scope"] for th in table.thead.select("th")] == ["col"] * 3
        rows = [
            [cell.get_text(strip=True) for cell in row.select("th, td")]
            for row in table.tbody.select("tr")
        ]
        assert rows == [["Stockholm", "15", "56"], ["Jämtland", "1", "4"], ["Skåne", "18", "37"]]
        assert all(row.th["scope"] == "row" for row in table.tbody.select("tr"))

    def test_the_heading_of_the_block_overrides_the_title(self, client, section, dataset):
        page = FiguresPageFactory(parent=section, body=chart_body(dataset, heading="Egen rubrik"))
        document = soup(client.get(page.url))
        assert document.select_one("section.chart h2").get_text(strip=True) == "Egen rubrik"
        assert document.select_one("svg title").get_text() == "Egen rubrik"

    def test_several_charts_get_unique_ids_and_a_table_of_contents(self, client, section, dataset):
        other = DataSetFactory(key="kon-2023", title="Efter kön")
        page = FiguresPageFactory(parent=section, body=chart_body(dataset, other, dataset))
        document = soup(client.get(page.url))
        ids = [element["id"] for element in document.select("[id]")]
        assert len(ids) == len(set(ids))
        links = [a["href"] for a in document.select(".figures__toc a")]
        assert links == ["#fig-po-lan-2004", "#fig-kon-2023", "#fig-po-lan-2004-2"]
        assert [h.name for h in document.select("main h1, main h2")][:2] == ["h1", "h2"]

    def test_labels_with_markup_are_shown_as_text(self, client, section):
        hostile = DataSetFactory(
            title='<img src=x onerror="alert(1)">', data="Grupp;Antal\n<script>x</script>;3"
        )
        page = FiguresPageFactory(parent=section, body=chart_body(hostile))
        response = client.get(page.url)
        assert b"<script>x</script>" not in response.content
        assert b"<img src=x" not in response.content
        document = soup(response)
        assert document.select_one("tbody th").get_text() == "<script>x</script>"
        assert "<script>x</script>" in document.select_one("svg").get_text()

    def test_data_broken_outside_the_admin_shows_a_message_not_an_error(self, client, figures_page):
        DataSet.objects.update(data="Län;Ombud\nStockholm;många")
        document = soup(client.get(figures_page.url))
        assert document.select_one(".chart__error").get_text(strip=True) == (
            "Diagrammet kan inte visas just nu."
        )
        assert client.get(figures_page.url + "csv/po-lan-2004/").status_code == 404


class TestCsv:
    def test_downloads_the_data_for_swedish_excel(self, client, figures_page):
        response = client.get(figures_page.url + "csv/po-lan-2004/")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="po-lan-2004.csv"'
        assert response.content.decode("utf-8") == (
            "\ufeffLän;Verksamheter;Ombud\r\nStockholm;15;56\r\nJämtland;1;4\r\nSkåne;18;37\r\n"
        )

    def test_the_page_links_to_it(self, client, figures_page):
        link = soup(client.get(figures_page.url)).select_one(".chart__download a")
        assert link["href"] == figures_page.url + "csv/po-lan-2004/"
        assert "Ladda ner siffrorna som CSV-fil" in link.get_text()

    def test_decimals_keep_the_comma_and_formulas_are_neutralised(self, client, section):
        dataset = DataSetFactory(key="andel", data="Grupp;Andel\n=HYPERLINK(1);12,50\n@x;1 234")
        page = FiguresPageFactory(parent=section, body=chart_body(dataset))
        body = client.get(page.url + "csv/andel/").content.decode("utf-8")
        assert body == "\ufeffGrupp;Andel\r\n'=HYPERLINK(1);12,50\r\n'@x;1234\r\n"

    def test_only_data_sets_on_the_page(self, client, figures_page):
        DataSetFactory(key="annan")
        assert client.get(figures_page.url + "csv/annan/").status_code == 404
        assert client.get(figures_page.url + "csv/finns-inte/").status_code == 404
        assert client.get(figures_page.url + "csv/%3Cscript%3E/").status_code == 404


class TestEnglish:
    def test_shows_the_english_translation_of_the_data_set(self, client, figures_page_en, dataset):
        english(
            dataset,
            title="Programmes and ombudsmen per county",
            unit="number",
            period="December 2004",
            data="County;Programmes;Ombudsmen\nStockholm;15;56\nJämtland;1;4\nSkåne;18;37",
        )
        document = soup(client.get(figures_page_en.url))
        assert document.html["lang"] == "en"
        assert document.select_one("section.chart h2").get_text(strip=True) == (
            "Programmes and ombudsmen per county"
        )
        assert [th.get_text() for th in document.select("thead th")] == [
            "County",
            "Programmes",
            "Ombudsmen",
        ]
        csv = client.get(figures_page_en.url + "csv/po-lan-2004/").content.decode("utf-8")
        assert csv.startswith("\ufeffCounty;Programmes;Ombudsmen\r\n")

    def test_falls_back_to_the_swedish_data_set(self, client, figures_page_en):
        document = soup(client.get(figures_page_en.url))
        assert document.select_one("section.chart h2").get_text(strip=True) == (
            "Verksamheter och ombud per län"
        )
        assert client.get(figures_page_en.url + "csv/po-lan-2004/").status_code == 200

    def test_large_numbers_are_written_the_english_way(self, client, section, home_en):
        dataset = DataSetFactory(key="enkater", data="År;Enkäter\n2004;2 968")
        page = FiguresPageFactory(parent=section, body=chart_body(dataset))
        from tests.conftest import translate

        translate(section, "en", title="For county boards", slug="county")
        page_en = translate(page, "en", title="PO in numbers", slug="po-in-numbers")
        assert soup(client.get(page.url)).select_one("tbody td").get_text() == "2\u00a0968"
        assert soup(client.get(page_en.url)).select_one("tbody td").get_text() == "2,968"

    def test_a_translation_with_other_numbers_is_refused_and_never_shown(
        self, client, figures_page_en, dataset
    ):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as caught:
            english(dataset, data="County;Programmes;Ombudsmen\nStockholm;15;57\nJ;1;4\nS;18;37")
        assert caught.value.message_dict["data"] == [
            "Översättningen ska ha samma värden, i samma ordning, som originalet (3 rader med 2 "
            "serier). Översätt bara rubriker och etiketter."
        ]
        wrong = dataset.copy_for_translation(Locale.objects.get(language_code="en"))
        wrong.title, wrong.data = (
            "Wrong",
            "County;Programmes;Ombudsmen\nStockholm;1;1\nJ;1;4\nS;1;3",
        )
        wrong.save()  # as if changed outside the admin
        document = soup(client.get(figures_page_en.url))
        assert document.select_one("section.chart h2").get_text(strip=True) == (
            "Verksamheter och ombud per län"
        )
