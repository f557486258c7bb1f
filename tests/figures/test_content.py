"""The data sets of the real content pack: valid, translated with the same numbers, and the
numbers the documents print (checked here against the seeds' figures once more)."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from figures.models import DataSet, FiguresPage

# In the `db` group, so pytest-django runs these before the browser tests empty the tables.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pack(real_pack_in_db):
    """The real pack, in the database for this module (tests/packs.py)."""
    return real_pack_in_db


def swedish(key: str) -> DataSet:
    return DataSet.objects.get(key=key, locale__language_code="sv")


def column(key: str, index: int = 0) -> list[Decimal]:
    return [row.values[index] for row in swedish(key).table().rows]


def test_every_data_set_is_valid_cited_and_translated_with_the_same_numbers(pack):
    originals = DataSet.objects.filter(locale__language_code="sv")
    assert 5 <= originals.count() <= 12
    for dataset in originals:
        dataset.full_clean()
        assert dataset.source.key in {
            "sos-2005-uppbyggnad",
            "sthlm-2023-arsrapport",
            "serus-2012-jamtland",
        }
        assert dataset.locator and dataset.period and dataset.description
        translation = DataSet.objects.get(
            translation_key=dataset.translation_key, locale__language_code="en"
        )
        translation.full_clean()
        assert translation.title != dataset.title
        assert [r.values for r in translation.table().rows] == [
            r.values for r in dataset.table().rows
        ]


def test_the_sums_the_notes_state(pack):
    assert sum(column("po-lan-2004", 0)) == 101 and sum(column("po-lan-2004", 1)) == 286
    assert sum(column("kommuner-med-po-2004", 0)) == 290
    assert sum(column("kommuner-med-po-2004", 1)) == 231
    assert sum(column("stockholm-kon-2023", 0)) == 308
    assert sum(column("stockholm-kon-2023", 1)) == 232
    assert sum(column("stockholm-alder-2023")) == 99
    assert "99 procent" in swedish("stockholm-alder-2023").note
    reasons = column("stockholm-kontaktorsaker-2023", 0), column("stockholm-kontaktorsaker-2023", 1)
    assert (sum(reasons[0]), sum(reasons[1])) == (469, 295)
    assert "764" in swedish("stockholm-kontaktorsaker-2023").note
    assert sum(column("nationell-oversikt-2012")) == 213
    assert "213, inte 290" in swedish("nationell-oversikt-2012").note
    assert column("klientenkater-2002-2004") == [1213, 2539, 2968]
    assert column("jamtland-klienter-2004-2010") == [90, 60, 110, 95, 150, 130]
    assert "ungefärliga" in swedish("jamtland-klienter-2004-2010").note


def columns(key: str) -> list[list[Decimal]]:
    table = swedish(key).table()
    return [[row.values[i] for row in table.rows] for i in range(len(table.series))]


def test_the_2004_client_profile_has_the_seeds_numbers_and_says_where_they_do_not_add_up(pack):
    """Bilaga 1, tabell 3 of the 2005 report (seed 000 L2603–2690), as printed."""
    route = columns("klienter-vag-in-2004")
    assert route == [[38, 4, 28, 14, 7, 11], [35, 4, 34, 8, 5, 13], [36, 4, 31, 11, 6, 12]]
    assert [sum(c) for c in route] == [102, 99, 100]
    assert "102 procent för männen, 99 för kvinnorna" in swedish("klienter-vag-in-2004").note
    housing = columns("klienter-bostad-2004")
    assert housing == [[82, 6, 2, 9, 1], [88, 4, 1, 6, 1], [86, 5, 1, 7, 1]]
    assert [sum(c) for c in housing] == [100, 100, 100]
    assert "238" in swedish("klienter-bostad-2004").note
    income = columns("klienter-forsorjning-2004")
    assert income[2] == [38, 3, 20, 21, 13, 5, 2, 1, 9]
    assert [sum(c) for c in income] == [110, 115, 112]
    assert "110 för männen, 115 för kvinnorna och 112" in swedish("klienter-forsorjning-2004").note
    assert columns("klienter-god-man-2004") == [[8, 2], [7, 2], [7, 2]]
    for key in ("vag-in", "bostad", "forsorjning", "god-man"):
        dataset = swedish(f"klienter-{key}-2004")
        assert dataset.period == "december 2004" and dataset.source.year == 2005
        assert dataset.locator.startswith("Bilaga 1 Basstatistik, tabell 3")
        assert dataset.table().series == ("Män", "Kvinnor", "Alla")


def test_the_client_profile_downloads_as_csv_with_the_seeds_numbers(pack, client):
    page = FiguresPage.objects.live().get(locale__language_code="sv")
    response = client.get(f"{page.url}csv/klienter-vag-in-2004/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "klienter-vag-in-2004" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Väg in;Män;Kvinnor;Alla"
    assert "Via myndighet;38;35;36" in lines
    assert len([line for line in lines if line.count(";") == 3]) == 7
    english = FiguresPage.objects.live().get(locale__language_code="en")
    lines = client.get(f"{english.url}csv/klienter-god-man-2004/").content.decode("utf-8-sig")
    assert "Trustee (god man);8;7;7" in lines.splitlines()
    assert client.get(f"{page.url}csv/klienter-finns-inte/").status_code == 404


def test_the_page_draws_every_data_set_in_both_languages(pack, client):
    keys = set(DataSet.objects.filter(locale__language_code="sv").values_list("key", flat=True))
    for page in FiguresPage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200
        document = BeautifulSoup(response.content, "html.parser")
        charts = document.select("section.chart")
        assert {chart["id"].removeprefix("fig-") for chart in charts} == keys
        for chart in charts:
            assert chart.select_one("svg[role=img] title").get_text()
            assert chart.select_one("table caption")
            href = chart.select_one(".chart__download a")["href"]
            assert client.get(href).status_code == 200
        if page.locale.language_code == "en":
            assert document.select_one("section.chart h2").get_text(strip=True) == (
                "Programmes and ombudsmen per county, December 2004"
            )
