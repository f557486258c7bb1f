"""second_factor_required: who gets through, and where everyone else is sent."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from accounts import services
from tests.accounts.flows import ENROLL, LOGIN, VERIFY, code_for, sign_in
from tests.factories.accounts import login_with_second_factor

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]

PROTECTED = "/skyddad/?lan=AB"


def target(response) -> tuple[str, str]:
    location = urlsplit(response["Location"])
    return location.path, parse_qs(location.query)["next"][0]


def test_anonymous_visitors_are_sent_to_sign_in_with_next(client):
    response = client.get(PROTECTED)
    assert response.status_code == 302 and target(response) == (LOGIN, PROTECTED)
    assert "no-store" in response["Cache-Control"]


def test_password_only_is_sent_to_the_code_prompt(client, anna, annas_app):
    client.force_login(anna)
    response = client.get(PROTECTED)
    assert target(response) == (VERIFY, PROTECTED)


def test_password_only_without_an_app_is_sent_to_enrolment(client, anna):
    client.force_login(anna)
    assert target(client.get(PROTECTED)) == (ENROLL, PROTECTED)


def test_a_verified_user_gets_the_page_never_cached(client, anna):
    login_with_second_factor(client, anna)
    response = client.get(PROTECTED)
    assert response.status_code == 200 and response.content.decode() == "Hemligt för anna"
    assert "no-store" in response["Cache-Control"]


def test_the_whole_way_round(client, anna, annas_app):
    response = client.get(PROTECTED)
    response = sign_in(client, "anna", next=target(response)[1])
    response = client.post(response["Location"], {"token": code_for(annas_app)})
    assert response["Location"] == PROTECTED
    assert client.get(PROTECTED).status_code == 200


def test_a_device_id_for_someone_else_does_not_count(client, anna):
    from tests.factories.accounts import county_user, totp_device

    other = totp_device(county_user(username="bertil"))
    totp_device(anna)
    client.force_login(anna)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id
    session.save()
    assert target(client.get(PROTECTED))[0] == VERIFY


def test_a_reset_second_factor_ends_verified_sessions(client, anna):
    login_with_second_factor(client, anna)
    services.second_factor_reset(user=anna)
    assert target(client.get(PROTECTED))[0] == ENROLL
