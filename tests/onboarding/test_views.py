"""The path in use: overview, modules, scenario feedback, bad addresses."""

import pytest
from bs4 import BeautifulSoup

from tests.conftest import translate
from tests.onboarding.conftest import module_url

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text(element) -> str:
    return element.get_text(" ", strip=True)


def test_the_overview_lists_the_modules_in_order_with_their_state(client, onboarding):
    response = client.get(onboarding.url)
    assert response.status_code == 200
    document = soup(response)
    assert text(document.h1) == onboarding.title
    items = document.select(".onboarding-modules__item")
    assert [text(item.a) for item in items] == [
        "Modul uppdraget",
        "Modul malgruppen",
        "Modul avgransningar",
    ]
    assert [text(item.select_one(".onboarding-state")) for item in items] == ["Inte klar"] * 3
    assert items[0].a["href"] == module_url(onboarding, "uppdraget")
    assert "0 av 3 moduler klara" in text(document.select_one(".onboarding-progress__count"))
    assert text(document.select_one(".onboarding-progress .button")) == "Börja med Modul uppdraget"
    # The reader is told what is stored, and where.
    assert "kaka (cookie) i din webbläsare" in text(document.select_one(".onboarding-storage"))
    assert "private" in response["Cache-Control"]


def test_a_module_has_its_reading_questions_and_neighbours(client, onboarding, guidance_page):
    response = client.get(module_url(onboarding, "malgruppen"))
    assert response.status_code == 200
    document = soup(response)
    assert text(document.h1) == "Modul malgruppen"
    assert text(document.select_one(".kicker")) == "Modul 2 av 3"
    reading = document.select(".onboarding-reading a")
    assert [(a["href"], text(a)) for a in reading] == [(guidance_page.url, "Avgränsningar")]
    assert [text(li) for li in document.select("ol.questions li")] == [
        "Vad betyder malgruppen för dig?"
    ]
    previous = document.select_one("a[rel=prev]")
    following = document.select_one("a[rel=next]")
    assert previous["href"] == module_url(onboarding, "uppdraget")
    assert following["href"] == module_url(onboarding, "avgransningar")
    assert document.select_one("form[method=post] input[name=csrfmiddlewaretoken]")


def test_the_first_module_has_no_previous_and_the_last_no_next(client, onboarding):
    first = soup(client.get(module_url(onboarding, "uppdraget")))
    last = soup(client.get(module_url(onboarding, "avgransningar")))
    assert first.select_one("a[rel=prev]") is None and first.select_one("a[rel=next]")
    assert last.select_one("a[rel=next]") is None and last.select_one("a[rel=prev]")


@pytest.mark.parametrize("key", ["finns-inte", "UPPDRAGET", "uppdraget-2"])
def test_an_unknown_module_is_not_found(client, onboarding, key):
    assert client.get(module_url(onboarding, key)).status_code == 404
    assert client.post(module_url(onboarding, key, "module_progress")).status_code == 404


def test_other_paths_below_the_page_are_not_found(client, onboarding):
    assert client.get(onboarding.url + "modul/").status_code == 404
    assert client.get(onboarding.url + "modul/uppdraget/okand/").status_code == 404


def answer(client, page, **params):
    response = client.get(module_url(page, "avgransningar"), params)
    assert response.status_code == 200
    return soup(response)


def test_a_scenario_form_works_without_javascript(client, onboarding):
    document = soup(client.get(module_url(onboarding, "avgransningar")))
    form = document.select_one("#ovning-hyran form")
    assert form["method"] == "get"
    assert form["action"] == module_url(onboarding, "avgransningar") + "#ovning-hyran"
    assert text(form.legend) == "Vems uppgift är det här?"
    labels = [
        text(document.select_one(f"label[for={r['id']}]")) for r in form.select("[type=radio]")
    ]
    assert labels == ["Ombudet", "Den gode mannen", "Boendestödet"]
    assert document.select_one(".scenario__feedback") is None


def test_the_right_answer_gets_confirmation_and_the_explanation(client, onboarding):
    document = answer(client, onboarding, ovning="hyran", svar="god-man")
    feedback = document.select_one("#ovning-hyran .scenario__feedback")
    assert "scenario__feedback--right" in feedback["class"]
    verdict = text(feedback.select_one(".scenario__verdict"))
    assert verdict.startswith("Rätt.") and "Du svarade: Den gode mannen." in verdict
    assert "Den gode mannen kan förvalta klientens egendom." in text(feedback)
    assert "Bilaga 3, avsnittet God man" in text(feedback.select_one(".source-note"))
    assert document.select_one("#ovning-hyran-god-man").has_attr("checked")


def test_a_wrong_answer_is_told_and_the_right_one_explained(client, onboarding):
    document = answer(client, onboarding, ovning="hyran", svar="ombud")
    feedback = document.select_one("#ovning-hyran .scenario__feedback")
    assert "scenario__feedback--wrong" in feedback["class"]
    verdict = text(feedback.select_one(".scenario__verdict"))
    assert verdict.startswith("Inte riktigt.")
    assert "Du svarade: Ombudet." in verdict and "Rätt svar är: Den gode mannen." in verdict
    assert "Den gode mannen kan förvalta klientens egendom." in text(feedback)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"ovning": "hyran", "svar": "forvaltare"}, "Svaret finns inte bland alternativen."),
        ({"ovning": "hyran", "svar": "<script>"}, "Svaret finns inte bland alternativen."),
        ({"ovning": "hyran"}, "Välj ett av svarsalternativen"),
        ({"ovning": "hyran", "svar": ""}, "Välj ett av svarsalternativen"),
    ],
)
def test_a_tampered_or_missing_answer_gets_a_message_at_the_question(
    client, onboarding, params, message
):
    document = answer(client, onboarding, **params)
    assert document.select_one(".scenario__feedback") is None
    error = document.select_one("#ovning-hyran-fel")
    assert message in text(error)
    assert document.select_one("#ovning-hyran fieldset")["aria-describedby"] == "ovning-hyran-fel"


@pytest.mark.parametrize("params", [{"ovning": "okand", "svar": "ombud"}, {"svar": "ombud"}])
def test_an_unknown_scenario_gets_a_message_on_the_module(client, onboarding, params):
    document = answer(client, onboarding, **params)
    assert "Övningen i adressen finns inte" in text(document.select_one("[role=alert]"))
    assert document.select_one(".scenario__feedback") is None


def test_answers_are_not_stored_anywhere(client, onboarding):
    response = client.get(
        module_url(onboarding, "avgransningar"), {"ovning": "hyran", "svar": "ombud"}
    )
    # Only Django's CSRF cookie (for the progress form); nothing about the answer.
    assert set(response.cookies) == {"csrftoken"}


def test_the_progress_route_takes_only_posts(client, onboarding):
    response = client.get(module_url(onboarding, "uppdraget", "module_progress"))
    assert response.status_code == 405
    assert client.post(module_url(onboarding, "uppdraget")).status_code == 405


def test_the_path_works_at_its_english_address(client, onboarding, section, home_en):
    translate(section, "en", title="For new ombudsmen", slug="ombud-en")
    english = translate(
        onboarding, "en", title="Introduction for new ombudsmen", slug="introduction"
    )
    assert english.url == "/en/ombud-en/introduction/"
    overview = client.get(english.url)
    assert overview.status_code == 200
    assert soup(overview).html["lang"] == "en"
    first = soup(overview).select_one(".onboarding-modules__item a")["href"]
    assert first == "/en/ombud-en/introduction/modul/uppdraget/"
    response = client.get(first)
    assert response.status_code == 200
    assert text(soup(response).h1) == "Modul uppdraget"
    feedback = answer(client, english, ovning="hyran", svar="god-man")
    assert feedback.select_one(".scenario__feedback--right")
