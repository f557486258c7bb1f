"""Writes of the accounts that work for programmes: ombud and ledningsgrupp members."""

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from checklists.models import Programme
from reporting.choices import OMBUD_GROUP, STEERING_GROUP, AuditAction, ProgrammeRole
from reporting.models import ProgrammeMembership
from reporting.services.common import audit

ROLE_GROUPS = {ProgrammeRole.OMBUD: OMBUD_GROUP, ProgrammeRole.STEERING: STEERING_GROUP}


def _groups_sync(user: AbstractUser) -> None:
    """The user is in a role's group exactly when they hold that role for some programme."""
    held = set(ProgrammeMembership.objects.filter(user=user).values_list("role", flat=True))
    for role, name in ROLE_GROUPS.items():
        group = Group.objects.get(name=name)
        if role in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)


@transaction.atomic
def membership_set(
    *, actor, user: AbstractUser, programme: Programme, role: str, reason: str = ""
) -> ProgrammeMembership:
    """Tie the account to the programme in the role (replacing another role it had there)."""
    if role not in ProgrammeRole.values:
        raise ValidationError(_("Okänd roll: %(role)s.") % {"role": role})
    membership = ProgrammeMembership.objects.filter(user=user, programme=programme).first()
    before = membership.role if membership else None
    membership = membership or ProgrammeMembership(user=user, programme=programme)
    membership.role = role
    membership.full_clean()
    membership.save()
    _groups_sync(user)
    if before != role:
        audit(
            programme=programme,
            user=actor,
            action=AuditAction.MEMBERSHIP,
            changes={"användare": user.get_username(), "roll": [before, role]},
            reason=reason,
        )
    return membership


@transaction.atomic
def membership_remove(*, actor, user: AbstractUser, programme: Programme, reason: str = "") -> bool:
    membership = ProgrammeMembership.objects.filter(user=user, programme=programme).first()
    if membership is None:
        return False
    role = membership.role
    membership.delete()
    _groups_sync(user)
    audit(
        programme=programme,
        user=actor,
        action=AuditAction.MEMBERSHIP,
        changes={"användare": user.get_username(), "roll": [role, None]},
        reason=reason,
    )
    return True


@transaction.atomic
def programme_user_create(
    *,
    username: str,
    email: str,
    password: str,
    programmes: list[Programme],
    role: str,
    first_name: str = "",
    last_name: str = "",
    actor=None,
) -> AbstractUser:
    """A new account for one or more programmes, as ombud or in the ledningsgrupp."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(
            _("Det finns redan en användare med användarnamnet '%(username)s'.")
            % {"username": username}
        )
    if not programmes:
        raise ValidationError(_("Ange minst en verksamhet."))
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    for programme in programmes:
        membership_set(
            actor=actor, user=user, programme=programme, role=role, reason=_("Nytt konto")
        )
    return user
