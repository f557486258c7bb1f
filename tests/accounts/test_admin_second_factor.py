"""The Wagtail admin asks for the second factor too, when PORTAL_ADMIN_SECOND_FACTOR is on."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories.accounts import login_with_second_factor, totp_device

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("root", "root@example.invalid", "x")


@pytest.fixture(autouse=True)
def second_factor_on(settings):
    settings.PORTAL_ADMIN_SECOND_FACTOR = True


def test_password_only_is_sent_to_enrolment_then_to_the_code(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/aktivera-tvastegs/")
    assert "next=/admin/pages/" in response["Location"]
    totp_device(admin_user)
    response = client.get("/admin/")
    assert response["Location"].startswith("/konto/tvastegsverifiering/")


def test_verified_admin_gets_in(client, admin_user):
    login_with_second_factor(client, admin_user)
    assert client.get("/admin/").status_code == 200


def test_the_admin_sign_in_page_stays_open(client):
    assert client.get("/admin/login/").status_code == 200


def test_anonymous_visitors_still_get_wagtails_login(client):
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_production_asks_for_it_by_default():
    from portal.settings import base

    assert base.PORTAL_ADMIN_SECOND_FACTOR is True
