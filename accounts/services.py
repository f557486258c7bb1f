"""Writes for sign-in: TOTP enrolment, backup codes, resets (the tillsyn tool's users and their
roles are provisioned by checklists.staff)."""

import math
from typing import Literal

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import selectors

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Autentiseringsapp"
BACKUP_DEVICE_NAME = "Reservkoder"


class SecondFactorThrottled(Exception):
    """The device refuses codes for a while after wrong ones (django-otp's back-off)."""

    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


# --- Second factor ------------------------------------------------------------------------------


def _throttle_check(device: Device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        remaining = (details["locked_until"] - timezone.now()).total_seconds()
        raise SecondFactorThrottled(max(1, math.ceil(remaining)))


def totp_device_pending(*, user: AbstractUser) -> TOTPDevice:
    """The unconfirmed authenticator the user is setting up; the same one until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
        device.full_clean()
        device.save()
    return device


@transaction.atomic
def backup_codes_replace(*, user: AbstractUser) -> list[str]:
    """New single-use backup codes; the old ones stop working. Returns them for showing once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice(user=user, name=BACKUP_DEVICE_NAME, confirmed=True)
    device.full_clean()
    device.save()
    codes: set[str] = set()
    while len(codes) < BACKUP_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the app with its first code. Returns new backup codes, or None for a wrong code."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    _throttle_check(device)
    if not device.verify_token(token):
        return None
    device.confirmed = True
    device.full_clean()
    device.save()
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    return backup_codes_replace(user=device.user)


def second_factor_verify(
    *, user: AbstractUser, code: str, kind: Literal["totp", "backup"]
) -> Device | None:
    """The device that accepts the code (a backup code is used up), or None."""
    if kind == "totp":
        device = selectors.totp_device_confirmed(user=user)
    else:
        device = selectors.backup_device(user=user)
    if device is None:
        return None
    _throttle_check(device)
    return verify_token(user, device.persistent_id, code)


@transaction.atomic
def second_factor_reset(*, user: AbstractUser) -> int:
    """Remove the user's app and backup codes, so the next sign-in enrols a new app."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    return removed
