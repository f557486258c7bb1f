"""The data sets of the real content pack: valid, translated with the same numbers, and the
numbers the documents print (checked here against the seeds' figures once more)."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import transaction

from figures.models import DataSet, FiguresPage
from portal.content_pack.loader import load_pack

# In the `db` group, so pytest-django runs these before the browser tests empty the tables.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def pack(django_db_setup, django_db_blocker):
    """The real pack, loaded once for this module and rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_pack(settings.PORTAL_CONTENT_DIR)
        yield
        transaction.set_rollback(True)


def swedish(key: str) -> DataSet:
    return DataSet.objects.get(key=key, locale__language_code="sv")


def column(key: str, index: int = 0) -> list[Decimal]:
    return [row.values[index] for row in swedish(key).table().rows]


def test_every_data_set_is_valid_cited_and_translated_with_the_same_numbers(pack):
    originals = DataSet.objects.filter(locale__language_code="sv")
    assert 5 <= originals.count() <= 8
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
