"""Facts about an assessment as both export formats write them, in Swedish."""

import datetime

from django.utils import timezone

from checklists.models import Assessment


def local_time(moment: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def date_text(moment: datetime.datetime | None) -> str:
    return local_time(moment).date().isoformat() if moment else ""


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def version_text(assessment: Assessment) -> str:
    version = assessment.checklist_version
    return (
        f"{version.title}, version {version.number}, publicerad {date_text(version.published_at)}"
    )


def state_text(assessment: Assessment) -> str:
    if assessment.is_draft:
        return "Utkast (inte klarmarkerad)"
    text = "Klar"
    if assessment.completed_at:
        text += f", klarmarkerad {date_text(assessment.completed_at)}"
    if assessment.completed_by:
        text += f" av {user_name(assessment.completed_by)}"
    return text


def title_text(assessment: Assessment) -> str:
    return f"Bedömning: {assessment.programme.name} {assessment.year}"
