"""Setting up the authenticator app at the first sign-in, end to end with real codes."""

from base64 import b32encode
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.flows import ENROLL, LOGIN, LOGOUT, VERIFY, code_for, sign_in

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def enrol(client, token, next_="/tillsyn/lan/AB/"):
    return client.post(ENROLL, {"token": token, "next": next_})


def test_first_sign_in_enrols_an_app_and_shows_backup_codes_once(client, anna):
    response = sign_in(client, "anna", next="/tillsyn/lan/AB/")
    assert urlsplit(response["Location"]).path == ENROLL

    response = client.get(response["Location"])
    document = page(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    device = TOTPDevice.objects.get(user=anna)
    assert not device.confirmed
    svg = document.select_one("figure.qr-code svg")
    assert svg["role"] == "img"
    title = svg.find("title")
    assert svg["aria-labelledby"] == title["id"] and "QR-kod" in title.get_text()
    secret = document.select_one(".totp-secret").get_text()
    assert secret.replace(" ", "") == b32encode(device.bin_key).decode()
    assert all(len(group) == 4 for group in secret.split())
    assert "PO-portalen" in document.select_one(".facts").get_text()
    token = document.find("input", attrs={"name": "token"})
    assert token["autocomplete"] == "one-time-code" and token["inputmode"] == "numeric"
    assert not document.select("[style]") and not document.select("script:not([src])")

    response = enrol(client, code_for(device))
    document = page(response)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    codes = [code.get_text() for code in document.select(".backup-codes code")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert document.select_one("a.button")["href"] == "/tillsyn/lan/AB/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    static = StaticDevice.objects.get(user=anna)
    assert sorted(static.token_set.values_list("token", flat=True)) == sorted(codes)

    # Shown once: the enrolment page now just sends her on.
    assert client.get(ENROLL)["Location"] == "/tillsyn/"

    # Next time: password, then a code from the same app.
    client.post(LOGOUT)
    response = sign_in(client, "anna")
    assert urlsplit(response["Location"]).path == VERIFY
    response = client.post(VERIFY, {"token": code_for(device, steps_ahead=1)})
    assert response.status_code == 302
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_reloading_keeps_the_same_secret(client, anna):
    sign_in(client, "anna")
    first = page(client.get(ENROLL)).select_one(".totp-secret").get_text()
    second = page(client.get(ENROLL)).select_one(".totp-secret").get_text()
    assert first == second and TOTPDevice.objects.filter(user=anna).count() == 1


@pytest.mark.parametrize(
    ("token", "message"),
    [
        ("", "Skriv koden från autentiseringsappen."),
        ("12 34", "sex siffror, men du skrev 4"),
        ("abcdefgh", "bara av siffror"),
        ("9" * 10_000, "Koden är för lång"),
    ],
)
def test_bad_codes_while_enrolling(client, anna, token, message):
    sign_in(client, "anna")
    client.get(ENROLL)
    response = enrol(client, token)
    assert response.status_code == 200
    assert message in page(response).select_one(".error-summary").get_text()
    assert not TOTPDevice.objects.get(user=anna).confirmed
    assert not StaticDevice.objects.exists()


def test_a_wrong_code_while_enrolling_confirms_nothing(client, anna):
    sign_in(client, "anna")
    client.get(ENROLL)
    device = TOTPDevice.objects.get(user=anna)
    wrong = f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"
    response = enrol(client, wrong)
    assert "Koden stämmer inte" in page(response).select_one(".error-summary").get_text()
    device.refresh_from_db()
    assert not device.confirmed and DEVICE_ID_SESSION_KEY not in client.session


def test_someone_with_an_app_is_sent_to_the_code_prompt(client, anna, annas_app):
    client.force_login(anna)
    assert urlsplit(client.get(ENROLL)["Location"]).path == VERIFY
    assert TOTPDevice.objects.filter(user=anna).count() == 1


def test_anonymous_visitors_and_expired_sessions_go_to_sign_in(client, anna):
    assert urlsplit(client.get(ENROLL)["Location"]).path == LOGIN
    response = client.post(ENROLL, {"token": "123456"}, follow=True)
    assert "Din inloggning har gått ut" in page(response).get_text()
    assert not TOTPDevice.objects.exists()
