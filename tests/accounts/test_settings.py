"""The sign-in machinery is wired in where the libraries require it."""

from django.conf import settings


def test_otp_middleware_follows_authentication_and_axes_comes_last():
    middleware = settings.MIDDLEWARE
    auth = middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert middleware[auth + 1] == "django_otp.middleware.OTPMiddleware"
    assert middleware[-1] == "axes.middleware.AxesMiddleware"


def test_axes_checks_before_the_password_backend():
    assert settings.AUTHENTICATION_BACKENDS == [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    assert settings.INSTALLED_APPS[-1] == "axes"


def test_lockout_policy():
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_RESET_ON_SUCCESS is True
    assert settings.OTP_TOTP_ISSUER == "PO-portalen"
