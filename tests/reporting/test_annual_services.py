"""The writes of the annual reports against the database: filled from what the portal knows,
bad values refused, versions sent, returned, corrected and accepted, concurrent edits stopped."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual, services
from reporting.choices import AuditAction, VersionState
from reporting.models import (
    AcceptedFigures,
    AnnualReportVersion,
    AuditEntry,
)
from reporting.services import ConflictError
from tests.factories.reporting import (
    PERSONAL,
    annual_content,
    audit_actions,
    report_input,
)

pytestmark = pytest.mark.django_db


# --- annual reports -------------------------------------------------------------------------------


def test_a_new_annual_report_is_filled_with_what_the_portal_knows(programme, ombud):
    from checklists.models import SteeringGroupMember

    SteeringGroupMember.objects.create(programme=programme, organisation="Försäkringskassan")
    for level, actor, day in (
        (DeficiencyLevel.LOCAL, DeficiencyActor.SOCIAL_SERVICES, datetime.date(2025, 2, 1)),
        (DeficiencyLevel.LOCAL, DeficiencyActor.SOCIAL_SERVICES, datetime.date(2025, 5, 1)),
        (DeficiencyLevel.NATIONAL, DeficiencyActor.SOCIAL_INSURANCE, datetime.date(2025, 9, 1)),
        (DeficiencyLevel.MEETING, DeficiencyActor.HEALTH_CARE, datetime.date(2024, 9, 1)),
    ):
        services.deficiency_report_create(
            user=ombud,
            programme=programme,
            data=report_input(level=level, actor=actor, reported_on=day),
        )
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    content = report.versions.get().content
    assert content["tjanster"] == "2.5"
    assert content["ledningsgrupp-organisationer"] == "Försäkringskassan"
    assert content[annual.DEFICIENCIES.name(DeficiencyActor.SOCIAL_SERVICES, "lokal")] == 2
    assert content[annual.DEFICIENCIES.name(DeficiencyActor.SOCIAL_INSURANCE, "nationell")] == 1
    assert content[annual.DEFICIENCIES.name(DeficiencyActor.HEALTH_CARE, "mote")] == 0  # 2024
    assert content["brister-text"].count("Handläggare går inte att nå") == 3
    assert audit_actions(programme)[-1] == AuditAction.STARTED


def test_one_annual_report_per_year_and_none_for_the_future(programme, ombud):
    services.annual_report_start(user=ombud, programme=programme, year=2025)
    with pytest.raises(ValidationError, match="redan"):
        services.annual_report_start(user=ombud, programme=programme, year=2025)
    with pytest.raises(ValidationError):
        services.annual_report_start(
            user=ombud, programme=programme, year=datetime.date.today().year + 1
        )


@pytest.fixture
def draft(programme, ombud):
    return services.annual_report_start(user=ombud, programme=programme, year=2025)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"ombud": "tre"}, "ombud"),
        ({"ombud": "-1"}, "ombud"),
        ({"ombud": "1e3"}, "ombud"),
        ({"ombud": "100001"}, "ombud"),
        ({"tjanster": "2,55"}, "tjanster"),
        ({"tjanster": "201"}, "tjanster"),
        ({"tjanster": "NaN"}, "tjanster"),
        ({"atgarder": "x" * 4001}, "atgarder"),
        ({"ko-vantetid": "y" * 201}, "ko-vantetid"),
        ({"atgarder": PERSONAL["personnummer"]}, "atgarder"),
        ({"ledningsgrupp-organisationer": PERSONAL["e-post"]}, "ledningsgrupp-organisationer"),
        ({"smuggled": "1"}, "__all__"),
    ],
)
def test_bad_annual_values_are_refused_and_nothing_is_saved(draft, ombud, values, field):
    before = draft.versions.get().content
    with pytest.raises(annual.ContentError) as refused:
        services.annual_report_save(
            user=ombud, report=draft, lock_version=1, values=annual_content(**values)
        )
    assert field in refused.value.errors
    assert draft.versions.get().content == before
    draft.refresh_from_db()
    assert draft.lock_version == 1


def test_a_draft_is_saved_whole_with_its_changes_in_the_log(draft, ombud):
    report = services.annual_report_save(
        user=ombud, report=draft, lock_version=1, values=annual_content()
    )
    version = report.versions.get()
    assert version.content["tjanster"] == "2.5"
    assert annual.consistency_errors(version.content) == {}
    entry = AuditEntry.objects.get(action=AuditAction.SAVED)
    assert entry.changes["ombud"] == [None, 3]
    assert report.lock_version == 2


def test_counts_that_do_not_add_up_are_named_per_field():
    content = annual_content(
        **{
            annual.CLIENTS.name("avslutade", "man"): 11,  # 6 new + 4 earlier
            annual.AGES.name("18-29", "kvinnor"): 0,
            "vag-sjalv": 0,
            "bidrag-anvant": 700000,
            "ombud": None,
        }
    )
    problems = annual.consistency_errors(content)
    assert (
        "Fler avslutade män (11) än nya och sedan tidigare tillsammans (10)."
        in problems[annual.CLIENTS.name("avslutade", "man")]
    )
    assert problems["alder"] == [
        "Åldersgrupperna för kvinnor summerar till 7, men nya och sedan tidigare är 14."
    ]
    assert problems["vag-in"] == ["Vägarna in summerar till 9, men antalet nya klienter är 15."]
    assert "bidrag-anvant" in problems
    assert problems["ombud"] == ["Fyll i uppgiften (skriv 0 om det inte finns några)."]


def test_two_people_saving_the_same_draft_the_second_is_stopped(draft, ombud, steering):
    services.annual_report_save(
        user=steering, report=draft, lock_version=1, values=annual_content(ombud=4)
    )
    with pytest.raises(ConflictError) as conflict:
        services.annual_report_save(
            user=ombud, report=draft, lock_version=1, values=annual_content(ombud=5)
        )
    assert conflict.value.saved_by == "Lisa Ledning"
    assert draft.versions.get().content["ombud"] == 4


def test_sending_is_refused_until_everything_adds_up(draft, ombud):
    with pytest.raises(ValidationError, match="kan inte skickas in"):
        services.annual_report_submit(user=ombud, report=draft, lock_version=1)
    assert draft.versions.get().state == VersionState.DRAFT


def _sent(draft, user):
    report = services.annual_report_save(
        user=user, report=draft, lock_version=draft.lock_version, values=annual_content()
    )
    return services.annual_report_submit(user=user, report=report, lock_version=report.lock_version)


def test_a_sent_version_is_frozen(draft, ombud):
    report = _sent(draft, ombud)
    version = report.versions.get()
    assert version.state == VersionState.SUBMITTED and version.submitted_by == ombud
    with pytest.raises(ValidationError, match="inskickad"):
        services.annual_report_save(
            user=ombud, report=report, lock_version=report.lock_version, values=annual_content()
        )
    with pytest.raises(ValidationError, match="väntar på länsstyrelsens granskning"):
        services.annual_report_new_version(
            user=ombud, report=report, lock_version=report.lock_version, reason="Fel"
        )
    assert report.versions.count() == 1


def test_returned_then_corrected_in_a_new_version_then_accepted(
    draft, ombud, county_staff, programme
):
    report = _sent(draft, ombud)
    with pytest.raises(ValidationError):
        services.annual_report_return(
            user=county_staff, report=report, lock_version=report.lock_version, comment="  "
        )
    with pytest.raises(ValidationError):
        services.annual_report_return(
            user=county_staff,
            report=report,
            lock_version=report.lock_version,
            comment=PERSONAL["telefon"],
        )
    report = services.annual_report_return(
        user=county_staff,
        report=report,
        lock_version=report.lock_version,
        comment="Kontaktorsakerna saknar förklaring.",
    )
    first = report.versions.get()
    assert first.state == VersionState.RETURNED
    with pytest.raises(ValidationError):
        services.annual_report_accept(
            user=county_staff, report=report, lock_version=report.lock_version
        )
    with pytest.raises(ValidationError, match="Skriv varför"):
        services.annual_report_new_version(
            user=ombud, report=report, lock_version=report.lock_version, reason=""
        )
    report = services.annual_report_new_version(
        user=ombud,
        report=report,
        lock_version=report.lock_version,
        reason="Rättat efter kommentarer",
    )
    second = report.versions.get(number=2)
    assert second.state == VersionState.DRAFT and second.content == first.content
    report = services.annual_report_save(
        user=ombud, report=report, lock_version=report.lock_version, values=annual_content(ombud=4)
    )
    report = services.annual_report_submit(
        user=ombud, report=report, lock_version=report.lock_version
    )
    report = services.annual_report_accept(
        user=county_staff, report=report, lock_version=report.lock_version
    )
    first.refresh_from_db()
    assert first.state == VersionState.RETURNED and first.content["ombud"] == 3  # unchanged
    assert report.accepted_version.number == 2
    figures = AcceptedFigures.objects.get()
    assert figures.version.number == 2 and figures.county == programme.county
    assert figures.counts["alder"]["18-29"]["kvinnor"] == 7
    logged = [
        entry.action for entry in AuditEntry.objects.filter(annual_report=report).order_by("id")
    ]
    assert logged == [
        AuditAction.STARTED,
        AuditAction.SAVED,
        AuditAction.SUBMITTED,
        AuditAction.RETURNED,
        AuditAction.NEW_VERSION,
        AuditAction.SAVED,
        AuditAction.SUBMITTED,
        AuditAction.ACCEPTED,
    ]


def test_a_correction_after_acceptance_replaces_the_figures_only_when_accepted(
    draft, ombud, county_staff
):
    report = _sent(draft, ombud)
    report = services.annual_report_accept(
        user=county_staff, report=report, lock_version=report.lock_version
    )
    report = services.annual_report_new_version(
        user=ombud, report=report, lock_version=report.lock_version, reason="Fel antal ombud"
    )
    content = annual_content(**{annual.AGES.name("30-49", "kvinnor"): 0})
    content[annual.AGES.name("18-29", "kvinnor")] = 14
    report = services.annual_report_save(
        user=ombud, report=report, lock_version=report.lock_version, values=content
    )
    assert AcceptedFigures.objects.get().counts["alder"]["18-29"]["kvinnor"] == 7
    report = services.annual_report_submit(
        user=ombud, report=report, lock_version=report.lock_version
    )
    services.annual_report_accept(
        user=county_staff, report=report, lock_version=report.lock_version
    )
    figures = AcceptedFigures.objects.get()
    assert figures.counts["alder"]["18-29"]["kvinnor"] == 14
    assert AnnualReportVersion.objects.filter(state=VersionState.ACCEPTED).count() == 2


def test_two_county_staff_reviewing_at_once_the_second_is_stopped(draft, ombud, county_staff):
    report = _sent(draft, ombud)
    stale = report.lock_version
    services.annual_report_accept(user=county_staff, report=report, lock_version=stale)
    with pytest.raises(ConflictError):
        services.annual_report_return(
            user=county_staff, report=report, lock_version=stale, comment="Fel"
        )
    assert report.versions.get().state == VersionState.ACCEPTED
