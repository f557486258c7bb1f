"""Services and selectors of the tillsyn tool, against the database, failure paths first."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from checklists import selectors, services
from checklists.models import Answer, Assessment, AuditEvent, ChecklistVersion
from checklists.services import AnswerInput, ConcurrentEditError
from tests.factories.checklists import checklist_areas, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return get_user_model().objects.create_user("anna", first_name="Anna", last_name="Berg")


@pytest.fixture
def other_user(db):
    return get_user_model().objects.create_user("bo", first_name="Bo", last_name="Ek")


@pytest.fixture
def assessment(user, programme, version):
    return services.assessment_start(user=user, programme=programme, year=2026, version=version)


# --- versions and the snapshot rule ---------------------------------------------------------------


def test_publishing_freezes_a_version_with_the_text_rules_and_sources(checklist, rule):
    version = checklist.versions.get()
    assert version.number == 1
    assert [area["key"] for area in version.areas] == ["omr-1", "omr-2"]
    first = version.items()[0]
    assert first["number"] == "1.1"
    assert first["question"].startswith("Fråga 1.1")
    assert first["rules"][0]["key"] == rule.key
    assert first["rules"][0]["text"] == rule.text
    assert first["citations"][0]["locator"] == "Bilaga 2"


def test_republishing_unchanged_text_makes_no_new_version(checklist):
    publish(checklist)
    assert checklist.versions.count() == 1


def test_new_version_never_changes_assessments_of_the_old_one(checklist, assessment):
    old_question = assessment.checklist_version.items()[0]["question"]
    areas = checklist_areas(source=None, areas=1, items_per_area=1)
    areas[0][1]["items"][0]["question"] = "En helt ny fråga?"
    checklist.areas = areas
    publish(checklist)

    assert checklist.versions.count() == 2
    assessment.refresh_from_db()
    document = selectors.assessment_document(assessment=assessment)
    assert document.items()[0].item["question"] == old_question
    assert len(document.items()) == 6
    assert selectors.checklist_versions_current()[0].number == 2


def test_a_version_survives_the_deletion_of_its_checklist_page(checklist, assessment):
    checklist.delete()
    version = ChecklistVersion.objects.get()
    assert version.checklist is None
    assert selectors.assessment_document(assessment=Assessment.objects.get()).items()


# --- starting -------------------------------------------------------------------------------------


def test_start_creates_one_unassessed_answer_per_item_and_logs_it(assessment, user):
    assert assessment.is_draft
    assert assessment.answers.count() == 6
    assert set(assessment.answers.values_list("status", flat=True)) == {"ej_bedomt"}
    event = assessment.audit_events.get()
    assert (event.action, event.actor, event.actor_name) == ("skapad", user, "Anna Berg")


def test_second_assessment_for_the_same_year_is_refused(assessment, user, programme, version):
    with pytest.raises(ValidationError) as error:
        services.assessment_start(user=user, programme=programme, year=2026, version=version)
    assert "finns redan" in str(error.value)
    assert Assessment.objects.count() == 1


@pytest.mark.parametrize("year", [1999, 2101])
def test_year_out_of_range_is_refused(user, programme, version, year):
    with pytest.raises(ValidationError):
        services.assessment_start(user=user, programme=programme, year=year, version=version)
    assert not Assessment.objects.exists()


# --- saving answers -------------------------------------------------------------------------------


def test_save_writes_answers_bumps_the_lock_and_logs_the_changes(assessment, user):
    saved = services.assessment_save_answers(
        user=user,
        assessment=assessment,
        lock_version=1,
        answers={"punkt-1-1": AnswerInput("delvis", "  Protokoll saknas för mars. ", "Protokoll")},
    )
    answer = Answer.objects.get(assessment=assessment, item_key="punkt-1-1")
    assert (answer.status, answer.comment, answer.evidence) == (
        "delvis",
        "Protokoll saknas för mars.",
        "Protokoll",
    )
    assert saved.lock_version == 2
    event = assessment.audit_events.filter(action="sparad").get()
    assert event.changes["punkt-1-1"]["status"] == ["ej_bedomt", "delvis"]


def test_saving_the_same_answers_again_changes_nothing(assessment, user):
    answers = {"punkt-1-1": AnswerInput("uppfyllt")}
    services.assessment_save_answers(
        user=user, assessment=assessment, lock_version=1, answers=answers
    )
    again = services.assessment_save_answers(
        user=user, assessment=assessment, lock_version=2, answers=answers
    )
    assert again.lock_version == 2
    assert assessment.audit_events.filter(action="sparad").count() == 1


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"punkt-9-9": AnswerInput("uppfyllt")}, "finns inte i den checklistversion"),
        ({"punkt-1-1": AnswerInput("kanske")}, "Ogiltig bedömning"),
        ({"punkt-1-1": AnswerInput("uppfyllt", "x" * 4001)}, "för lång"),
        ({"punkt-1-1": AnswerInput("uppfyllt", "", "x" * 1001)}, "för långt"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved_half_way(assessment, user, answers, message):
    good = {"punkt-1-2": AnswerInput("uppfyllt", "bra")}
    with pytest.raises(ValidationError) as error:
        services.assessment_save_answers(
            user=user, assessment=assessment, lock_version=1, answers={**good, **answers}
        )
    assert message in " ".join(error.value.messages)
    assert set(assessment.answers.values_list("status", flat=True)) == {"ej_bedomt"}
    assessment.refresh_from_db()
    assert assessment.lock_version == 1


def test_answers_to_items_of_another_version_are_refused(assessment, user, checklist):
    areas = checklist_areas(areas=1, items_per_area=1)
    areas[0][1]["items"][0]["key"] = "ny-punkt"
    checklist.areas = areas
    publish(checklist)
    with pytest.raises(ValidationError):
        services.assessment_save_answers(
            user=user,
            assessment=assessment,
            lock_version=1,
            answers={"ny-punkt": AnswerInput("uppfyllt")},
        )
    assert not assessment.answers.filter(item_key="ny-punkt").exists()


def test_a_stale_form_is_refused_and_the_first_save_is_kept(assessment, user, other_user):
    services.assessment_save_answers(
        user=user,
        assessment=assessment,
        lock_version=1,
        answers={"punkt-1-1": AnswerInput("uppfyllt", "Anna skrev")},
    )
    with pytest.raises(ConcurrentEditError) as conflict:
        services.assessment_save_answers(
            user=other_user,
            assessment=assessment,
            lock_version=1,
            answers={"punkt-1-1": AnswerInput("ej_uppfyllt", "Bo skrev")},
        )
    assert conflict.value.saved_by == "Anna Berg"
    assert conflict.value.assessment.lock_version == 2
    answer = Answer.objects.get(assessment=assessment, item_key="punkt-1-1")
    assert (answer.status, answer.comment) == ("uppfyllt", "Anna skrev")
    assert assessment.audit_events.filter(action="krock", actor=other_user).exists()


# --- completing and reopening ---------------------------------------------------------------------


def test_complete_locks_and_snapshots_the_text(assessment, user):
    done = services.assessment_complete(user=user, assessment=assessment, lock_version=1)
    assert not done.is_draft
    assert done.completed_by == user
    assert done.completed_snapshot == done.checklist_version.snapshot
    with pytest.raises(ValidationError) as error:
        services.assessment_save_answers(
            user=user,
            assessment=done,
            lock_version=done.lock_version,
            answers={"punkt-1-1": AnswerInput("uppfyllt")},
        )
    assert "klar" in " ".join(error.value.messages)
    assert set(done.answers.values_list("status", flat=True)) == {"ej_bedomt"}


def test_a_completed_assessment_keeps_its_text_even_if_the_version_row_changed(assessment, user):
    done = services.assessment_complete(user=user, assessment=assessment, lock_version=1)
    version = done.checklist_version
    version.snapshot = {"areas": []}
    version.save()
    done.refresh_from_db()
    assert len(selectors.assessment_document(assessment=done).items()) == 6


def test_completing_twice_or_with_a_stale_lock_is_refused(assessment, user):
    with pytest.raises(ConcurrentEditError):
        services.assessment_complete(user=user, assessment=assessment, lock_version=7)
    done = services.assessment_complete(user=user, assessment=assessment, lock_version=1)
    with pytest.raises(ValidationError):
        services.assessment_complete(user=user, assessment=done, lock_version=done.lock_version)


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_reopen_needs_a_reason_of_sensible_length(assessment, user, reason):
    done = services.assessment_complete(user=user, assessment=assessment, lock_version=1)
    with pytest.raises(ValidationError):
        services.assessment_reopen(
            user=user, assessment=done, lock_version=done.lock_version, reason=reason
        )
    done.refresh_from_db()
    assert not done.is_draft


def test_reopen_with_a_reason_makes_a_draft_and_logs_the_reason(assessment, user):
    done = services.assessment_complete(user=user, assessment=assessment, lock_version=1)
    reopened = services.assessment_reopen(
        user=user, assessment=done, lock_version=done.lock_version, reason="Nytt underlag kom in."
    )
    assert reopened.is_draft
    assert reopened.completed_at is None
    event = reopened.audit_events.filter(action="ateroppnad").get()
    assert event.reason == "Nytt underlag kom in."
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "ateroppnad",
        "klar",
        "skapad",
    ]


# --- overview, comparison, summary ----------------------------------------------------------------


def test_overview_shows_latest_assessment_and_follow_up_items(user, programme, version):
    from checklists.access import Access

    older = services.assessment_start(user=user, programme=programme, year=2025, version=version)
    services.assessment_save_answers(
        user=user,
        assessment=older,
        lock_version=1,
        answers={"punkt-1-1": AnswerInput("ej_uppfyllt")},
    )
    latest = services.assessment_start(user=user, programme=programme, year=2026, version=version)
    services.assessment_save_answers(
        user=user,
        assessment=latest,
        lock_version=1,
        answers={"punkt-1-1": AnswerInput("uppfyllt"), "punkt-2-1": AnswerInput("delvis")},
    )
    access = Access(county_id=programme.county_id, reads_all=False)
    [row] = selectors.county_overview(access=access, county=programme.county)
    assert row.latest == latest
    assert [item.key for item in row.follow_up] == ["punkt-2-1"]

    rows = selectors.assessment_comparison(
        assessment=latest, previous=selectors.assessment_previous(assessment=latest)
    )
    changed = {row.key: (row.before, row.now) for row in rows if row.changed}
    assert changed == {
        "punkt-1-1": ("ej_uppfyllt", "uppfyllt"),
        "punkt-2-1": ("ej_bedomt", "delvis"),
    }


def test_comparison_across_versions_shows_items_added_and_removed(user, programme, checklist):
    first = services.assessment_start(
        user=user, programme=programme, year=2025, version=checklist.versions.get()
    )
    areas = checklist_areas(areas=1, items_per_area=1)
    areas[0][1]["items"][0]["key"] = "ny-punkt"
    checklist.areas = areas
    publish(checklist)
    second = services.assessment_start(
        user=user, programme=programme, year=2026, version=checklist.versions.first()
    )
    rows = {
        row.key: row for row in selectors.assessment_comparison(assessment=second, previous=first)
    }
    assert rows["ny-punkt"].before is None
    assert rows["punkt-1-1"].now is None
    assert len(rows) == 7


def test_resume_goes_to_the_first_area_with_unassessed_items(assessment, user):
    document = selectors.assessment_document(assessment=assessment)
    assert document.resume_area.key == "omr-1"
    services.assessment_save_answers(
        user=user,
        assessment=assessment,
        lock_version=1,
        answers={f"punkt-1-{i}": AnswerInput("uppfyllt") for i in (1, 2, 3)},
    )
    document = selectors.assessment_document(assessment=assessment)
    assert document.resume_area.key == "omr-2"
