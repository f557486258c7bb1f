"""Users of the tillsyn tool, and signing them in with a second factor in tests."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from checklists.choices import COUNTY_STAFF_GROUP, REVIEWER_GROUP
from checklists.models import County, StaffProfile

PASSWORD = "Rätt-lösen-för-test-42"


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"anvandare-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.invalid")
    password = factory.django.Password(PASSWORD)

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)


def county_user(county_code: str = "AB", **kwargs):
    """A länsstyrelse user assessing the given county (password: PASSWORD)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=COUNTY_STAFF_GROUP))
    StaffProfile.objects.update_or_create(
        user=user, defaults={"county": County.objects.get(code=county_code)}
    )
    return user


def reviewer_user(**kwargs):
    """A national reviewer: reads every county, has no county of their own."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=REVIEWER_GROUP))
    StaffProfile.objects.get_or_create(user=user)
    return user


def totp_device(user, **kwargs) -> TOTPDevice:
    """A confirmed authenticator app for the user (codes: django_otp.oath.totp(device.bin_key))."""
    return TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True, **kwargs)


def login_with_second_factor(client, user) -> TOTPDevice:
    """Sign the test client in as the user, verified with a (new or existing) TOTP device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
