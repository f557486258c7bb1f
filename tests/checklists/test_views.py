"""Every view of the tillsyn tool: the flow, access per role, other counties' ids, bad input."""

import pytest
from django.urls import reverse

from checklists import services
from checklists.models import Answer, Assessment, AuditEvent, Programme
from checklists.services import AnswerInput
from tests.factories.accounts import county_user, login_with_second_factor, reviewer_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna(stockholm):
    return county_user(county_code="AB", username="anna", first_name="Anna", last_name="Berg")


@pytest.fixture
def client_anna(client, anna):
    login_with_second_factor(client, anna)
    return client


@pytest.fixture
def assessment(anna, programme, version):
    return services.assessment_start(user=anna, programme=programme, year=2026, version=version)


@pytest.fixture
def foreign_assessment(other_programme, version):
    zuser = county_user(county_code="Z", username="zara")
    return services.assessment_start(
        user=zuser, programme=other_programme, year=2026, version=version
    )


def area_post(assessment, area="omr-1", **overrides):
    data = {"lock_version": assessment.lock_version}
    for i in (1, 2, 3):
        key = f"punkt-{area[-1]}-{i}"
        data |= {f"{key}-status": "uppfyllt", f"{key}-comment": "", f"{key}-evidence": ""}
    data.update(overrides)
    return data


def url(name, **kwargs):
    return reverse(f"tillsyn:{name}", kwargs=kwargs)


# --- sign-in and roles ----------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(client, assessment):
    response = client.get(url("assessment", pk=assessment.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_signed_in_without_second_factor_is_sent_to_verify(client, anna, assessment):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=anna, confirmed=True, name="app")
    client.force_login(anna)
    response = client.get(url("assessment", pk=assessment.pk))
    assert response.status_code == 302
    assert reverse("accounts:login") not in response["Location"]


def test_editor_without_tool_role_gets_a_swedish_403(client, stockholm):
    from django.contrib.auth.models import Group

    editor = county_user(county_code="AB", username="redaktor")
    editor.groups.set([Group.objects.get(name="Redaktör")])
    login_with_second_factor(client, editor)
    response = client.get(url("overview"))
    assert response.status_code == 403
    assert "inte behörighet" in response.content.decode()


def test_county_user_lands_on_own_county(client_anna):
    response = client_anna.get(url("overview"))
    assert response.status_code == 302
    assert response["Location"] == url("county", code="AB")


def test_responses_are_never_cached(client_anna, assessment):
    response = client_anna.get(url("assessment", pk=assessment.pk))
    assert "no-store" in response["Cache-Control"]


# --- the whole flow in the browser's terms --------------------------------------------------------


def test_a_county_user_runs_a_whole_assessment(client_anna, programme, version, anna):
    response = client_anna.post(
        url("start", pk=programme.pk), {"year": 2026, "version": version.pk}
    )
    assessment = Assessment.objects.get()
    assert response["Location"] == url("assessment", pk=assessment.pk)

    page = client_anna.get(url("area", pk=assessment.pk, area="omr-1"))
    assert "Fråga 1.1" in page.content.decode()
    response = client_anna.post(
        url("area", pk=assessment.pk, area="omr-1"),
        area_post(
            assessment, **{"punkt-1-2-status": "delvis", "punkt-1-2-comment": "Saknar protokoll"}
        ),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    response = client_anna.post(
        url("area", pk=assessment.pk, area="omr-2"), area_post(assessment, "omr-2") | {"next": ""}
    )
    assert response["Location"] == url("complete", pk=assessment.pk)
    assessment.refresh_from_db()
    response = client_anna.post(
        url("complete", pk=assessment.pk), {"lock_version": assessment.lock_version}
    )
    assessment.refresh_from_db()
    assert not assessment.is_draft

    overview = client_anna.get(url("county", code="AB")).content.decode()
    assert "Fråga 1.2" in overview  # the item to follow up
    pdf = client_anna.get(url("export_pdf", pk=assessment.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    csv = client_anna.get(url("export_csv", pk=assessment.pk))
    assert "Saknar protokoll" in csv.content.decode("utf-8-sig")
    actions = list(assessment.audit_events.values_list("action", flat=True))
    assert actions == ["exporterad", "exporterad", "klar", "sparad", "sparad", "skapad"]


def test_completed_assessment_cannot_be_edited_and_reopen_needs_reason(
    client_anna, assessment, anna
):
    assessment = services.assessment_complete(user=anna, assessment=assessment, lock_version=1)
    response = client_anna.post(url("area", pk=assessment.pk, area="omr-1"), area_post(assessment))
    assert response.status_code == 302
    assert set(Answer.objects.values_list("status", flat=True)) == {"ej_bedomt"}

    response = client_anna.post(
        url("reopen", pk=assessment.pk), {"lock_version": assessment.lock_version, "reason": ""}
    )
    assert response.status_code == 400
    assert "Skriv varför" in response.content.decode()
    response = client_anna.post(
        url("reopen", pk=assessment.pk),
        {"lock_version": assessment.lock_version, "reason": "Ny information"},
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_draft


def test_two_people_on_one_draft_the_second_is_told_and_keeps_their_text(
    client, client_anna, assessment, stockholm
):
    stale = assessment.lock_version
    client_anna.post(
        url("area", pk=assessment.pk, area="omr-1"),
        area_post(assessment, **{"punkt-1-1-comment": "Annas text"}),
    )
    bertil = county_user(county_code="AB", username="bertil")
    from django.test import Client

    other = Client()
    login_with_second_factor(other, bertil)
    response = other.post(
        url("area", pk=assessment.pk, area="omr-1"),
        area_post(assessment, lock_version=stale, **{"punkt-1-1-comment": "Bertils text"}),
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Anna Berg sparade" in body
    assert "Bertils text" in body  # still in the form
    assert "Annas text" in body  # what is already saved
    assert Answer.objects.get(item_key="punkt-1-1").comment == "Annas text"
    # Saving again from the conflict page now stores Bertil's answers knowingly.
    assessment.refresh_from_db()
    response = other.post(
        url("area", pk=assessment.pk, area="omr-1"),
        area_post(assessment, **{"punkt-1-1-comment": "Bertils text"}),
    )
    assert response.status_code == 302
    assert Answer.objects.get(item_key="punkt-1-1").comment == "Bertils text"


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"punkt-1-1-status": "kanske"}, "Ogiltig bedömning"),
        ({"punkt-1-1-status": ""}, "Välj en bedömning"),
        ({"punkt-1-1-comment": "å" * 4001}, "för lång"),
        ({"punkt-2-1-status": "uppfyllt"}, "inte finns i det här området"),
        ({"annan-version-status": "uppfyllt"}, "inte finns i det här området"),
        ({"lock_version": "abc"}, "Ladda om sidan"),
        ({"lock_version": ""}, "Ladda om sidan"),
    ],
)
def test_bad_area_input_gets_a_swedish_error_and_saves_nothing(
    client_anna, assessment, overrides, message
):
    data = area_post(assessment, **{"punkt-1-2-comment": "ska inte sparas"}) | overrides
    response = client_anna.post(url("area", pk=assessment.pk, area="omr-1"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Answer.objects.filter(comment="ska inte sparas").exists()
    assert not AuditEvent.objects.filter(action="sparad").exists()


def test_injection_like_comments_are_stored_as_text_and_escaped(client_anna, assessment):
    text = "<script>alert(1)</script>'; DROP TABLE checklists_answer;--"
    client_anna.post(
        url("area", pk=assessment.pk, area="omr-1"),
        area_post(assessment, **{"punkt-1-1-comment": text}),
    )
    assert Answer.objects.get(item_key="punkt-1-1").comment == text
    body = client_anna.get(url("assessment", pk=assessment.pk)).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;" in body


@pytest.mark.parametrize("year", ["", "abc", "1999", "99999", "2026; DROP"])
def test_bad_years_get_a_swedish_error(client_anna, programme, version, year):
    response = client_anna.post(
        url("start", pk=programme.pk), {"year": year, "version": version.pk}
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


def test_unknown_checklist_version_is_refused(client_anna, programme, version):
    response = client_anna.post(
        url("start", pk=programme.pk), {"year": 2026, "version": version.pk + 99}
    )
    assert response.status_code == 400
    assert "Välj en av de checklistor" in response.content.decode()


def test_duplicate_year_is_explained(client_anna, assessment, programme, version):
    response = client_anna.post(
        url("start", pk=programme.pk), {"year": 2026, "version": version.pk}
    )
    assert response.status_code == 400
    assert "finns redan" in response.content.decode()


def test_unknown_area_is_404(client_anna, assessment):
    assert client_anna.get(url("area", pk=assessment.pk, area="finns-inte")).status_code == 404


# --- other counties' ids: every view --------------------------------------------------------------

ASSESSMENT_VIEWS = [
    "assessment",
    "complete",
    "reopen",
    "compare",
    "log",
    "export_pdf",
    "export_csv",
]


@pytest.mark.parametrize("name", ASSESSMENT_VIEWS)
def test_other_countys_assessment_is_404_for_get_and_post(client_anna, foreign_assessment, name):
    target = url(name, pk=foreign_assessment.pk)
    assert client_anna.get(target).status_code == 404
    assert client_anna.post(target, {"lock_version": 1, "reason": "x"}).status_code == 404
    foreign_assessment.refresh_from_db()
    assert foreign_assessment.is_draft
    assert not foreign_assessment.audit_events.exclude(action="skapad").exists()


def test_other_countys_area_and_guessed_ids_are_404(client_anna, foreign_assessment):
    target = url("area", pk=foreign_assessment.pk, area="omr-1")
    assert client_anna.post(target, area_post(foreign_assessment)).status_code == 404
    assert set(foreign_assessment.answers.values_list("status", flat=True)) == {"ej_bedomt"}
    assert client_anna.get(url("assessment", pk=999999)).status_code == 404


@pytest.mark.parametrize("name", ["programme", "programme_edit", "start"])
def test_other_countys_programme_is_404(client_anna, other_programme, name):
    assert client_anna.get(url(name, pk=other_programme.pk)).status_code == 404
    assert client_anna.post(url(name, pk=other_programme.pk), {"name": "Kapad"}).status_code == 404
    other_programme.refresh_from_db()
    assert other_programme.name == "PO Östersund"


@pytest.mark.parametrize("name", ["county", "county_csv", "programme_create"])
def test_other_county_pages_are_404(client_anna, jamtland, name):
    assert client_anna.get(url(name, code="Z")).status_code == 404


def test_county_csv_with_bad_year_is_404(client_anna):
    assert client_anna.get(url("county_csv", code="AB") + "?ar=abc").status_code == 404


# --- national reviewers: read everything, change nothing ------------------------------------------


@pytest.fixture
def client_reviewer(client):
    login_with_second_factor(client, reviewer_user())
    return client


def test_reviewer_reads_every_county(client_reviewer, foreign_assessment):
    assert client_reviewer.get(url("overview")).status_code == 200
    assert client_reviewer.get(url("county", code="Z")).status_code == 200
    assert client_reviewer.get(url("assessment", pk=foreign_assessment.pk)).status_code == 200
    assert client_reviewer.get(url("export_csv", pk=foreign_assessment.pk)).status_code == 200


@pytest.mark.parametrize("name", ["complete", "reopen"])
def test_reviewer_cannot_change_anything(client_reviewer, foreign_assessment, name):
    response = client_reviewer.post(
        url(name, pk=foreign_assessment.pk), {"lock_version": 1, "reason": "x"}
    )
    assert response.status_code == 403
    foreign_assessment.refresh_from_db()
    assert foreign_assessment.is_draft


def test_reviewer_cannot_save_answers_or_start(
    client_reviewer, foreign_assessment, other_programme, version
):
    response = client_reviewer.post(
        url("area", pk=foreign_assessment.pk, area="omr-1"), area_post(foreign_assessment)
    )
    assert response.status_code == 403
    response = client_reviewer.post(
        url("start", pk=other_programme.pk), {"year": 2025, "version": version.pk}
    )
    assert response.status_code == 403
    assert Assessment.objects.count() == 1


# --- the programme register -----------------------------------------------------------------------


def test_county_user_adds_a_programme_with_steering_group(client_anna, stockholm):
    data = {
        "name": "PO Söderort",
        "operation_form": "samverkan",
        "employer": "Stadsdelsförvaltningen",
        "posts": "2.5",
        "phone": "",
        "email": "",
        "address": "",
        "website": "",
        "public_note": "",
        "is_active": "on",
        "ledning-TOTAL_FORMS": "2",
        "ledning-INITIAL_FORMS": "0",
        "ledning-MIN_NUM_FORMS": "0",
        "ledning-MAX_NUM_FORMS": "30",
        "ledning-0-organisation": "Försäkringskassan",
        "ledning-0-note": "",
        "ledning-1-organisation": "",
        "ledning-1-note": "",
    }
    response = client_anna.post(url("programme_create", code="AB"), data)
    programme = Programme.objects.get(name="PO Söderort")
    assert response["Location"] == url("programme", pk=programme.pk)
    assert programme.county == stockholm
    assert [m.organisation for m in programme.steering_members.all()] == ["Försäkringskassan"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"name": ""}, "Det här fältet är obligatoriskt"),
        ({"email": "inte-en-adress"}, "giltig mejladress"),
        ({"posts": "många"}, "Fyll i ett tal"),
        ({"operation_form": "aktiebolag"}, "giltigt alternativ"),
        ({"name": "x" * 500}, "som mest 200 tecken"),
    ],
)
def test_bad_programme_input_is_refused(client_anna, programme, overrides, message):
    data = {
        "name": programme.name,
        "operation_form": "kommunal",
        "employer": "Förvaltningen",
        "ledning-TOTAL_FORMS": "0",
        "ledning-INITIAL_FORMS": "0",
    } | overrides
    response = client_anna.post(url("programme_edit", pk=programme.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    programme.refresh_from_db()
    assert programme.employer == "Socialförvaltningen"


def test_assessments_are_listed_only_where_they_belong(client_anna, assessment, foreign_assessment):
    body = client_anna.get(url("county", code="AB")).content.decode()
    assert "PO Skärholmen" in body
    assert "PO Östersund" not in body


# --- the public contact part of the register ------------------------------------------------------


def test_public_api_shows_contact_details_and_nothing_internal(client, assessment, programme):
    programme.public_note = "Ring på vardagar."
    programme.save()
    response = client.get("/api/verksamheter/", {"lan": "ab"})
    [result] = response.json()["results"]
    assert result["name"] == "PO Skärholmen"
    assert result["contact"]["phone"] == "08-123 456"
    assert result["contact"]["note"] == "Ring på vardagar."
    body = response.content.decode()
    for internal in ("assessment", "2026", "ej_bedomt", "Socialförvaltningen"):
        assert internal not in body


@pytest.mark.parametrize("code", ["XX", "ABC", "'; --", "å" * 500])
def test_public_api_refuses_unknown_counties_in_swedish(client, code):
    response = client.get("/api/verksamheter/", {"lan": code})
    assert response.status_code == 400
    assert "Okänd länsbokstav" in response.json()["error"]


def test_public_api_lists_only_active_programmes(client, programme, other_programme):
    other_programme.is_active = False
    other_programme.save()
    names = [r["name"] for r in client.get("/api/verksamheter/").json()["results"]]
    assert names == ["PO Skärholmen"]


# --- saving as you go (static/js/autosave.js) --------------------------------------------------

AUTOSAVE = {"HTTP_X_AUTOSAVE": "1", "HTTP_ACCEPT": "application/json"}


def test_autosave_saves_and_returns_the_new_lock(client_anna, assessment):
    target = url("area", pk=assessment.pk, area="omr-1")
    response = client_anna.post(
        target, area_post(assessment, **{"punkt-1-1-comment": "Utkast"}), **AUTOSAVE
    )
    assert response.status_code == 200
    assert response.json()["lock_version"] == 2
    assert response.json()["message"].startswith("Sparat")
    assert Answer.objects.get(item_key="punkt-1-1").comment == "Utkast"


def test_autosave_of_bad_input_saves_nothing_and_says_why(client_anna, assessment):
    target = url("area", pk=assessment.pk, area="omr-1")
    data = area_post(assessment, **{"punkt-1-1-status": "kanske", "punkt-1-2-comment": "nej"})
    response = client_anna.post(target, data, **AUTOSAVE)
    assert response.status_code == 400
    assert response.json()["message"].startswith("Inte sparat: Ogiltig bedömning")
    assert not Answer.objects.filter(comment="nej").exists()


def test_autosave_with_a_stale_lock_is_a_conflict(client_anna, assessment, anna):
    services.assessment_save_answers(
        user=anna,
        assessment=assessment,
        lock_version=1,
        answers={"punkt-1-1": AnswerInput("uppfyllt", "Först")},
    )
    target = url("area", pk=assessment.pk, area="omr-1")
    response = client_anna.post(target, area_post(assessment, lock_version=1), **AUTOSAVE)
    assert response.status_code == 409
    assert "Anna Berg sparade" in response.json()["message"]
    assert Answer.objects.get(item_key="punkt-1-1").comment == "Först"


def test_autosave_respects_access(client_anna, foreign_assessment):
    target = url("area", pk=foreign_assessment.pk, area="omr-1")
    assert client_anna.post(target, area_post(foreign_assessment), **AUTOSAVE).status_code == 404


def test_county_codes_must_match_exactly(client_anna):
    assert client_anna.get("/tillsyn/lan/ab/").status_code == 200
    assert client_anna.get("/tillsyn/lan/ABX/").status_code == 404
