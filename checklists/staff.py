"""The tillsyn tool's users: the county a user assesses, or the national reviewer role.

Provisioning builds on accounts (sign-in) from above: the accounts app knows nothing of counties.
"""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from checklists.choices import COUNTY_STAFF_GROUP, REVIEWER_GROUP
from checklists.models import County, StaffProfile


def county_by_code(*, code: str) -> County:
    """The county with this letter code (AB, C, …), or a Swedish error listing the codes."""
    county = County.objects.filter(code=code.strip().upper()).first()
    if county is None:
        codes = ", ".join(County.objects.order_by("code").values_list("code", flat=True))
        raise ValidationError(
            _("Det finns inget län med länsbokstaven '%(code)s'. Giltiga länsbokstäver: %(codes)s.")
            % {"code": code, "codes": codes}
        )
    return county


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
