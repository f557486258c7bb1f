"""Progress: in a signed cookie for anonymous readers, on the account for signed-in users."""

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.test import Client

from onboarding import cookies
from onboarding.models import OnboardingProgress
from tests.conftest import translate
from tests.factories.accounts import UserFactory, login_with_second_factor
from tests.onboarding.conftest import module_url

pytestmark = pytest.mark.django_db


def overview_states(client, page) -> tuple[str, list[str]]:
    document = BeautifulSoup(client.get(page.url).content, "html.parser")
    count = document.select_one(".onboarding-progress__count").get_text(" ", strip=True)
    states = [
        s.get_text(strip=True) for s in document.select(".onboarding-modules .onboarding-state")
    ]
    return count, states


def mark(client, page, key, done="1"):
    return client.post(module_url(page, key, "module_progress"), {"klar": done})


def cookie_value(page, *keys) -> str:
    return signing.dumps({str(page.pk): list(keys)}, salt=cookies.SALT, compress=True)


class TestAnonymous:
    def test_marking_a_module_done_keeps_it_in_a_signed_cookie_only(self, client, onboarding):
        response = mark(client, onboarding, "malgruppen")
        assert response.status_code == 302
        assert response["Location"] == module_url(onboarding, "malgruppen")
        cookie = response.cookies[cookies.COOKIE_NAME]
        assert cookie["samesite"] == "Lax" and cookie["httponly"]
        assert cookie["max-age"] == 365 * 24 * 60 * 60
        assert not cookie["secure"]  # only in production, see below
        stored = signing.loads(cookie.value, salt=cookies.SALT)
        assert stored == {str(onboarding.pk): ["malgruppen"]}
        assert OnboardingProgress.objects.count() == 0
        assert overview_states(client, onboarding) == (
            "1 av 3 moduler klara",
            ["Inte klar", "Klar", "Inte klar"],
        )

    def test_the_module_says_it_is_done_and_offers_to_undo(self, client, onboarding):
        mark(client, onboarding, "uppdraget")
        document = BeautifulSoup(
            client.get(module_url(onboarding, "uppdraget")).content, "html.parser"
        )
        assert "Modulen är markerad som klar." in document.select_one(".messages").get_text()
        assert (
            "Du har markerat modulen som klar."
            in document.select_one(".onboarding-module__state").get_text()
        )
        form = document.select_one(".onboarding-done form")
        assert form.select_one("input[name=klar]")["value"] == "0"
        assert "Ångra" in form.button.get_text()

    def test_undo_takes_the_mark_back_and_the_last_one_removes_the_cookie(self, client, onboarding):
        mark(client, onboarding, "uppdraget")
        response = mark(client, onboarding, "uppdraget", done="0")
        assert response.cookies[cookies.COOKIE_NAME]["max-age"] == 0
        assert overview_states(client, onboarding)[0] == "0 av 3 moduler klara"

    @pytest.mark.parametrize(
        "raw",
        [
            "inte-signerad",
            signing.dumps({"1": ["uppdraget"]}, salt="annat-salt"),
            "a:b:c" * 200,
            signing.dumps(["uppdraget"], salt=cookies.SALT),
            signing.dumps({"1": ["<script>"]}, salt=cookies.SALT),
            signing.dumps({"1": "uppdraget"}, salt=cookies.SALT),
        ],
    )
    def test_a_tampered_cookie_counts_as_empty(self, client, onboarding, raw):
        client.cookies[cookies.COOKIE_NAME] = raw
        assert overview_states(client, onboarding)[0] == "0 av 3 moduler klara"
        assert client.get(module_url(onboarding, "uppdraget")).status_code == 200
        assert mark(client, onboarding, "uppdraget").status_code == 302
        assert overview_states(client, onboarding)[0] == "1 av 3 moduler klara"

    def test_a_signed_cookie_with_unknown_modules_shows_only_the_page_s_modules(
        self, client, onboarding
    ):
        client.cookies[cookies.COOKIE_NAME] = cookie_value(onboarding, "borttagen", "uppdraget")
        assert overview_states(client, onboarding)[0] == "1 av 3 moduler klara"

    def test_the_cookie_is_secure_in_production(self, client, onboarding, settings):
        settings.SESSION_COOKIE_SECURE = True
        response = mark(client, onboarding, "uppdraget")
        assert response.cookies[cookies.COOKIE_NAME]["secure"]

    def test_posts_need_the_csrf_token(self, onboarding):
        strict = Client(enforce_csrf_checks=True)
        response = strict.post(
            module_url(onboarding, "uppdraget", "module_progress"), {"klar": "1"}
        )
        assert response.status_code == 403
        assert cookies.COOKIE_NAME not in response.cookies
        assert strict.post(onboarding.url + "borja-om/").status_code == 403

    def test_starting_over_asks_first_then_removes_the_cookie(self, client, onboarding):
        mark(client, onboarding, "uppdraget")
        mark(client, onboarding, "malgruppen")
        confirm = BeautifulSoup(client.get(onboarding.url + "borja-om/").content, "html.parser")
        assert "Du har markerat 2 moduler som klara." in confirm.get_text(" ", strip=True)
        assert confirm.select_one("form[method=post] input[name=csrfmiddlewaretoken]")
        response = client.post(onboarding.url + "borja-om/")
        assert response.status_code == 302 and response["Location"] == onboarding.url
        assert response.cookies[cookies.COOKIE_NAME]["max-age"] == 0
        assert overview_states(client, onboarding)[0] == "0 av 3 moduler klara"

    def test_progress_follows_the_reader_to_the_english_page(
        self, client, onboarding, section, home_en
    ):
        translate(section, "en", title="For new ombudsmen", slug="ombud-en")
        english = translate(onboarding, "en", title="Introduction", slug="introduction")
        mark(client, onboarding, "uppdraget")
        assert overview_states(client, english)[0].startswith("1 ")
        response = mark(client, english, "malgruppen")
        assert response["Location"] == "/en/ombud-en/introduction/modul/malgruppen/"
        assert overview_states(client, onboarding)[0] == "2 av 3 moduler klara"


@pytest.fixture
def ombud(db):
    return UserFactory(username="nytt-ombud")


class TestSignedIn:
    def test_marking_done_is_stored_on_the_account_not_in_a_cookie(self, client, onboarding, ombud):
        login_with_second_factor(client, ombud)
        response = mark(client, onboarding, "malgruppen")
        assert cookies.COOKIE_NAME not in response.cookies
        record = OnboardingProgress.objects.get()
        assert (record.user, record.page_id, record.module_key) == (
            ombud,
            onboarding.pk,
            "malgruppen",
        )
        count, states = overview_states(client, onboarding)
        assert (count, states) == ("1 av 3 moduler klara", ["Inte klar", "Klar", "Inte klar"])
        storage = BeautifulSoup(client.get(onboarding.url).content, "html.parser")
        assert "på ditt konto" in storage.select_one(".onboarding-storage").get_text()

    def test_another_user_sees_only_their_own_progress(self, client, onboarding, ombud):
        login_with_second_factor(client, ombud)
        mark(client, onboarding, "uppdraget")
        other = Client()
        login_with_second_factor(other, UserFactory(username="annat-ombud"))
        assert overview_states(other, onboarding)[0] == "0 av 3 moduler klara"

    def test_a_password_only_session_is_treated_as_anonymous(self, client, onboarding, ombud):
        client.force_login(ombud)
        response = mark(client, onboarding, "uppdraget")
        assert cookies.COOKIE_NAME in response.cookies
        assert OnboardingProgress.objects.count() == 0

    def test_the_cookie_is_merged_into_the_account_on_the_next_visit(
        self, client, onboarding, ombud
    ):
        mark(client, onboarding, "uppdraget")
        mark(client, onboarding, "malgruppen")
        login_with_second_factor(client, ombud)
        OnboardingProgress.objects.create(user=ombud, page=onboarding, module_key="malgruppen")
        response = client.get(onboarding.url)
        assert response.cookies[cookies.COOKIE_NAME]["max-age"] == 0
        keys = OnboardingProgress.objects.filter(user=ombud).values_list("module_key", flat=True)
        assert sorted(keys) == ["malgruppen", "uppdraget"]
        assert overview_states(client, onboarding)[0] == "2 av 3 moduler klara"

    def test_undo_and_starting_over_change_only_the_account(self, client, onboarding, ombud):
        login_with_second_factor(client, ombud)
        for key in ("uppdraget", "malgruppen", "avgransningar"):
            mark(client, onboarding, key)
        mark(client, onboarding, "avgransningar", done="0")
        assert OnboardingProgress.objects.count() == 2
        other = UserFactory(username="annat-ombud")
        OnboardingProgress.objects.create(user=other, page=onboarding, module_key="uppdraget")
        response = client.post(onboarding.url + "borja-om/")
        assert response.status_code == 302
        assert list(OnboardingProgress.objects.values_list("user__username", flat=True)) == [
            "annat-ombud"
        ]
