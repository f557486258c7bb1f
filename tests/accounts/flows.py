"""Steps of signing in, shared by the account tests."""

from django_otp.oath import totp

from tests.factories.accounts import PASSWORD

LOGIN = "/konto/logga-in/"
VERIFY = "/konto/tvastegsverifiering/"
ENROLL = "/konto/aktivera-tvastegs/"
LOGOUT = "/konto/logga-ut/"


def code_for(device, *, steps_ahead: int = 0) -> str:
    """The code the user's app shows now (or a later step, still inside the tolerance)."""
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=steps_ahead):06d}"


def sign_in(client, username: str, password: str = PASSWORD, *, meta=None, **data):
    """Post the password form; `data` adds form fields, `meta` request headers (REMOTE_ADDR)."""
    return client.post(LOGIN, {"username": username, "password": password, **data}, **(meta or {}))


def session_user_id(client):
    return client.session.get("_auth_user_id")


def is_verified(client) -> bool:
    from django_otp import DEVICE_ID_SESSION_KEY

    return DEVICE_ID_SESSION_KEY in client.session
