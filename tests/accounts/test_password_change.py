"""Staff replace their one-time password; wrong, weak and mismatched input is refused."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories.accounts import PASSWORD, county_user, login_with_second_factor

pytestmark = pytest.mark.django_db
URL = "/konto/byt-losenord/"
NEW = "Ett-helt-nytt-lösen-2026"


@pytest.fixture
def user(db):
    return county_user(county_code="AB", username="anna")


def test_needs_the_second_factor(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/" in response["Location"] and URL not in response["Location"].split("?")[0]


def test_changes_the_password_and_keeps_the_session(client, user):
    login_with_second_factor(client, user)
    response = client.post(
        URL, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW}
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(pk=user.pk).check_password(NEW)
    assert client.get("/tillsyn/").status_code == 302  # still signed in: on to the county
    assert client.get("/tillsyn/lan/AB/").status_code == 200


@pytest.mark.parametrize(
    "data, message",
    [
        ({"old_password": "fel", "new_password1": NEW, "new_password2": NEW}, "nuvarande"),
        ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "likadana"),
        ({"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}, "för kort"),
        (
            {"old_password": PASSWORD, "new_password1": "1" * 20, "new_password2": "1" * 20},
            "numerisk",
        ),
        ({}, "Fyll i fältet"),
    ],
)
def test_bad_input_is_refused_in_swedish(client, user, data, message):
    login_with_second_factor(client, user)
    response = client.post(URL, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert get_user_model().objects.get(pk=user.pk).check_password(PASSWORD)
