"""The writes of the reporting tool against the database: failure paths first, then what is
written, the audit log, versioning and concurrent edits."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from guidance.choices import DeficiencyActor, DeficiencyLevel
from reporting import annual, services
from reporting.choices import AuditAction, CaseStatus, VersionState
from reporting.models import (
    AcceptedFigures,
    AnnualReportVersion,
    AuditEntry,
    DeficiencyCase,
    DeficiencyReport,
)
from reporting.services import CaseInput, ConflictError
from tests.factories.checklists import ProgrammeFactory
from tests.factories.reporting import annual_content, ombud_user, report_input

pytestmark = pytest.mark.django_db

PERSONAL = {
    "personnummer": "Klienten 19850101-1234 fick avslag.",
    "telefon": "Ring henne på 070-123 45 67.",
    "e-post": "Skriv till klient@example.se.",
    "adress": "Hon bor på Storgatan 12 B.",
}


def actions(programme) -> list[str]:
    return list(
        AuditEntry.objects.filter(programme=programme)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- systembrist reports --------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["title", "description", "consequences", "suggestion", "cause"])
@pytest.mark.parametrize("kind", list(PERSONAL))
def test_a_report_with_personal_data_in_any_text_is_refused_and_nothing_saved(
    programme, ombud, field, kind
):
    text = PERSONAL[kind][:200] if field == "title" else PERSONAL[kind]
    with pytest.raises(ValidationError) as refused:
        services.deficiency_report_create(
            user=ombud, programme=programme, data=report_input(**{field: text})
        )
    assert field in refused.value.message_dict
    assert "peka ut en person" in refused.value.message_dict[field][0]
    assert not DeficiencyReport.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reported_on": datetime.date.today() + datetime.timedelta(days=1)}, "reported_on"),
        ({"reported_on": datetime.date(1999, 12, 31)}, "reported_on"),
        ({"level": "overallt"}, "level"),
        ({"actor": "kungen"}, "actor"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "å" * 4001}, "description"),
    ],
)
def test_bad_report_input_is_refused(programme, ombud, overrides, field):
    with pytest.raises(ValidationError) as refused:
        services.deficiency_report_create(
            user=ombud, programme=programme, data=report_input(**overrides)
        )
    assert field in refused.value.message_dict
    assert not DeficiencyReport.objects.exists()


def test_a_report_is_saved_new_with_its_reporter_and_logged(programme, ombud):
    report = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    assert report.status == CaseStatus.NEW
    assert report.reporter_name == "Olle Ombud"
    assert actions(programme) == [AuditAction.REPORTED]


def test_changing_a_report_with_a_stale_form_saves_nothing_and_logs_the_conflict(programme, ombud):
    report = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    services.deficiency_report_update(
        user=ombud, report=report, lock_version=1, data=report_input(title="Första ändringen")
    )
    with pytest.raises(ConflictError) as conflict:
        services.deficiency_report_update(
            user=ombud, report=report, lock_version=1, data=report_input(title="Andra ändringen")
        )
    assert conflict.value.saved_by == "Olle Ombud"
    report.refresh_from_db()
    assert report.title == "Första ändringen"
    assert actions(programme) == [
        AuditAction.REPORTED,
        AuditAction.REPORT_CHANGED,
        AuditAction.CONFLICT,
    ]
    change = AuditEntry.objects.get(action=AuditAction.REPORT_CHANGED).changes
    assert change == {"title": ["Handläggare går inte att nå per telefon", "Första ändringen"]}


def test_a_report_taken_up_in_a_case_cannot_be_changed(programme, ombud, steering):
    report = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    services.case_open(user=steering, programme=programme, reports=[report], title="Telefon")
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="redan tagit upp"):
        services.deficiency_report_update(
            user=ombud, report=report, lock_version=report.lock_version, data=report_input()
        )


# --- cases ----------------------------------------------------------------------------------------


def test_a_case_takes_only_free_reports_of_its_own_programme(programme, foreign, ombud, steering):
    mine = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    theirs = services.deficiency_report_create(
        user=ombud_user(foreign), programme=foreign, data=report_input()
    )
    with pytest.raises(ValidationError, match="höra till verksamheten"):
        services.case_open(user=steering, programme=programme, reports=[mine, theirs], title="X")
    assert not DeficiencyCase.objects.exists()
    services.case_open(user=steering, programme=programme, reports=[mine], title="Telefon")
    with pytest.raises(ValidationError, match="redan i ett annat ärende"):
        services.case_open(user=steering, programme=programme, reports=[mine], title="Igen")
    with pytest.raises(ValidationError):
        services.case_open(user=steering, programme=programme, reports=[], title="Tomt")


def _case(programme, ombud, steering, count=2):
    reports = [
        services.deficiency_report_create(
            user=ombud, programme=programme, data=report_input(title=f"Rapport {n}")
        )
        for n in range(count)
    ]
    return services.case_open(
        user=steering, programme=programme, reports=reports, title="Svårt att nå handläggare"
    )


@pytest.mark.parametrize(
    ("status", "missing"),
    [
        (CaseStatus.DECIDED, {"decision", "responsible", "due_date"}),
        (CaseStatus.RAISED, {"raised_to"}),
        (CaseStatus.CLOSED, {"decision", "result"}),
    ],
)
def test_each_status_needs_what_the_working_model_asks_for(
    programme, ombud, steering, status, missing
):
    case = _case(programme, ombud, steering)
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            user=steering, case=case, lock_version=1, data=CaseInput(title="T", status=status)
        )
    assert set(refused.value.message_dict) == missing
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW


def test_feedback_needs_its_date_and_no_personal_data(programme, ombud, steering):
    case = _case(programme, ombud, steering)
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            user=steering,
            case=case,
            lock_version=1,
            data=CaseInput(title="T", status=CaseStatus.ANALYSIS, feedback="Berättat på mötet."),
        )
    assert set(refused.value.message_dict) == {"feedback_on"}
    with pytest.raises(ValidationError) as refused:
        services.case_update(
            user=steering,
            case=case,
            lock_version=1,
            data=CaseInput(title="T", status=CaseStatus.ANALYSIS, analysis=PERSONAL["telefon"]),
        )
    assert set(refused.value.message_dict) == {"analysis"}


def test_a_decision_is_recorded_and_a_second_member_with_an_old_form_is_stopped(
    programme, ombud, steering
):
    case = _case(programme, ombud, steering)
    decided = CaseInput(
        title="Svårt att nå handläggare",
        status=CaseStatus.DECIDED,
        analysis="Telefontiderna räcker inte.",
        decision="Socialchefen inför återuppringning.",
        responsible="Socialchefen",
        due_date=datetime.date(2026, 6, 30),
    )
    case = services.case_update(user=steering, case=case, lock_version=1, data=decided)
    assert (case.status, case.lock_version) == (CaseStatus.DECIDED, 2)
    with pytest.raises(ConflictError):
        services.case_update(
            user=steering,
            case=case,
            lock_version=1,
            data=CaseInput(title="Något annat", status=CaseStatus.ANALYSIS),
        )
    case.refresh_from_db()
    assert case.decision == "Socialchefen inför återuppringning."
    assert all(r.status == CaseStatus.DECIDED for r in DeficiencyReport.objects.all())
    assert actions(programme)[-2:] == [AuditAction.CASE_CHANGED, AuditAction.CONFLICT]


def test_reports_are_grouped_into_and_taken_out_of_a_case(programme, ombud, steering):
    case = _case(programme, ombud, steering, count=1)
    extra = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    case = services.case_reports_change(user=steering, case=case, lock_version=1, add=[extra])
    assert case.reports.count() == 2
    first = case.reports.exclude(pk=extra.pk).get()
    case = services.case_reports_change(user=steering, case=case, lock_version=2, remove=[first])
    assert list(case.reports.all()) == [extra]
    with pytest.raises(ValidationError, match="minst en rapport"):
        services.case_reports_change(user=steering, case=case, lock_version=3, remove=[extra])
    first.refresh_from_db()
    assert first.case is None and first.status == CaseStatus.NEW


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
    assert actions(programme)[-1] == AuditAction.STARTED


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


# --- accounts -------------------------------------------------------------------------------------


def test_memberships_carry_the_roles_group_and_are_logged(programme, neighbour):
    user = ombud_user(username="ny")
    user.groups.clear()
    services.membership_set(actor=None, user=user, programme=programme, role="ombud")
    services.membership_set(actor=None, user=user, programme=neighbour, role="ledningsgrupp")
    assert set(user.groups.values_list("name", flat=True)) == {"Personligt ombud", "Ledningsgrupp"}
    services.membership_remove(actor=None, user=user, programme=neighbour)
    assert set(user.groups.values_list("name", flat=True)) == {"Personligt ombud"}
    assert AuditEntry.objects.filter(action=AuditAction.MEMBERSHIP).count() == 3
    with pytest.raises(ValidationError):
        services.membership_set(actor=None, user=user, programme=programme, role="kung")


def test_programme_user_creation_refuses_a_weak_password_and_a_taken_name(programme):
    with pytest.raises(ValidationError):
        services.programme_user_create(
            username="svag",
            email="s@example.invalid",
            password="123",
            programmes=[programme],
            role="ombud",
        )
    assert not Group.objects.get(name="Personligt ombud").user_set.filter(username="svag").exists()
    user = services.programme_user_create(
        username="stark",
        email="s@example.invalid",
        password="Långt-och-säkert-lösen-91",
        programmes=[programme, ProgrammeFactory(county=programme.county)],
        role="ledningsgrupp",
    )
    assert user.programme_memberships.count() == 2
    with pytest.raises(ValidationError, match="finns redan"):
        services.programme_user_create(
            username="stark",
            email="t@example.invalid",
            password="Långt-och-säkert-lösen-91",
            programmes=[programme],
            role="ombud",
        )
