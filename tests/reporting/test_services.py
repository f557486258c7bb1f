"""The writes of the reporting tool against the database: systembrist reports, their cases and
the accounts; failure paths first, then what is written, the audit log and concurrent edits.
The annual reports: test_annual_services.py."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from reporting import services
from reporting.choices import AuditAction, CaseStatus
from reporting.models import (
    AuditEntry,
    DeficiencyCase,
    DeficiencyReport,
)
from reporting.services import CaseInput, ConflictError
from tests.factories.checklists import ProgrammeFactory
from tests.factories.reporting import (
    PERSONAL,
    audit_actions,
    ombud_user,
    report_input,
)

pytestmark = pytest.mark.django_db


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
    assert audit_actions(programme) == [AuditAction.REPORTED]


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
    assert audit_actions(programme) == [
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
    assert audit_actions(programme)[-2:] == [AuditAction.CASE_CHANGED, AuditAction.CONFLICT]


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
