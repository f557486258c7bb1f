"""What every write of the reporting tool shares: the audit log, the row lock with its version
check, and the refusal of a stale form."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone

from reporting.choices import AuditAction
from reporting.models import AuditEntry


class ConflictError(Exception):
    """Someone saved the object after this user opened it; nothing was saved."""

    def __init__(self, obj: Model, saved_by: str, saved_at: datetime.datetime):
        super().__init__(saved_by)
        self.object = obj
        self.saved_by = saved_by
        self.saved_at = saved_at


def display_name(user) -> str:
    return (user.get_full_name() or user.get_username())[:150] if user else ""


def audit(*, programme, user, action: str, changes=None, reason: str = "", **objects) -> None:
    """One entry in the programme's log; `objects` names the report, case or annual report."""
    AuditEntry.objects.create(
        programme=programme,
        actor=user,
        actor_name=display_name(user),
        action=action,
        changes=changes or {},
        reason=reason,
        **objects,
    )


def locked(model: type[Model], pk: int, lock_version: int, *, last_entry) -> Model:
    """The row re-read under a lock; raises ConflictError if it was saved since the user's form
    was made. `last_entry` filters the audit log for the object, to name who saved."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.lock_version != lock_version:
        last = AuditEntry.objects.filter(**last_entry).exclude(action=AuditAction.CONFLICT).first()
        raise ConflictError(
            current,
            saved_by=last.actor_name if last else "",
            saved_at=last.at if last else getattr(current, "updated_at", None) or timezone.now(),
        )
    return current


def texts_check(model: type[Model], values: dict) -> None:
    """Run the model fields' own validators (lengths, personal data) on the given values, all of
    them, before anything is written: one ValidationError naming every field that fails."""
    errors = {}
    for name, value in values.items():
        field = model._meta.get_field(name)
        try:
            field.clean(value, None)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)


def export_logged(*, user, programme, what: str, export_format: str, annual_report=None) -> None:
    """An export in the programme's log: what was exported, and in which format."""
    audit(
        programme=programme,
        user=user,
        action=AuditAction.EXPORTED,
        changes={"vad": what, "format": export_format},
        annual_report=annual_report,
    )
