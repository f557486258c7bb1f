"""The code step: codes from the app, backup codes, bad input, too many wrong codes."""

import logging
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import services
from tests.accounts.flows import ENROLL, LOGIN, VERIFY, code_for, session_user_id, sign_in

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def at_code_step(client, anna, annas_app):
    """Anna has given her password and is asked for a code."""
    response = sign_in(client, "anna", next="/tillsyn/lan/AB/")
    assert urlsplit(response["Location"]).path == VERIFY
    return client


def verify(client, token, *, follow=False):
    return client.post(VERIFY, {"token": token, "next": "/tillsyn/lan/AB/"}, follow=follow)


def use_backup(client, code):
    return client.post(VERIFY, {"backup_code": code, "next": "/tillsyn/lan/AB/"})


def summary(response) -> dict[str, str]:
    return {a["href"]: a.get_text() for a in page(response).select(".error-summary a")}


class TestPrompt:
    def test_is_accessible_and_never_cached(self, at_code_step):
        response = at_code_step.get(VERIFY, {"next": "/tillsyn/lan/AB/"})
        document = page(response)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]
        token = document.find("input", attrs={"name": "token"})
        assert token["autocomplete"] == "one-time-code"
        assert token["inputmode"] == "numeric"
        assert document.find("label", attrs={"for": token["id"]}).get_text() == "Kod från appen"
        assert token["aria-describedby"] == f"{token['id']}-hint"
        backup = document.find("input", attrs={"name": "backup_code"})
        assert document.find("label", attrs={"for": backup["id"]}).get_text() == "Reservkod"
        assert "inputmode" not in backup.attrs  # backup codes have letters
        assert len(document.find_all("input", attrs={"name": "csrfmiddlewaretoken"})) == 3
        assert document.find("input", attrs={"name": "next"})["value"] == "/tillsyn/lan/AB/"

    def test_anonymous_visitors_are_sent_to_sign_in(self, client):
        response = client.get(VERIFY)
        assert urlsplit(response["Location"]).path == LOGIN

    def test_an_expired_session_says_so(self, client, anna, annas_app):
        response = client.post(VERIFY, {"token": code_for(annas_app)}, follow=True)
        assert response.redirect_chain[-1][0].startswith(LOGIN)
        assert "Din inloggning har gått ut" in page(response).select_one(".messages").get_text()

    def test_without_an_app_it_is_enrolment(self, client, anna):
        client.force_login(anna)
        assert urlsplit(client.get(VERIFY)["Location"]).path == ENROLL


class TestAppCode:
    def test_the_right_code_signs_in_and_goes_on(self, at_code_step, annas_app, anna):
        session_before = at_code_step.session.session_key
        response = verify(at_code_step, code_for(annas_app))
        assert response.status_code == 302 and response["Location"] == "/tillsyn/lan/AB/"
        assert at_code_step.session[DEVICE_ID_SESSION_KEY] == annas_app.persistent_id
        assert at_code_step.session.session_key != session_before
        # Verified: the prompt now sends her on.
        assert at_code_step.get(VERIFY)["Location"] == "/tillsyn/"

    def test_a_code_typed_in_groups_is_fine(self, at_code_step, annas_app):
        code = code_for(annas_app)
        response = verify(at_code_step, f" {code[:3]} {code[3:]} ")
        assert response["Location"] == "/tillsyn/lan/AB/"

    def test_a_code_works_only_once(self, client, anna, annas_app):
        code = code_for(annas_app)
        sign_in(client, "anna")
        assert verify(client, code).status_code == 302
        client.post("/konto/logga-ut/")
        sign_in(client, "anna")
        response = verify(client, code)
        assert response.status_code == 200
        assert "Koden stämmer inte" in summary(response)["#id_token"]

    def test_a_wrong_code_is_refused_counted_and_logged(
        self, at_code_step, annas_app, anna, caplog
    ):
        wrong = f"{(int(code_for(annas_app)) + 500_000) % 1_000_000:06d}"
        response = verify(at_code_step, wrong)
        document = page(response)
        assert response.status_code == 200
        assert DEVICE_ID_SESSION_KEY not in at_code_step.session
        message = summary(response)["#id_token"]
        assert "Koden stämmer inte" in message and "4 försök kvar" in message
        assert document.find(id="id_token")["aria-invalid"] == "true"
        failure = AccessFailureLog.objects.get(username="anna")
        assert failure.path_info == VERIFY
        assert AccessAttempt.objects.get(username="anna").failures_since_start == 1
        assert wrong not in AccessAttempt.objects.get(username="anna").post_data
        assert any(
            r.name == "accounts" and r.levelno == logging.WARNING and r.user_id == anna.pk
            for r in caplog.records
        )

    @pytest.mark.parametrize(
        ("token", "message"),
        [
            ("", "Skriv koden från autentiseringsappen."),
            ("   ", "Skriv koden från autentiseringsappen."),
            ("abcdef", "bara av siffror"),
            ("12a456", "bara av siffror"),
            ("١٢٣٤٥٦", "bara av siffror"),  # digits, but not the ones the app shows
            ("12345", "sex siffror, men du skrev 5"),
            ("1234567", "sex siffror, men du skrev 7"),
            ("1" * 10_000, "Koden är för lång"),
            ("<script>", "bara av siffror"),
        ],
    )
    def test_malformed_codes_get_a_clear_error_and_do_not_count(
        self, at_code_step, annas_app, token, message
    ):
        response = verify(at_code_step, token)
        assert response.status_code == 200
        assert message in summary(response)["#id_token"]
        assert not AccessAttempt.objects.exists()
        annas_app.refresh_from_db()
        assert annas_app.throttling_failure_count == 0
        assert "<script>" not in response.content.decode()

    def test_quick_retries_are_asked_to_wait(self, at_code_step, annas_app):
        verify(at_code_step, "000000" if code_for(annas_app) != "000000" else "111111")
        response = verify(at_code_step, code_for(annas_app))
        assert response.status_code == 200
        assert "Vänta 1 sekund" in summary(response)["#id_token"]
        assert AccessAttempt.objects.get(username="anna").failures_since_start == 1

    def test_five_wrong_codes_sign_out_and_lock(self, at_code_step, annas_app, no_throttle):
        wrong = f"{(int(code_for(annas_app)) + 500_000) % 1_000_000:06d}"
        for left in (4, 3, 2, 1):
            assert f"{left} försök kvar" in summary(verify(at_code_step, wrong))["#id_token"]
        response = verify(at_code_step, wrong)
        assert response.status_code == 429
        assert "tillfälligt spärrad" in response.content.decode()
        assert session_user_id(at_code_step) is None
        assert AccessFailureLog.objects.filter(username="anna", path_info=VERIFY).count() == 5
        # Starting over does not help while the lock lasts.
        assert sign_in(at_code_step, "anna").status_code == 429

    def test_without_axes_five_wrong_codes_still_sign_out(
        self, at_code_step, annas_app, no_throttle, settings
    ):
        settings.AXES_ENABLED = False
        wrong = f"{(int(code_for(annas_app)) + 500_000) % 1_000_000:06d}"
        for _ in range(4):
            verify(at_code_step, wrong)
        response = verify(at_code_step, wrong, follow=True)
        assert response.redirect_chain[-1][0].startswith(LOGIN)
        assert session_user_id(at_code_step) is None
        assert "fel kod för många gånger" in page(response).select_one(".messages").get_text()


class TestBackupCodes:
    @pytest.fixture
    def codes(self, anna, annas_app):
        return services.backup_codes_replace(user=anna)

    def test_a_backup_code_works_once(self, client, anna, codes, no_throttle):
        sign_in(client, "anna")
        response = use_backup(client, codes[0].upper()[:4] + "-" + codes[0][4:])
        assert response.status_code == 302 and response["Location"] == "/tillsyn/lan/AB/"
        assert client.session[DEVICE_ID_SESSION_KEY].startswith("otp_static.staticdevice/")

        client.post("/konto/logga-ut/")
        sign_in(client, "anna")
        response = use_backup(client, codes[0])
        document = page(response)
        assert response.status_code == 200
        assert "redan använts" in summary(response)["#id_backup_code"]
        assert document.select_one("details.backup-code").has_attr("open")
        assert use_backup(client, codes[1]).status_code == 302

    def test_using_one_tells_how_many_are_left(self, client, anna, codes):
        sign_in(client, "anna")
        response = use_backup(client, codes[0])
        assert response.status_code == 302
        queued = [str(m) for m in get_messages(response.wsgi_request)]
        assert queued == ["Du loggade in med en reservkod. Du har 9 reservkoder kvar."]

    @pytest.mark.parametrize("code", ["abc", "abcdefgh1", "abcdefg1", "x" * 10_000])
    def test_malformed_backup_codes(self, client, anna, codes, code):
        sign_in(client, "anna")
        response = use_backup(client, code)
        assert response.status_code == 200
        assert "#id_backup_code" in summary(response)
        assert not AccessAttempt.objects.exists()
