"""Accounts of the reporting tool, systembrist reports and annual report content."""

import datetime

from django.contrib.auth.models import Group

from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual
from reporting.choices import (
    OMBUD_GROUP,
    STEERING_GROUP,
    AgeBand,
    ClientFlow,
    ClientPath,
    ContactReason,
    Gender,
    ProgrammeRole,
)
from reporting.models import AuditEntry, ProgrammeMembership
from reporting.services import ReportInput
from tests.factories.accounts import UserFactory

GROUPS = {ProgrammeRole.OMBUD: OMBUD_GROUP, ProgrammeRole.STEERING: STEERING_GROUP}


def programme_user(*programmes, role: str = ProgrammeRole.OMBUD, **kwargs):
    """An account working for the programmes in the role (password: accounts.PASSWORD)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=GROUPS[role]))
    for programme in programmes:
        ProgrammeMembership.objects.update_or_create(
            user=user, programme=programme, defaults={"role": role}
        )
    return user


def ombud_user(*programmes, **kwargs):
    return programme_user(*programmes, role=ProgrammeRole.OMBUD, **kwargs)


def steering_user(*programmes, **kwargs):
    return programme_user(*programmes, role=ProgrammeRole.STEERING, **kwargs)


def report_input(**overrides) -> ReportInput:
    values = {
        "reported_on": datetime.date(2025, 3, 10),
        "title": "Handläggare går inte att nå per telefon",
        "description": "Ombuden har under våren inte kunnat nå handläggare på ekonomiskt bistånd.",
        "frequency": "Vid minst sex tillfällen sedan januari",
        "level": DeficiencyLevel.LOCAL,
        "actor": DeficiencyActor.SOCIAL_SERVICES,
        "organisations": "Socialtjänsten, ekonomiskt bistånd",
        "consequences": "Klienter blir utan försörjningsstöd i väntan på beslut.",
        "suggestion": "Inför en telefontid med återuppringning.",
        "cause": "",
        "ombud_action": "",
    }
    values.update(overrides)
    return ReportInput(**values)


def annual_content(**overrides) -> dict:
    """A whole annual report whose counts add up: 25 clients, of them 15 new and 10 from
    earlier years (women 8 + 6, men 6 + 4, other 1 + 0), 8 ended; 2 systembrister."""
    values = annual.blank()
    flows = {
        Gender.WOMEN: (8, 6, 5),
        Gender.MEN: (6, 4, 3),
        Gender.OTHER: (1, 0, 0),
    }
    for gender, (new, ongoing, ended) in flows.items():
        values[annual.CLIENTS.name(ClientFlow.NEW, gender)] = new
        values[annual.CLIENTS.name(ClientFlow.ONGOING, gender)] = ongoing
        values[annual.CLIENTS.name(ClientFlow.ENDED, gender)] = ended
        total = new + ongoing
        bands = [total // 2, total - total // 2, 0, 0]
        for band, count in zip(AgeBand.values, bands, strict=True):
            values[annual.AGES.name(band, gender)] = count
        for reason in ContactReason.values:
            values[annual.REASONS.name(reason, gender)] = 1 if gender != Gender.OTHER else 0
    paths = dict.fromkeys(ClientPath.values, 0)
    paths[ClientPath.AUTHORITY], paths[ClientPath.SELF] = 9, 6  # 15 new clients
    for path, count in paths.items():
        values[f"vag-{path}"] = count
    for actor in DeficiencyActor.values:
        for level in DeficiencyLevel.values:
            values[annual.DEFICIENCIES.name(actor, level)] = 0
    values[annual.DEFICIENCIES.name(DeficiencyActor.SOCIAL_SERVICES, DeficiencyLevel.LOCAL)] = 2
    values.update(
        {
            "tjanster": "2.5",
            "ombud": 3,
            "hushall-barn": 4,
            "ko-arsskifte": 5,
            "ko-vantetid": "14 dagar till 3 månader",
            "ko-prioriteringar": "Barnfamiljer och personer som riskerar att bli bostadslösa.",
            "brister-text": "Handläggare är svåra att nå.",
            "atgarder": "Ledningsgruppen har tagit upp frågan med socialchefen.",
            "ledningsgrupp-organisationer": "Socialtjänsten\nFörsäkringskassan\nRSMH",
            "ledningsgrupp-moten": 4,
            "bidrag-beviljat": 600000,
            "bidrag-anvant": 580000,
            "bidrag-egen": 550000,
            "bidrag-kommentar": "",
        }
    )
    values.update(overrides)
    return values


def form_data(content: dict, lock_version: int) -> dict:
    """The annual report form's POST data for the content."""
    data = {"lock_version": lock_version}
    for name, value in content.items():
        data[name] = "" if value is None else str(value).replace(".", ",")
    return data


# Text with personal data of each kind that the reporting tool refuses (search.personal_data).
PERSONAL = {
    "personnummer": "Klienten 19850101-1234 fick avslag.",
    "telefon": "Ring henne på 070-123 45 67.",
    "e-post": "Skriv till klient@example.se.",
    "adress": "Hon bor på Storgatan 12 B.",
}


def audit_actions(programme) -> list[str]:
    return list(
        AuditEntry.objects.filter(programme=programme)
        .order_by("id")
        .values_list("action", flat=True)
    )
