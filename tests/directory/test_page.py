"""The directory page: search, the no-match state, browsing by county, both languages, bad input."""

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Page

from directory.models import DirectoryPage
from guidance.models import GuidancePage
from portal.models import HomePage
from tests.conftest import translate
from tests.factories import PAGE_FACTORIES

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def get(client, page, **params):
    return client.get(page.url, params)


def test_the_page_type_has_a_factory_and_closed_tree_rules(section):
    assert DirectoryPage in PAGE_FACTORIES
    assert DirectoryPage.allowed_parent_page_models() == [GuidancePage]
    assert DirectoryPage.allowed_subpage_models() == []
    assert DirectoryPage.can_create_at(section)
    assert not DirectoryPage.can_create_at(HomePage.objects.get())
    assert not DirectoryPage.can_create_at(Page.get_first_root_node())


def test_without_a_query_the_page_lists_every_county_with_its_programmes(
    client, directory, register
):
    response = get(client, directory)
    assert response.status_code == 200
    document = soup(response)
    assert document.h1.get_text(strip=True) == directory.title
    assert not document.select("#sokresultat")
    counties = document.select(".directory-county")
    assert len(counties) == 21
    jamtland = document.select_one("#lan-z")
    assert "Personligt ombud i Jämtlands län" in jamtland.get_text()
    assert "Nedlagd verksamhet" not in document.get_text()  # inactive
    toc = document.select_one(".directory-toc").get_text(" ", strip=True)
    assert "Jämtlands län (1 verksamhet)" in toc
    assert "Stockholms län (0 verksamheter)" in toc
    stockholm = document.select_one("#lan-ab").get_text(" ", strip=True)
    assert "Fråga socialtjänsten i din kommun eller länsstyrelsen i Stockholms län" in stockholm


def test_a_search_shows_the_municipality_and_its_programme_with_details(
    client, directory, register
):
    document = soup(get(client, directory, q="ostersund"))
    status = document.select_one("[role=status]")
    assert status.get_text(strip=True) == "1 träff för ”ostersund”"
    entry = document.select_one(".directory-entry")
    assert entry.h3.get_text(strip=True) == "Östersund (Jämtlands län)"
    programme = entry.select_one(".directory-programme")
    text = programme.get_text(" ", strip=True)
    assert programme.h4.get_text(strip=True) == "Personligt ombud i Jämtlands län"
    assert "Krokom, Östersund" in text
    assert "Kommuner i samverkan" in text
    assert "Krokoms kommun" in text
    assert "Vi har inga kontaktuppgifter. Fråga socialtjänsten i din kommun" in text
    assert "Uppgifter från Studie om Jämtlands län (2012)." in text
    assert not document.select(".directory-browse")


def test_editors_word_the_missing_contact_text(client, directory, register):
    directory.missing_contact_help = "Ring kommunens växel och fråga efter ombuden."
    directory.save_revision().publish()
    document = soup(get(client, directory, q="Östersund"))
    assert "Ring kommunens växel" in document.select_one(".directory-programme").get_text()


def test_contact_details_are_shown_when_the_register_has_them(client, directory, register):
    programme = register["programme"]
    programme.phone, programme.email = "063-12 34 56", "po@example.invalid"
    programme.save()
    document = soup(get(client, directory, q="Östersund"))
    assert document.select_one('a[href="tel:063123456"]').get_text() == "063-12 34 56"
    assert document.select_one('a[href="mailto:po@example.invalid"]')


def test_a_municipality_without_programme_points_to_the_county_board(client, directory, register):
    document = soup(get(client, directory, q="Lidingö"))
    text = document.select_one(".directory-entry").get_text(" ", strip=True)
    assert (
        "Vi känner inte till någon verksamhet med personligt ombud i Lidingö. "
        "Fråga kommunens socialtjänst eller länsstyrelsen i Stockholms län."
    ) in text
    assert "Kommunen nämns i Studie om Jämtlands län (2012)." in text
    assert not document.select(".directory-entry a[href^=http]")  # no invented addresses


def test_a_county_search_lists_its_programmes_and_links_its_page(client, directory, register):
    document = soup(get(client, directory, q="jamtland"))
    entry = document.select_one(".directory-entry")
    assert entry.h3.get_text(strip=True) == "Jämtlands län"
    assert (
        entry.select_one(".directory-programme h4").get_text() == "Personligt ombud i Jämtlands län"
    )
    link = entry.select_one("a[href$='/lan/Z/']")
    county_page = soup(client.get(link["href"]))
    assert county_page.h1.get_text(strip=True) == "Personligt ombud i Jämtlands län"
    assert county_page.select_one(".directory-programme h2")


def test_a_county_page_for_an_unknown_code_is_404(client, directory):
    assert client.get(directory.url + "lan/QQ/").status_code == 404
    assert client.get(directory.url + "lan/" + "x" * 300 + "/").status_code == 404


def test_no_match_helps_and_lists_the_counties(client, directory, register):
    document = soup(get(client, directory, q="Atlantis"))
    assert document.select_one("[role=status]").get_text(strip=True) == "0 träffar för ”Atlantis”"
    text = document.select_one(".directory-no-match").get_text(" ", strip=True)
    assert "Vi hittade ingen kommun" in text
    assert "Fråga socialtjänsten i din kommun." in text  # the editor's help text
    assert len(document.select(".directory-county")) == 21


def test_a_too_long_query_gets_a_swedish_error_tied_to_the_field(client, directory, register):
    response = get(client, directory, q="Östersund" * 2000)
    assert response.status_code == 200
    document = soup(response)
    field = document.select_one("#directory-q")
    assert field["aria-invalid"] == "true"
    assert "directory-q-error" in field["aria-describedby"]
    assert "för lång" in document.select_one("#directory-q-error").get_text()
    assert len(field["value"]) == 100
    assert document.select(".directory-browse")


@pytest.mark.parametrize(
    "q",
    [
        "<script>alert(1)</script>",
        "'; DROP TABLE checklists_programme; --",
        '" onfocus="alert(1)',
        "😀🙈",
        "Öster\x00sund",
        "%00%27",
        "x" * 10_000,
    ],
)
def test_bad_input_is_safe(client, directory, register, q):
    response = get(client, directory, q=q)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert 'onfocus="alert(1)' not in body
    assert "\x00" not in body
    assert soup(response).h1.get_text(strip=True) == directory.title


def test_repeated_and_odd_parameters_are_harmless(client, directory, register):
    response = client.get(directory.url + "?q=Krokom&q=Östersund&q[]=x&other=1")
    assert response.status_code == 200
    assert "Östersund (Jämtlands län)" in response.content.decode()


def test_the_page_is_cacheable_public_data(client, directory, register):
    response = get(client, directory, q="ostersund")
    assert "private" not in response.get("Cache-Control", "")
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_english_page_searches_the_same_register(client, directory, register, home_en):
    section_en = translate(directory.get_parent().specific, "en", title="Support", slug="support")
    assert section_en
    page_en = translate(directory, "en", title="Find a personal ombudsman", slug="find")
    response = client.get(page_en.url, {"q": "ostersund"})
    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "en"
    assert document.h1.get_text(strip=True) == "Find a personal ombudsman"
    assert "Personligt ombud i Jämtlands län" in document.select_one(".directory-entry").get_text()
    county = client.get(page_en.url + "lan/z/")
    assert county.status_code == 200


def test_editors_can_open_the_page_in_the_admin(client, directory):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "r@example.invalid", "x"))
    response = client.get(f"/admin/pages/{directory.pk}/edit/")
    assert response.status_code == 200
    assert "hjälptext när inget hittas" in response.content.decode().lower()
