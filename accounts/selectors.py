"""Reads for sign-in: what second factor a user has, and where a user lands after signing in."""

from django.conf import settings
from django.shortcuts import resolve_url
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail import hooks


def totp_enrolled(*, user) -> bool:
    """True when the user has a confirmed authenticator app (and so signs in with its codes)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_confirmed(*, user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_device(*, user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_codes_left(*, user) -> int:
    device = backup_device(user=user)
    return device.token_set.count() if device else 0


def landing_url(*, user) -> str:
    """Where a user goes after signing in when nothing else was asked for: the first tool that
    claims them (Wagtail hook `register_sign_in_landing`: `provider(*, user) -> str | None`),
    else LOGIN_REDIRECT_URL (the tillsyn tool)."""
    if user.is_authenticated:
        for provider in hooks.get_hooks("register_sign_in_landing"):
            url = provider(user=user)
            if url:
                return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)
