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


def get(client, page, follow=False, **params):
    return client.get(page.url, params, follow=follow)


def test_the_page_type_has_a_factory_and_closed_tree_rules(section):
    assert DirectoryPage in PAGE_FACTORIES
    assert DirectoryPage.allowed_parent_page_models() == [GuidancePage]
    assert DirectoryPage.allowed_subpage_models() == []
    assert DirectoryPage.can_create_at(section)
    assert not DirectoryPage.can_create_at(HomePage.objects.get())
    assert not DirectoryPage.can_create_at(Page.get_first_root_node())


def test_without_a_query_the_page_lists_every_county_with_every_municipality(
    client, directory, register
):
    response = get(client, directory)
    assert response.status_code == 200
    document = soup(response)
    assert document.h1.get_text(strip=True) == directory.title
    assert not document.select("#sokresultat")
    counties = document.select(".directory-county")
    assert len(counties) == 21
    jamtland = document.select_one("#lan-z").get_text(" ", strip=True)
    assert "Krokom : har personligt ombud" in jamtland
    assert "Östersund : har personligt ombud" in jamtland
    assert "Jämtlands län: 1 verksamhet med personligt ombud" in jamtland
    assert "Nedlagd verksamhet" not in document.get_text()  # inactive
    toc = document.select_one(".directory-toc").get_text(" ", strip=True)
    assert "Jämtlands län (1 verksamhet)" in toc
    assert "Stockholms län (0 verksamheter)" in toc
    stockholm = document.select_one("#lan-ab").get_text(" ", strip=True)
    assert "Lidingö : saknade personligt ombud enligt källan" in stockholm
    assert "Skarpnäck : källorna säger inget" in stockholm  # its only programme is inactive
    ostergotland = document.select_one("#lan-e")
    link = ostergotland.find("a", string="Norrköping")
    assert link["href"] == directory.url + "kommun/norrk%C3%B6ping/"


def test_a_search_for_part_of_a_name_shows_the_municipality_and_its_programme(
    client, directory, register
):
    document = soup(get(client, directory, q="stersu"))
    status = document.select_one("[role=status]")
    assert status.get_text(strip=True) == "1 träff för ”stersu”"
    entry = document.select_one(".directory-entry")
    assert entry.h3.get_text(strip=True) == "Östersund (Jämtlands län)"
    assert entry.h3.a["href"] == directory.url + "kommun/%C3%B6stersund/"
    assert "Ja. Vi känner till en verksamhet" in entry.get_text(" ", strip=True)
    programme = entry.select_one(".directory-programme")
    text = programme.get_text(" ", strip=True)
    assert programme.h4.get_text(strip=True) == "Personligt ombud i Jämtlands län"
    assert "Krokom , Östersund" in text
    assert "Kommuner i samverkan" in text
    assert "Krokoms kommun" in text
    assert "Vi har inga kontaktuppgifter. Fråga socialtjänsten i din kommun" in text
    assert "Uppgifter från Studie om Jämtlands län (2012)." in text
    assert not document.select(".directory-browse")


@pytest.mark.parametrize(
    "q", ["Norrkoping", "norrköping", "Norrköpings kommun", "NORRKÖPING", " norrkoping  "]
)
def test_a_whole_municipality_name_leads_straight_to_its_entry(client, directory, register, q):
    response = get(client, directory, q=q)
    assert response.status_code == 302
    assert response["Location"] == directory.url + "kommun/norrk%C3%B6ping/"
    document = soup(client.get(response["Location"]))
    assert document.h1.get_text(strip=True) == "Personligt ombud i Norrköping"
    text = document.get_text(" ", strip=True)
    assert "Norrköping är en kommun i Östergötlands län." in text
    assert "Ja. Vi känner till en verksamhet med personligt ombud för Norrköping." in text
    programme = document.select_one(".directory-programme")
    assert "Antal ombud enligt källan 3" in programme.get_text(" ", strip=True)
    assert "Uppgifter från Studie om Jämtlands län (2012)." in programme.get_text(" ", strip=True)
    steps = document.select_one(".directory-steps").get_text(" ", strip=True)
    assert "ring kommunens växel eller kontaktcenter i Norrköping" in steps
    assert document.select_one(".directory-steps a[href$='/lan/E/']")


@pytest.mark.parametrize("q", ["Göteborg", "Gothenburg", "göteborgs stad", "Region Gothenburg"])
def test_gothenburg_in_either_language_finds_goteborg(client, directory, register, q):
    response = get(client, directory, q=q)
    assert response["Location"] == directory.url + "kommun/g%C3%B6teborg/"


def test_a_misspelt_municipality_offers_close_names(client, directory, register):
    document = soup(get(client, directory, q="Norköping"))
    assert document.select_one("[role=status]").get_text(strip=True) == "0 träffar för ”Norköping”"
    text = document.select_one(".directory-no-match").get_text(" ", strip=True)
    assert "Ingen kommun heter ”Norköping”. Menade du någon av de här?" in text
    suggestion = document.select_one(".directory-suggestions a")
    assert suggestion.get_text() == "Norrköping"
    assert suggestion["href"] == directory.url + "kommun/norrk%C3%B6ping/"


def test_habo_and_habo_without_the_ring_are_both_offered(client, directory, register):
    assert get(client, directory, q="Håbo")["Location"].endswith("/kommun/h%C3%A5bo/")
    document = soup(get(client, directory, q="habo"))  # could be either: no redirect
    names = [h3.get_text(strip=True) for h3 in document.select(".directory-entry h3")]
    assert names == ["Habo (Jönköpings län)", "Håbo (Uppsala län)"]


def test_every_kind_of_answer_names_its_source_and_the_next_step(client, directory, register):
    cases = {
        "lidingö": ("Nej, enligt källan.", "Källa: Studie om Jämtlands län (2012)."),
        "håbo": ("Oklart.", "Källa: Studie om Jämtlands län"),
        "ydre": ("Vi vet inte.", "Källa: ingen av portalens källor nämner kommunen."),
    }
    for slug, (answer, source) in cases.items():
        document = soup(client.get(directory.url + f"kommun/{slug}/"))
        status = document.select_one(".directory-status").get_text(" ", strip=True)
        assert status.startswith(answer), slug
        assert source in document.get_text(" ", strip=True), slug
        steps = document.select_one(".directory-steps").get_text(" ", strip=True)
        assert "fråga efter personligt ombud" in steps, slug
        assert "Du kan också fråga länsstyrelsen i" in steps, slug


def test_a_municipality_address_without_a_ring_or_dots_works_when_only_one_fits(
    client, directory, register
):
    assert client.get(directory.url + "kommun/norrkoping/").status_code == 200
    assert client.get(directory.url + "kommun/habo/").status_code == 200  # Habo's own address
    for slug in ["atlantis", "x" * 300, "%00", "norrk%C3%B6ping%20"]:
        assert client.get(directory.url + f"kommun/{slug}/").status_code == 404


def test_the_municipalitys_own_contact_way_is_shown_with_its_date(client, directory, register):
    import datetime

    ydre = register["norrkoping"].county.municipalities.get(name="Ydre")
    ydre.phone, ydre.website = "0381-661 00", "https://www.example.invalid/po"
    ydre.contact_updated_on = datetime.date(2026, 12, 1)
    ydre.save()
    steps = soup(client.get(directory.url + "kommun/ydre/")).select_one(".directory-steps")
    assert steps.select_one('a[href="tel:038166100"]').get_text() == "0381-661 00"
    assert steps.select_one('a[href="https://www.example.invalid/po"]')
    assert "(ändrad 1 december 2026)" in steps.get_text(" ", strip=True)


def test_editors_word_the_missing_contact_text(client, directory, register):
    directory.missing_contact_help = "Ring kommunens växel och fråga efter ombuden."
    directory.save_revision().publish()
    document = soup(get(client, directory, q="Östersund", follow=True))
    assert "Ring kommunens växel" in document.select_one(".directory-programme").get_text()


def test_contact_details_are_shown_when_the_register_has_them(client, directory, register):
    programme = register["programme"]
    programme.phone, programme.email = "063-12 34 56", "po@example.invalid"
    programme.save()
    document = soup(get(client, directory, q="Östersund", follow=True))
    assert document.select_one('a[href="tel:063123456"]').get_text() == "063-12 34 56"
    assert document.select_one('a[href="mailto:po@example.invalid"]')
    assert not document.select(".directory-updated")  # not changed through the register


def test_a_municipality_listed_without_po_points_to_the_municipality_and_county_board(
    client, directory, register
):
    document = soup(get(client, directory, q="Lidingö", follow=True))
    assert document.h1.get_text(strip=True) == "Personligt ombud i Lidingö"
    text = document.select_one("main").get_text(" ", strip=True)
    assert (
        "Nej, enligt källan. Källan nedan räknar Lidingö till kommunerna som saknade personligt "
        "ombud. Det kan ha ändrats sedan dess."
    ) in text
    assert "Källa: Studie om Jämtlands län (2012)." in text
    assert "Du kan också fråga länsstyrelsen i Stockholms län." in text
    assert not document.select("main a[href^=http]")  # no invented addresses


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
    assert county_page.select_one(".directory-programme h3")
    listed = county_page.select(".directory-municipalities a")
    assert [a.get_text() for a in listed] == ["Krokom", "Östersund"]


def test_a_county_page_for_an_unknown_code_is_404(client, directory):
    assert client.get(directory.url + "lan/QQ/").status_code == 404
    assert client.get(directory.url + "lan/" + "x" * 300 + "/").status_code == 404


def test_no_match_helps_and_lists_the_counties(client, directory, register):
    document = soup(get(client, directory, q="Atlantis"))
    assert document.select_one("[role=status]").get_text(strip=True) == "0 träffar för ”Atlantis”"
    text = document.select_one(".directory-no-match").get_text(" ", strip=True)
    assert "Det finns ingen svensk kommun eller något län som heter ”Atlantis”" in text
    assert not document.select(".directory-suggestions")
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
    response = get(client, directory, q=q, follow=True)  # "Öster\x00sund" is Östersund
    assert response.status_code == 200
    body = response.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert 'onfocus="alert(1)' not in body
    assert "\x00" not in body
    assert soup(response).h1.get_text(strip=True) in {
        directory.title,
        "Personligt ombud i Östersund",
    }


def test_repeated_and_odd_parameters_are_harmless(client, directory, register):
    response = client.get(directory.url + "?q=Krokom&q=Östersund&q[]=x&other=1", follow=True)
    assert response.status_code == 200
    assert "Personligt ombud i Östersund" in response.content.decode()


def test_the_page_is_cacheable_public_data(client, directory, register):
    response = get(client, directory, q="oster")
    assert "private" not in response.get("Cache-Control", "")
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_english_page_searches_the_same_register(client, directory, register, home_en):
    section_en = translate(directory.get_parent().specific, "en", title="Support", slug="support")
    assert section_en
    page_en = translate(directory, "en", title="Find a personal ombudsman", slug="find")
    response = client.get(page_en.url, {"q": "oster"})
    assert response.status_code == 200
    document = soup(response)
    assert document.html["lang"] == "en"
    assert document.h1.get_text(strip=True) == "Find a personal ombudsman"
    assert "Personligt ombud i Jämtlands län" in document.select_one(".directory-entry").get_text()
    redirect = client.get(page_en.url, {"q": "Gothenburg"})
    assert redirect["Location"] == page_en.url + "kommun/g%C3%B6teborg/"
    entry = soup(client.get(redirect["Location"]))
    assert entry.html["lang"] == "en"
    assert "Ask for the personal ombudsman" in entry.get_text() or entry.select(".directory-steps")
    county = client.get(page_en.url + "lan/z/")
    assert county.status_code == 200


def test_editors_can_open_the_page_in_the_admin(client, directory):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "r@example.invalid", "x"))
    response = client.get(f"/admin/pages/{directory.pk}/edit/")
    assert response.status_code == 200
    assert "hjälptext när inget hittas" in response.content.decode().lower()
