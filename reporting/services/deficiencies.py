"""Writes of systembrist reports and the ledningsgrupp's cases.

Every write checks all input first (choices, lengths, personal data), then in one transaction
locks the row, refuses a stale `lock_version`, writes and adds an entry to the audit log.
"""

import datetime
from dataclasses import asdict, dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.models import Programme
from reporting import messages
from reporting.choices import AuditAction, CaseStatus
from reporting.models import DeficiencyCase, DeficiencyReport
from reporting.services.common import ConflictError, audit, display_name, locked, texts_check

REPORT_FIELDS = (
    "reported_on",
    "title",
    "description",
    "frequency",
    "level",
    "actor",
    "organisations",
    "cause",
    "consequences",
    "ombud_action",
    "suggestion",
)
CASE_FIELDS = (
    "title",
    "status",
    "analysis",
    "decision",
    "responsible",
    "due_date",
    "raised_to",
    "feedback",
    "feedback_on",
    "result",
)
EARLIEST = datetime.date(2000, 1, 1)  # the grant began in 2000 (seed 001)


@dataclass(frozen=True)
class ReportInput:
    reported_on: datetime.date
    title: str
    description: str
    frequency: str
    level: str
    actor: str
    organisations: str
    consequences: str
    suggestion: str
    cause: str = ""
    ombud_action: str = ""


@dataclass(frozen=True)
class CaseInput:
    title: str
    status: str
    analysis: str = ""
    decision: str = ""
    responsible: str = ""
    due_date: datetime.date | None = None
    raised_to: str = ""
    feedback: str = ""
    feedback_on: datetime.date | None = None
    result: str = ""


def _stripped(values: dict) -> dict:
    return {k: v.strip() if isinstance(v, str) else v for k, v in values.items()}


def _report_values(data: ReportInput) -> dict:
    values = _stripped(asdict(data))
    texts_check(DeficiencyReport, values)
    today = timezone.localdate()
    if not EARLIEST <= values["reported_on"] <= today:
        raise ValidationError(
            {"reported_on": _("Datumet kan inte ligga i framtiden eller före år 2000.")}
        )
    return values


def _json(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _diff(obj, values: dict) -> dict:
    return {
        name: [_json(getattr(obj, name)), _json(value)]
        for name, value in values.items()
        if getattr(obj, name) != value
    }


def deficiency_report_create(*, user, programme: Programme, data: ReportInput) -> DeficiencyReport:
    """An ombud's new report; it starts as 'Ny' until the ledningsgrupp takes it up."""
    values = _report_values(data)
    report = DeficiencyReport(
        programme=programme, reported_by=user, reporter_name=display_name(user), **values
    )
    report.full_clean()
    with transaction.atomic():
        report.save()
        audit(
            programme=programme,
            user=user,
            action=AuditAction.REPORTED,
            report=report,
            changes={"rubrik": report.title},
        )
    return report


def deficiency_report_update(
    *, user, report: DeficiencyReport, lock_version: int, data: ReportInput
) -> DeficiencyReport:
    """Change a report, as long as the ledningsgrupp has not taken it up in a case."""
    values = _report_values(data)
    try:
        with transaction.atomic():
            current = locked(
                DeficiencyReport, report.pk, lock_version, last_entry={"report_id": report.pk}
            )
            if current.case_id is not None:
                raise ValidationError(
                    _(
                        "Ledningsgruppen har redan tagit upp rapporten i ett ärende, så den kan "
                        "inte ändras längre. Skriv en ny rapport om något har tillkommit."
                    )
                )
            changes = _diff(current, values)
            if not changes:
                return current
            for name, value in values.items():
                setattr(current, name, value)
            current.lock_version += 1
            current.full_clean()
            current.save()
            audit(
                programme=current.programme,
                user=user,
                action=AuditAction.REPORT_CHANGED,
                report=current,
                changes=changes,
            )
    except ConflictError as conflict:
        audit(
            programme=report.programme,
            user=user,
            action=AuditAction.CONFLICT,
            report=report,
            changes={"fält": sorted(values)},
        )
        raise conflict from None
    return current


def _reports_free(programme: Programme, reports: list[DeficiencyReport], case=None) -> None:
    if not reports:
        raise ValidationError({"reports": messages.NO_REPORT_CHOSEN})
    for report in reports:
        if report.programme_id != programme.pk:
            raise ValidationError({"reports": _("Rapporterna måste höra till verksamheten.")})
        if report.case_id is not None and (case is None or report.case_id != case.pk):
            raise ValidationError(
                {
                    "reports": _("Rapporten ”%(title)s” finns redan i ett annat ärende.")
                    % {"title": report.title}
                }
            )


def case_open(
    *, user, programme: Programme, reports: list[DeficiencyReport], title: str
) -> DeficiencyCase:
    """The ledningsgrupp takes up one report, or several related ones, as one case."""
    title = (title or "").strip()
    texts_check(DeficiencyCase, {"title": title})
    with transaction.atomic():
        # Lock the reports, so that two members cannot put one report in two cases.
        rows = list(
            DeficiencyReport.objects.select_for_update()
            .filter(pk__in=[r.pk for r in reports])
            .order_by("pk")
        )
        if len(rows) != len({r.pk for r in reports}):
            raise ValidationError({"reports": _("En av rapporterna finns inte längre.")})
        _reports_free(programme, rows)
        case = DeficiencyCase(programme=programme, title=title, created_by=user)
        case.full_clean()
        case.save()
        for row in rows:
            row.case = case
            row.lock_version += 1
            row.save(update_fields=["case", "lock_version", "updated_at"])
        audit(
            programme=programme,
            user=user,
            action=AuditAction.CASE_OPENED,
            case=case,
            changes={"rubrik": title, "rapporter": [row.pk for row in rows]},
        )
    return case


def _case_rules(values: dict) -> None:
    """What each status needs before it can be set (seed 002: decision, who acts, feedback)."""
    status = values["status"]
    errors = {}
    if status in (CaseStatus.DECIDED, CaseStatus.CLOSED) and not values["decision"]:
        errors["decision"] = _("Skriv ledningsgruppens beslut.")
    if status == CaseStatus.DECIDED and not values["responsible"]:
        errors["responsible"] = _("Skriv vem som genomför åtgärden.")
    if status == CaseStatus.DECIDED and not values["due_date"]:
        errors["due_date"] = _("Ange när åtgärden ska vara klar.")
    if status == CaseStatus.RAISED and not values["raised_to"]:
        errors["raised_to"] = _("Skriv vilken instans frågan har lyfts till.")
    if status == CaseStatus.CLOSED and not values["result"]:
        errors["result"] = _("Skriv vad arbetet har lett till.")
    if values["feedback"] and not values["feedback_on"]:
        errors["feedback_on"] = _("Ange när återkopplingen gavs till ombuden.")
    if values["feedback_on"] and values["feedback_on"] > timezone.localdate():
        errors["feedback_on"] = _("Återkopplingen kan inte ha getts i framtiden.")
    if errors:
        raise ValidationError(errors)


def case_update(
    *, user, case: DeficiencyCase, lock_version: int, data: CaseInput
) -> DeficiencyCase:
    """Record the ledningsgrupp's analysis, decision, who acts and by when, feedback, status."""
    values = _stripped(asdict(data))
    texts_check(DeficiencyCase, values)
    _case_rules(values)
    try:
        with transaction.atomic():
            current = locked(DeficiencyCase, case.pk, lock_version, last_entry={"case_id": case.pk})
            changes = _diff(current, values)
            if not changes:
                return current
            for name, value in values.items():
                setattr(current, name, value)
            current.lock_version += 1
            current.full_clean()
            current.save()
            audit(
                programme=current.programme,
                user=user,
                action=AuditAction.CASE_CHANGED,
                case=current,
                changes=changes,
            )
    except ConflictError as conflict:
        audit(
            programme=case.programme,
            user=user,
            action=AuditAction.CONFLICT,
            case=case,
            changes={"fält": sorted(values)},
        )
        raise conflict from None
    return current


def case_reports_change(
    *,
    user,
    case: DeficiencyCase,
    lock_version: int,
    add: list[DeficiencyReport] = (),
    remove: list[DeficiencyReport] = (),
) -> DeficiencyCase:
    """Group a related report into the case, or take one out (a case keeps at least one)."""
    with transaction.atomic():
        current = locked(DeficiencyCase, case.pk, lock_version, last_entry={"case_id": case.pk})
        ids = {r.pk for r in add} | {r.pk for r in remove}
        rows = {
            row.pk: row
            for row in DeficiencyReport.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
        }
        if len(rows) != len(ids):
            raise ValidationError({"reports": _("En av rapporterna finns inte längre.")})
        added = [rows[r.pk] for r in add]
        removed = [rows[r.pk] for r in remove]
        if added:
            _reports_free(current.programme, added, case=current)
        if any(row.case_id != current.pk for row in removed):
            raise ValidationError({"reports": _("Rapporten finns inte i ärendet.")})
        remaining = current.reports.exclude(pk__in=[r.pk for r in removed]).count() + len(
            [r for r in added if r.case_id != current.pk]
        )
        if remaining < 1:
            raise ValidationError({"reports": _("Ett ärende måste ha minst en rapport.")})
        for row in added:
            row.case = current
        for row in removed:
            row.case = None
        for row in [*added, *removed]:
            row.lock_version += 1
            row.save(update_fields=["case", "lock_version", "updated_at"])
        current.lock_version += 1
        current.save(update_fields=["lock_version", "updated_at"])
        audit(
            programme=current.programme,
            user=user,
            action=AuditAction.CASE_REPORTS,
            case=current,
            changes={"tillagda": [r.pk for r in added], "borttagna": [r.pk for r in removed]},
        )
    return current
