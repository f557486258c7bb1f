"""Writes of the tillsyn tool: checklist versions, assessments, answers and their audit log."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from checklists import messages
from checklists.choices import AnswerStatus, AssessmentState, AuditAction
from checklists.models import (
    COMMENT_MAX,
    EVIDENCE_MAX,
    REASON_MAX,
    Answer,
    Assessment,
    AuditEvent,
    ChecklistPage,
    ChecklistVersion,
    Municipality,
    Programme,
)
from checklists.snapshots import checklist_snapshot, snapshot_hash

ANSWER_FIELDS = ("status", "comment", "evidence")
# What the directory shows as a register record's public contact details; a change to any of
# them dates the record ("Kontaktuppgifterna ändrades …").
REGISTER_CONTACT_FIELDS = {
    Programme: ("phone", "email", "address", "website", "public_note"),
    Municipality: ("phone", "website"),
}


def register_contact_stamp(
    *, instance: Programme | Municipality, changed_fields, today: datetime.date | None = None
) -> bool:
    """Date the contact details of a programme or municipality if a form changed them (call
    before saving). Returns whether it did."""
    fields = REGISTER_CONTACT_FIELDS[type(instance)]
    if not set(changed_fields) & set(fields):
        return False
    instance.contact_updated_on = today or timezone.localdate()
    return True


class ConcurrentEditError(Exception):
    """Someone saved the assessment after this user opened it; nothing was saved."""

    def __init__(self, assessment: Assessment, saved_by: str, saved_at: datetime.datetime):
        super().__init__(saved_by)
        self.assessment = assessment
        self.saved_by = saved_by
        self.saved_at = saved_at


@dataclass(frozen=True)
class AnswerInput:
    status: str
    comment: str = ""
    evidence: str = ""


def checklist_version_publish(*, page: ChecklistPage) -> ChecklistVersion | None:
    """Freeze the published checklist as a new version, unless its text is unchanged or the page
    is a translation: assessments answer the checklist in the site's own language (Swedish), so a
    translation is for reading and has no versions of its own."""
    if page.is_translation:
        return None
    # Frozen in Swedish whatever the publishing editor's admin language (rule force labels).
    with translation.override(settings.LANGUAGE_CODE):
        snapshot = checklist_snapshot(page=page)
    digest = snapshot_hash(snapshot)
    latest = ChecklistVersion.objects.filter(checklist=page).order_by("-number").first()
    if latest is not None and latest.content_hash == digest:
        return None
    version = ChecklistVersion(
        checklist=page,
        number=(latest.number + 1) if latest else 1,
        title=page.title,
        snapshot=snapshot,
        content_hash=digest,
        published_at=page.last_published_at or timezone.now(),
    )
    version.full_clean()
    version.save()
    return version


def _audit(*, assessment: Assessment, user, action: str, changes=None, reason: str = "") -> None:
    AuditEvent.objects.create(
        assessment=assessment,
        actor=user,
        actor_name=_display_name(user),
        action=action,
        changes=changes or {},
        reason=reason,
    )


def _display_name(user) -> str:
    return (user.get_full_name() or user.get_username())[:150]


def assessment_start(
    *, user, programme: Programme, year: int, version: ChecklistVersion
) -> Assessment:
    """A new draft with every item 'ej bedömt'. One assessment per programme and year."""
    assessment = Assessment(
        programme=programme, year=year, checklist_version=version, created_by=user
    )
    assessment.full_clean(validate_constraints=False)  # the unique year is checked on insert
    try:
        with transaction.atomic():
            assessment.save()
            Answer.objects.bulk_create(
                Answer(assessment=assessment, item_key=key, updated_by=user)
                for key in version.item_keys()
            )
            _audit(
                assessment=assessment,
                user=user,
                action=AuditAction.CREATED,
                changes={"checklista": str(version), "år": year},
            )
    except IntegrityError:
        raise ValidationError(
            {
                "year": _("Det finns redan en bedömning av den här verksamheten för %(year)s.")
                % {"year": year}
            }
        ) from None
    return assessment


def _clean_answers(
    *, assessment: Assessment, answers: dict[str, AnswerInput]
) -> dict[str, AnswerInput]:
    """Check every answer before anything is written; one error stops the whole save."""
    known = set(assessment.checklist_version.item_keys())
    errors = []
    statuses = set(AnswerStatus.values)
    cleaned = {}
    for key, answer in answers.items():
        if key not in known:
            errors.append(
                _("Punkten '%(key)s' finns inte i den checklistversion som bedömningen gäller.")
                % {"key": key[:80]}
            )
            continue
        if answer.status not in statuses:
            errors.append(_("Ogiltig bedömning för punkt %(key)s.") % {"key": key})
        if len(answer.comment) > COMMENT_MAX:
            errors.append(
                _("Kommentaren till punkt %(key)s är för lång (högst %(max)s tecken).")
                % {"key": key, "max": COMMENT_MAX}
            )
        if len(answer.evidence) > EVIDENCE_MAX:
            errors.append(
                _("Underlaget till punkt %(key)s är för långt (högst %(max)s tecken).")
                % {"key": key, "max": EVIDENCE_MAX}
            )
        cleaned[key] = AnswerInput(
            status=answer.status, comment=answer.comment.strip(), evidence=answer.evidence.strip()
        )
    if errors:
        raise ValidationError(errors)
    return cleaned


def _locked(assessment: Assessment, lock_version: int) -> Assessment:
    """The assessment re-read under a row lock; raises if someone saved in between."""
    current = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if current.lock_version != lock_version:
        last = current.audit_events.exclude(action=AuditAction.CONFLICT).first()
        raise ConcurrentEditError(
            current,
            saved_by=last.actor_name if last else "",
            saved_at=last.at if last else current.updated_at,
        )
    return current


def assessment_save_answers(
    *, user, assessment: Assessment, lock_version: int, answers: dict[str, AnswerInput]
) -> Assessment:
    """Save a draft's answers in one transaction, refusing stale forms and locked assessments."""
    cleaned = _clean_answers(assessment=assessment, answers=answers)
    try:
        with transaction.atomic():
            current = _locked(assessment, lock_version)
            if not current.is_draft:
                raise ValidationError(
                    _("Bedömningen är markerad som klar. Öppna den igen för att ändra svaren.")
                )
            existing = {a.item_key: a for a in current.answers.filter(item_key__in=cleaned)}
            changes = {}
            for key, answer in cleaned.items():
                row = existing.get(key) or Answer(assessment=current, item_key=key)
                diff = {
                    field: [getattr(row, field), getattr(answer, field)]
                    for field in ANSWER_FIELDS
                    if getattr(row, field) != getattr(answer, field)
                }
                if not diff and row.pk:
                    continue
                for field in ANSWER_FIELDS:
                    setattr(row, field, getattr(answer, field))
                row.updated_by = user
                row.full_clean()
                row.save()
                changes[key] = diff
            if changes:
                current.lock_version += 1
                current.save(update_fields=["lock_version", "updated_at"])
                _audit(assessment=current, user=user, action=AuditAction.SAVED, changes=changes)
    except ConcurrentEditError as conflict:
        _audit(
            assessment=conflict.assessment,
            user=user,
            action=AuditAction.CONFLICT,
            changes={"punkter": sorted(cleaned)},
        )
        raise
    return current


def assessment_complete(*, user, assessment: Assessment, lock_version: int) -> Assessment:
    """Lock the assessment and keep the checklist text it answered."""
    with transaction.atomic():
        current = _locked(assessment, lock_version)
        if not current.is_draft:
            raise ValidationError(_("Bedömningen är redan markerad som klar."))
        current.state = AssessmentState.COMPLETED
        current.completed_at = timezone.now()
        current.completed_by = user
        current.completed_snapshot = current.checklist_version.snapshot
        current.lock_version += 1
        current.full_clean()
        current.save()
        _audit(assessment=current, user=user, action=AuditAction.COMPLETED)
    return current


def assessment_reopen(
    *, user, assessment: Assessment, lock_version: int, reason: str
) -> Assessment:
    """Make a completed assessment a draft again; the reason goes into the audit log."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": messages.REOPEN_REASON_MISSING})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Motiveringen är för lång (högst %(max)s tecken).") % {"max": REASON_MAX}}
        )
    with transaction.atomic():
        current = _locked(assessment, lock_version)
        if current.is_draft:
            raise ValidationError(_("Bedömningen är redan ett utkast."))
        current.state = AssessmentState.DRAFT
        current.completed_at = None
        current.completed_by = None
        current.lock_version += 1
        current.full_clean()
        current.save()
        _audit(assessment=current, user=user, action=AuditAction.REOPENED, reason=reason)
    return current


def assessment_log_export(*, user, assessment: Assessment, export_format: str) -> None:
    _audit(
        assessment=assessment,
        user=user,
        action=AuditAction.EXPORTED,
        changes={"format": export_format},
    )
