import pytest

from tests.factories.accounts import county_user, totp_device


@pytest.fixture
def anna(db):
    return county_user(county_code="AB", username="anna", first_name="Anna", last_name="Berg")


@pytest.fixture
def annas_app(anna):
    return totp_device(anna)


@pytest.fixture
def no_throttle(settings):
    """django-otp's back-off (1, 2, 4 … seconds after wrong codes) off, to count failures."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
