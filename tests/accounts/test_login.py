"""The password step: success, Swedish errors, throttling by axes, safe `next`, signing out."""

from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from bs4 import BeautifulSoup
from django.test import Client

from portal.middleware import UNLOCALISED_PREFIXES
from tests.accounts.flows import ENROLL, LOGIN, LOGOUT, VERIFY, session_user_id, sign_in
from tests.factories.accounts import PASSWORD, login_with_second_factor

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def next_of(location: str) -> str:
    return parse_qs(urlsplit(location).query)["next"][0]


class TestLoginPage:
    def test_is_swedish_accessible_and_never_cached(self, client):
        response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en")
        document = page(response)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert document.html["lang"] == "sv"
        assert document.h1.get_text(strip=True) == "Logga in"
        username = document.find("input", attrs={"name": "username"})
        password = document.find("input", attrs={"name": "password"})
        assert document.find("label", attrs={"for": username["id"]}).get_text() == "Användarnamn"
        assert document.find("label", attrs={"for": password["id"]}).get_text() == "Lösenord"
        assert username["autocomplete"] == "username"
        assert password["autocomplete"] == "current-password"
        assert document.find("input", attrs={"name": "csrfmiddlewaretoken"})
        assert not document.select("script:not([src])") and not document.select("[style]")

    def test_is_not_redirected_into_a_language_prefix(self, client):
        assert client.get(LOGIN).status_code == 200
        assert client.get("/konto/finns-inte/").status_code == 404
        assert {"/konto/", "/tillsyn/"} <= set(UNLOCALISED_PREFIXES)


class TestPasswordStep:
    def test_with_an_app_goes_to_the_code_prompt(self, client, anna, annas_app):
        response = sign_in(client, "anna")
        assert response.status_code == 302
        assert urlsplit(response["Location"]).path == VERIFY
        assert session_user_id(client) == str(anna.pk)
        assert AccessLog.objects.filter(username="anna").count() == 1

    def test_without_an_app_goes_to_enrolment(self, client, anna):
        response = sign_in(client, "anna")
        assert urlsplit(response["Location"]).path == ENROLL

    def test_wrong_password_gives_a_linked_swedish_error_and_a_failure_record(self, client, anna):
        response = sign_in(client, "anna", "fel-lösen")
        document = page(response)
        assert response.status_code == 200
        assert session_user_id(client) is None
        summary = document.select_one(".error-summary")
        assert summary["role"] == "alert"
        link = summary.find("a")
        assert link["href"] == "#id_username"
        assert "Användarnamnet eller lösenordet är fel" in link.get_text()
        assert document.title.get_text().startswith("Fel:")
        assert document.find("input", attrs={"name": "username"})["value"] == "anna"
        assert not document.find("input", attrs={"name": "password"}).get("value")
        attempt = AccessAttempt.objects.get(username="anna")
        assert attempt.failures_since_start == 1 and attempt.path_info == LOGIN
        assert "fel-lösen" not in attempt.post_data

    def test_a_success_clears_earlier_failures(self, client, anna, annas_app):
        for _ in range(3):
            sign_in(client, "anna", "fel")
        sign_in(client, "anna")
        assert not AccessAttempt.objects.filter(username="anna").exists()
        assert AccessFailureLog.objects.filter(username="anna").count() == 3

    @pytest.mark.parametrize(
        ("data", "field", "message"),
        [
            ({"username": "", "password": ""}, "id_username", "Skriv ditt användarnamn."),
            ({"username": "anna", "password": ""}, "id_password", "Skriv ditt lösenord."),
            ({"username": "a" * 10_000, "password": "x"}, "id_username", "för långt"),
        ],
    )
    def test_empty_or_huge_input(self, client, anna, data, field, message):
        response = client.post(LOGIN, data)
        document = page(response)
        assert response.status_code == 200
        errors = {a["href"]: a.get_text() for a in document.select(".error-summary a")}
        assert message in errors[f"#{field}"]
        assert document.find(id=field)["aria-invalid"] == "true"
        assert f"{field}-error" in document.find(id=field)["aria-describedby"]
        assert not AccessAttempt.objects.exists()  # nothing was tried against a password

    def test_an_inactive_account_cannot_sign_in(self, client, anna, annas_app):
        anna.is_active = False
        anna.save()
        response = sign_in(client, "anna")
        assert response.status_code == 200 and session_user_id(client) is None


class TestLockout:
    def test_five_failures_lock_the_username_and_address_for_15_minutes(self, client, anna):
        for _ in range(4):
            assert sign_in(client, "anna", "fel").status_code == 200
        response = sign_in(client, "anna", "fel")
        assert response.status_code == 429
        document = page(response)
        assert document.h1.get_text(strip=True) == "Inloggningen är tillfälligt spärrad"
        assert "15 minuter" in document.get_text() and "5 misslyckade" in document.get_text()
        assert response["Retry-After"] == "900"
        assert "no-store" in response["Cache-Control"]
        assert document.html["lang"] == "sv"
        assert AccessAttempt.objects.get(username="anna").failures_since_start == 5
        logs = AccessFailureLog.objects.filter(username="anna", ip_address="127.0.0.1")
        assert logs.count() == 5 and logs.filter(locked_out=True).exists()

        # Even the right password is refused while locked out.
        response = sign_in(client, "anna")
        assert response.status_code == 429 and session_user_id(client) is None

    def test_the_lock_is_per_username_and_address(self, client, anna, annas_app):
        for _ in range(5):
            sign_in(client, "anna", "fel")
        assert sign_in(Client(), "anna", meta={"REMOTE_ADDR": "10.1.2.3"}).status_code == 302
        from tests.factories.accounts import county_user

        county_user(username="bertil")
        assert sign_in(Client(), "bertil").status_code == 302

    def test_failures_are_logged(self, client, anna, caplog):
        sign_in(client, "anna", "fel")
        assert any(
            r.name.startswith("axes") and "login failure" in r.getMessage() for r in caplog.records
        )


class TestNext:
    def test_a_local_next_is_kept(self, client, anna, annas_app):
        response = sign_in(client, "anna", next="/tillsyn/lan/AB/")
        assert next_of(response["Location"]) == "/tillsyn/lan/AB/"

    @pytest.mark.parametrize(
        "target",
        ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:alert(1)"],
    )
    def test_another_host_is_ignored(self, client, anna, annas_app, target):
        response = sign_in(client, "anna", next=target)
        assert next_of(response["Location"]) == "/tillsyn/"

    def test_the_form_carries_next(self, client):
        document = page(client.get(LOGIN, {"next": "/tillsyn/lan/AB/"}))
        assert document.find("input", attrs={"name": "next"})["value"] == "/tillsyn/lan/AB/"
        document = page(client.get(LOGIN, {"next": "https://evil.example/"}))
        assert document.find("input", attrs={"name": "next"})["value"] == "/tillsyn/"

    def test_someone_already_verified_goes_straight_on(self, client, anna):
        login_with_second_factor(client, anna)
        response = client.get(LOGIN, {"next": "/tillsyn/lan/AB/"})
        assert response.status_code == 302 and response["Location"] == "/tillsyn/lan/AB/"


class TestLogout:
    def test_get_does_not_sign_out(self, client, anna):
        login_with_second_factor(client, anna)
        response = client.get(LOGOUT)
        assert response.status_code == 405
        assert session_user_id(client) == str(anna.pk)

    def test_post_signs_out_and_says_so(self, client, anna):
        login_with_second_factor(client, anna)
        response = client.post(LOGOUT, follow=True)
        assert response.redirect_chain == [(LOGIN, 302)]
        assert session_user_id(client) is None
        assert "Du är utloggad." in page(response).select_one(".messages").get_text()

    def test_post_needs_the_csrf_token(self, anna):
        client = Client(enforce_csrf_checks=True)
        login_with_second_factor(client, anna)
        assert client.post(LOGOUT).status_code == 403
        assert session_user_id(client) == str(anna.pk)


class TestWagtailAdminLogin:
    """The admin's login goes through authenticate() too, so axes guards it as well."""

    @pytest.fixture
    def editor(self, db):
        from django.contrib.auth import get_user_model

        return get_user_model().objects.create_superuser("redaktor", "r@example.invalid", PASSWORD)

    def test_still_signs_in(self, client, editor):
        response = client.post("/admin/login/", {"username": "redaktor", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200

    def test_is_throttled(self, client, editor):
        for _ in range(4):
            client.post("/admin/login/", {"username": "redaktor", "password": "fel"})
        response = client.post("/admin/login/", {"username": "redaktor", "password": "fel"})
        assert response.status_code == 429
        assert "tillfälligt spärrad" in response.content.decode()
        assert AccessFailureLog.objects.filter(path_info="/admin/login/").count() == 5
