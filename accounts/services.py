"""Writes for sign-in: tillsyn users and their roles, TOTP enrolment, backup codes, resets."""

import math
from typing import Literal

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import selectors
from checklists.choices import COUNTY_STAFF_GROUP, REVIEWER_GROUP
from checklists.models import County, StaffProfile

BACKUP_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Autentiseringsapp"
BACKUP_DEVICE_NAME = "Reservkoder"


class SecondFactorThrottled(Exception):
    """The device refuses codes for a while after wrong ones (django-otp's back-off)."""

    def __init__(self, wait_seconds: int):
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


# --- Tillsyn users ------------------------------------------------------------------------------


def _role_check(*, county: County | None, reviewer: bool) -> None:
    if reviewer and county is not None:
        raise ValidationError(
            _("En nationell granskare hör inte till något län. Ange inget län för granskare.")
        )
    if not reviewer and county is None:
        raise ValidationError(_("En länsstyrelseanvändare måste ha ett län."))


def _role_set(*, user: AbstractUser, county: County | None, reviewer: bool) -> None:
    """One tool role per user: the county staff group with a county, or the reviewer group."""
    staff = Group.objects.get(name=COUNTY_STAFF_GROUP)
    national = Group.objects.get(name=REVIEWER_GROUP)
    user.groups.remove(staff if reviewer else national)
    user.groups.add(national if reviewer else staff)
    county_user_assign(user=user, county=county)


@transaction.atomic
def county_user_create(
    *,
    username: str,
    email: str,
    county: County | None,
    password: str,
    reviewer: bool = False,
    first_name: str = "",
    last_name: str = "",
) -> AbstractUser:
    """A new länsstyrelse user (or, with reviewer, a national reviewer without a county)."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            _("Det finns redan en användare med användarnamnet '%(username)s'.")
            % {"username": username}
        )
    _role_check(county=county, reviewer=reviewer)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    _role_set(user=user, county=county, reviewer=reviewer)
    return user


@transaction.atomic
def county_user_update(
    *,
    user: AbstractUser,
    email: str,
    county: County | None,
    reviewer: bool,
    first_name: str,
    last_name: str,
    password: str | None = None,
) -> AbstractUser:
    """Change an existing tillsyn user's details and role; the password only when given."""
    _role_check(county=county, reviewer=reviewer)
    user.email, user.first_name, user.last_name = email, first_name, last_name
    if password is not None:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.full_clean()
    user.save()
    _role_set(user=user, county=county, reviewer=reviewer)
    return user


def county_user_assign(*, user: AbstractUser, county: County | None) -> StaffProfile:
    """Set the county whose programmes the user assesses (creating the profile if needed)."""
    profile = StaffProfile.objects.filter(user=user).first() or StaffProfile(user=user)
    profile.county = county
    profile.full_clean()
    profile.save()
    return profile


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
