"""Manipulated guide addresses lead back to a valid step with a short Swedish explanation
(status 400), never a 500; whatever is sent, nothing is stored, set or logged."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

URL = "/sv/stod/kan-jag-fa-ombud/"
UNREADABLE = "Adressen innehöll svar som inte gick att läsa."
UNKNOWN = "Adressen innehöll ett svar som inte hör till den här frågan."
AFTER = "Adressen innehöll fler svar än guiden har frågor."


def shown(response) -> tuple[str, str]:
    """(the question or outcome on screen, the error message)."""
    document = BeautifulSoup(response.content, "html.parser")
    step = document.select_one("legend") or document.select_one(".guide__outcome h2")
    error = document.select_one("#guide-error p")
    return step.get_text(strip=True), " ".join(error.get_text().split()) if error else ""


@pytest.mark.parametrize(
    ("svar", "step", "message"),
    [
        ("finns-inte", "Är du 18 år eller äldre?", UNKNOWN),
        ("alder-ja.vill-ja", "Behöver du stöd från flera håll?", UNKNOWN),
        ("alder-ja.alder-ja", "Behöver du stöd från flera håll?", UNKNOWN),  # repeated key
        ("alder-ja.behov-ja.behov-ja", "Vill du själv ha stödet?", UNKNOWN),
        ("alder-nej.behov-ja", "Troligen inte rätt stöd", AFTER),  # extra after an outcome
        ("alder-ja.behov-osaker.vill-ja.vill-ja", "Det kan vara möjligt", AFTER),
        ("alder-ja..behov-ja", "Behöver du stöd från flera håll?", UNREADABLE),  # missing answer
        ("alder-ja.", "Behöver du stöd från flera håll?", UNREADABLE),
        (".", "Är du 18 år eller äldre?", UNREADABLE),
        ("alder-ja.behov-ja\x00", "Behöver du stöd från flera håll?", UNREADABLE),
        ("alder-ja.\x1b[31m", "Behöver du stöd från flera håll?", UNREADABLE),
        ("alder-ja.возраст-да", "Behöver du stöd från flera håll?", UNREADABLE),
        ("alder-ja.نعم", "Behöver du stöd från flera håll?", UNREADABLE),
        ("ALDER-JA", "Är du 18 år eller äldre?", UNREADABLE),
        ("alder-ja." + "x" * 10_000, "Är du 18 år eller äldre?", UNREADABLE),
        ("<script>alert(1)</script>", "Är du 18 år eller äldre?", UNREADABLE),
    ],
)
def test_a_bad_address_returns_to_the_last_valid_step_with_a_swedish_message(
    client, guide_page, svar, step, message
):
    response = client.get(URL, {"svar": svar})
    assert response.status_code == 400
    assert shown(response)[0].startswith(step)
    assert shown(response)[1].startswith(message)
    assert "<script>alert(1)" not in response.content.decode()
    assert response["Cache-Control"] == "no-store, private"


def test_the_form_on_an_error_screen_carries_only_the_valid_answers(client, guide_page):
    response = client.get(URL, {"svar": "alder-ja.vill-ja.troligen"})
    document = BeautifulSoup(response.content, "html.parser")
    assert document.select_one('input[name="svar"]')["value"] == "alder-ja"
    assert document.find("a", string="Tillbaka")["href"] == URL


def test_a_made_up_choice_leads_to_the_same_explanation(client, guide_page):
    response = client.get(URL, {"svar": "alder-ja", "fraga": "behov", "val": "x" * 5000})
    assert response.status_code == 302 and len(response["Location"]) < 200
    response = client.get(response["Location"])
    assert response.status_code == 400
    assert shown(response) == (
        "Behöver du stöd från flera håll?",
        UNREADABLE + " Du är tillbaka vid den senaste frågan som gick att läsa.",
    )


def test_several_svar_parameters_use_the_last_and_do_not_fail(client, guide_page):
    response = client.get(URL + "?svar=alder-nej&svar=alder-ja")
    assert response.status_code == 200
    assert shown(response)[0] == "Behöver du stöd från flera håll?"


def test_english_address_with_a_bad_answer_also_returns_to_a_valid_step(
    client, guide_page, home_en
):
    from tests.conftest import translate

    translate(guide_page.get_parent(), "en", title="Support", slug="support")
    page_en = translate(guide_page, "en", title="Can I?", slug="can-i")
    response = client.get(page_en.url, {"svar": "alder-ja.yes"})
    assert response.status_code == 400
    assert shown(response)[0] == "Behöver du stöd från flera håll?"


query_values = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(["alder-ja", "alder-nej", "behov-ja", "behov-osaker", "vill-ja", "x", ""]),
        max_size=8,
    ).map(".".join),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(svar=query_values, val=st.one_of(st.none(), query_values), fraga=st.booleans())
def test_any_query_is_answered_without_a_server_error(client, guide_page, svar, val, fraga):
    params = {"svar": svar}
    if val is not None:
        params["val"] = val
    if fraga:
        params["fraga"] = "behov"
    response = client.get(URL, params)
    assert response.status_code in (200, 302, 400)
    assert response["Cache-Control"] == "no-store, private"


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_walking_the_guide_stores_sets_and_logs_nothing(client, guide_page):
    """No session, no cookie, no database write, no log line with an answer, no referrer."""
    client.get(URL)  # Wagtail creates the site's settings row on the first request of all
    client.cookies.clear()
    records = _Records()
    loggers = [logging.getLogger(name) for name in ("", "django", "django.request", "wagtail")]
    for logger in loggers:
        logger.addHandler(records)
    try:
        with CaptureQueriesContext(connection) as queries:
            responses = [
                client.get(URL),
                client.get(URL, {"fraga": "alder", "val": "alder-ja"}),
                client.get(URL, {"svar": "alder-ja", "fraga": "behov"}),  # no choice
                client.get(URL, {"svar": "alder-ja.behov-ja"}),
                client.get(URL, {"svar": "alder-ja.behov-ja.vill-nej"}),  # outcome
                client.get(URL, {"svar": "alder-ja.finns-inte"}),  # 400
            ]
    finally:
        for logger in loggers:
            logger.removeHandler(records)

    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert writes == []
    assert Session.objects.count() == 0
    assert not client.cookies
    for response in responses:
        assert not response.cookies
        assert response["Cache-Control"] == "no-store, private"
        assert response["Referrer-Policy"] == "no-referrer"
    assert [r.status_code for r in responses] == [200, 302, 200, 200, 200, 400]
    assert not [m for m in records.messages if "alder-ja" in m or "svar=" in m]
    document = BeautifulSoup(responses[3].content, "html.parser")
    assert document.select_one('meta[name="referrer"]')["content"] == "no-referrer"
