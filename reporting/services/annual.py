"""Writes of annual reports: start (filled from the year's systembrist reports), save a draft,
send, return with comments, accept, and a new version with a reason.

A version is a draft until the programme sends it; from then on it is frozen. The county
returns it with comments or accepts it; either way a correction is a new version, which starts
as a copy of the last one. Accepting writes the figures that the public statistics sum.
Every write locks the report's row and checks its `lock_version`, so two people working on one
report never overwrite each other: the second is told, and nothing of theirs is lost.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from checklists.models import FIRST_YEAR, Programme
from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual, messages
from reporting.choices import AuditAction, CaseStatus, VersionState
from reporting.models import (
    REASON_MAX,
    TEXT_MAX,
    AcceptedFigures,
    AnnualReport,
    AnnualReportVersion,
    DeficiencyReport,
)
from reporting.services.common import ConflictError, audit, locked
from reporting.validators import personal_data_message


def _current(report: AnnualReport) -> AnnualReportVersion:
    return report.versions.order_by("-number").first()


def _locked_report(report: AnnualReport, lock_version: int) -> AnnualReport:
    return locked(AnnualReport, report.pk, lock_version, last_entry={"annual_report_id": report.pk})


def _prefill(programme: Programme, year: int) -> dict:
    """What the portal already knows: posts, the ledningsgrupp's organisations, and the year's
    systembrist reports by actor and level, with their titles and the decisions taken."""
    values = annual.blank()
    if programme.posts is not None:
        values["tjanster"] = str(programme.posts)
    members = [m.organisation for m in programme.steering_members.all()]
    values["ledningsgrupp-organisationer"] = "\n".join(members)[: annual.LONG_TEXT]
    reports = list(
        DeficiencyReport.objects.filter(programme=programme, reported_on__year=year)
        .select_related("case")
        .order_by("actor", "reported_on")
    )
    counts = Counter((r.actor, r.level) for r in reports)
    for actor in DeficiencyActor.values:
        for level in DeficiencyLevel.values:
            values[annual.DEFICIENCIES.name(actor, level)] = counts[(actor, level)]
    lines = [f"– {r.title} ({DeficiencyActor(r.actor).label})" for r in reports]
    values["brister-text"] = _fit(lines)
    cases = {r.case for r in reports if r.case_id and r.case.decision}
    decided = sorted(cases, key=lambda case: case.pk)
    values["atgarder"] = _fit(
        [
            f"– {case.title}: {case.decision} ({CaseStatus(case.status).label.lower()})"
            for case in decided
        ]
    )
    return values


def _fit(lines: list[str]) -> str:
    """Lines that fit the text field whole; the rest is left out rather than cut in half."""
    kept, length = [], 0
    for line in lines:
        if length + len(line) + 1 > annual.LONG_TEXT:
            break
        kept.append(line)
        length += len(line) + 1
    return "\n".join(kept)


def annual_report_start(*, user, programme: Programme, year: int) -> AnnualReport:
    """A new report for the year, version 1 a draft filled with what the portal knows."""
    today = timezone.localdate()
    if not FIRST_YEAR <= year <= today.year:
        raise ValidationError(
            {
                "year": _("Välj ett år mellan %(first)s och %(last)s.")
                % {"first": FIRST_YEAR, "last": today.year}
            }
        )
    report = AnnualReport(programme=programme, year=year)
    report.full_clean(validate_constraints=False)  # the unique year is checked on insert
    try:
        with transaction.atomic():
            report.save()
            AnnualReportVersion.objects.create(
                report=report,
                number=1,
                content=_prefill(programme, year),
                created_by=user,
            )
            audit(
                programme=programme,
                user=user,
                action=AuditAction.STARTED,
                annual_report=report,
                changes={"år": year},
            )
    except IntegrityError:
        raise ValidationError(
            {"year": _("Det finns redan en årsredovisning för %(year)s.") % {"year": year}}
        ) from None
    return report


def annual_report_save(
    *, user, report: AnnualReport, lock_version: int, values: dict
) -> AnnualReport:
    """Save the draft. Types, limits and personal data are checked first, for every field;
    counts that do not add up are saved and shown next to their fields, and stop sending."""
    cleaned = annual.clean(values, text_check=personal_data_message)
    try:
        with transaction.atomic():
            current = _locked_report(report, lock_version)
            version = _current(current)
            if not version.is_draft:
                raise ValidationError(
                    _(
                        "Versionen är inskickad och kan inte ändras. Gör en ny version för att "
                        "rätta."
                    )
                )
            changes = annual.changes(version.content, cleaned)
            if not changes:
                return current
            version.content = cleaned
            version.full_clean()
            version.save()
            current.lock_version += 1
            current.save(update_fields=["lock_version"])
            audit(
                programme=current.programme,
                user=user,
                action=AuditAction.SAVED,
                annual_report=current,
                changes={"version": version.number, **changes},
            )
    except ConflictError as conflict:
        audit(
            programme=report.programme,
            user=user,
            action=AuditAction.CONFLICT,
            annual_report=report,
            changes={"fält": sorted(annual.changes({}, cleaned))},
        )
        raise conflict from None
    return current


def annual_report_submit(*, user, report: AnnualReport, lock_version: int) -> AnnualReport:
    """Send the draft to the county. Refused while anything is missing or does not add up."""
    with transaction.atomic():
        current = _locked_report(report, lock_version)
        version = _current(current)
        if not version.is_draft:
            raise ValidationError(_("Versionen är redan inskickad."))
        problems = annual.consistency_errors(version.content)
        if problems:
            raise ValidationError(
                _(
                    "Redovisningen kan inte skickas in än: %(count)s uppgifter saknas eller går "
                    "inte ihop. Rätta dem i formuläret."
                )
                % {"count": sum(len(messages) for messages in problems.values())}
            )
        version.state = VersionState.SUBMITTED
        version.submitted_at = timezone.now()
        version.submitted_by = user
        version.full_clean()
        version.save()
        current.lock_version += 1
        current.save(update_fields=["lock_version"])
        audit(
            programme=current.programme,
            user=user,
            action=AuditAction.SUBMITTED,
            annual_report=current,
            changes={"version": version.number},
        )
    return current


def _sent_version(current: AnnualReport) -> AnnualReportVersion:
    version = _current(current)
    if version.state != VersionState.SUBMITTED:
        raise ValidationError(_("Det finns ingen inskickad version att granska."))
    return version


def annual_report_return(
    *, user, report: AnnualReport, lock_version: int, comment: str
) -> AnnualReport:
    """The county sends the version back with comments; the programme corrects it."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": messages.RETURN_COMMENT_MISSING})
    if len(comment) > TEXT_MAX:
        raise ValidationError(
            {"comment": _("Kommentaren är för lång (högst %(max)s tecken).") % {"max": TEXT_MAX}}
        )
    message = personal_data_message(comment)
    if message:
        raise ValidationError({"comment": message})
    with transaction.atomic():
        current = _locked_report(report, lock_version)
        version = _sent_version(current)
        version.state = VersionState.RETURNED
        version.reviewed_at = timezone.now()
        version.reviewed_by = user
        version.review_comment = comment
        version.full_clean()
        version.save()
        current.lock_version += 1
        current.save(update_fields=["lock_version"])
        audit(
            programme=current.programme,
            user=user,
            action=AuditAction.RETURNED,
            annual_report=current,
            changes={"version": version.number},
            reason=comment,
        )
    return current


def figures_of(content: dict) -> dict:
    """The counts the public statistics sum: ages, contact reasons and systembrister."""
    figures = {}
    for grid in (annual.AGES, annual.REASONS, annual.DEFICIENCIES):
        figures[grid.key] = {
            row.value: {
                column.value: content.get(grid.name(row.value, column.value)) or 0
                for column in grid.columns
            }
            for row in grid.rows
        }
    return figures


def annual_report_accept(*, user, report: AnnualReport, lock_version: int) -> AnnualReport:
    """The county accepts the version: it becomes the report's accepted version, and its counts
    replace the earlier ones in the statistics."""
    with transaction.atomic():
        current = _locked_report(report, lock_version)
        version = _sent_version(current)
        now = timezone.now()
        version.state = VersionState.ACCEPTED
        version.reviewed_at = now
        version.reviewed_by = user
        version.full_clean()
        version.save()
        current.accepted_version = version
        current.lock_version += 1
        current.save(update_fields=["accepted_version", "lock_version"])
        programme = current.programme
        AcceptedFigures.objects.filter(programme=programme, year=current.year).delete()
        AcceptedFigures.objects.create(
            programme=programme,
            county_id=programme.county_id,
            year=current.year,
            version=version,
            counts=figures_of(version.content),
            accepted_at=now,
        )
        audit(
            programme=programme,
            user=user,
            action=AuditAction.ACCEPTED,
            annual_report=current,
            changes={"version": version.number},
        )
    return current


def annual_report_new_version(
    *, user, report: AnnualReport, lock_version: int, reason: str
) -> AnnualReport:
    """A correction: a new draft, a copy of the last version, with the reason for it. Not while
    a version waits for the county's review, nor while a draft is open."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": messages.NEW_VERSION_REASON_MISSING})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Motiveringen är för lång (högst %(max)s tecken).") % {"max": REASON_MAX}}
        )
    message = personal_data_message(reason)
    if message:
        raise ValidationError({"reason": message})
    with transaction.atomic():
        current = _locked_report(report, lock_version)
        latest = _current(current)
        if latest.state == VersionState.DRAFT:
            raise ValidationError(_("Det finns redan ett utkast. Ändra i det."))
        if latest.state == VersionState.SUBMITTED:
            raise ValidationError(
                _("Versionen väntar på länsstyrelsens granskning. Vänta tills den är granskad.")
            )
        version = AnnualReportVersion(
            report=current,
            number=latest.number + 1,
            content=dict(latest.content),
            reason=reason,
            created_by=user,
        )
        version.full_clean()
        version.save()
        current.lock_version += 1
        current.save(update_fields=["lock_version"])
        audit(
            programme=current.programme,
            user=user,
            action=AuditAction.NEW_VERSION,
            annual_report=current,
            changes={"version": version.number},
            reason=reason,
        )
    return current
