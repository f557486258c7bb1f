"""The reporting tool through its pages: the flows, Swedish errors next to the fields, input
kept after a conflict (409), bad and tampered input, and the exports."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from reporting import annual, services
from reporting.choices import CaseStatus, VersionState
from reporting.models import AnnualReport, AuditEntry, DeficiencyCase, DeficiencyReport
from tests.factories.reporting import annual_content, form_data, report_input

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"rapportering:{name}", args=args)


REPORT_POST = {
    "reported_on": "2025-04-01",
    "title": "Läkarbesök utan ombud",
    "description": "Ombuden får inte närvara vid läkarbesök trots att klienten vill det.",
    "frequency": "Fyra gånger under våren",
    "level": "lokal",
    "actor": "halso-och-sjukvard",
    "organisations": "Vuxenpsykiatrins mottagning",
    "consequences": "Klienten förstår inte vad som sagts om behandlingen.",
    "ombud_action": "",
    "cause": "",
    "suggestion": "Mottagningen tar fram en rutin.",
}


# --- ombud ----------------------------------------------------------------------------------------


def test_an_ombud_lands_in_the_tool_and_reports_a_systembrist(client, programme, ombud, signed_in):
    signed_in(ombud)
    assert client.get(url("home"))["Location"] == url("programme", programme.pk)
    form = client.get(url("report_create", programme.pk)).content.decode()
    assert "inga namn, personnummer, telefonnummer" in form
    response = client.post(url("report_create", programme.pk), REPORT_POST)
    report = DeficiencyReport.objects.get()
    assert response["Location"] == url("report", report.pk)
    page = client.get(url("report", report.pk)).content.decode()
    assert "Läkarbesök utan ombud" in page and "Ny" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("description", "Klienten 19850101-1234 nekades.", "personnummer"),
        ("consequences", "Ring 070-123 45 67", "telefonnummer"),
        ("title", "Mejla klient@example.se", "e-postadress"),
        ("organisations", "Mottagningen på Storgatan 12", "adress"),
        ("reported_on", "2025-13-40", "ÅÅÅÅ-MM-DD"),
        ("reported_on", "", "Ange ett datum"),
        ("level", "överallt", "Välj ett av alternativen"),
        ("title", "", "Skriv en rubrik"),
        ("description", "x" * 4001, "för lång"),
    ],
)
def test_bad_report_input_gets_a_swedish_error_and_nothing_is_saved(
    client, programme, ombud, signed_in, field, value, message
):
    signed_in(ombud)
    response = client.post(url("report_create", programme.pk), {**REPORT_POST, field: value})
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'class="error-summary"' in content
    assert not DeficiencyReport.objects.exists()


def test_markup_in_a_report_is_shown_as_text(client, programme, ombud, signed_in):
    signed_in(ombud)
    client.post(url("report_create", programme.pk), {**REPORT_POST, "title": "<script>x</script>"})
    page = client.get(url("report", DeficiencyReport.objects.get().pk)).content.decode()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page


def test_a_second_ombud_editing_an_old_form_is_told_and_keeps_their_input(
    client, programme, ombud, signed_in
):
    report = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    services.deficiency_report_update(
        user=ombud, report=report, lock_version=1, data=report_input(title="Redan ändrad")
    )
    signed_in(ombud)
    data = {**REPORT_POST, "lock_version": 1, "title": "Min egen rubrik"}
    response = client.post(url("report_edit", report.pk), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert 'value="Min egen rubrik"' in page
    assert "Redan ändrad" in page  # what is saved now, beside it
    assert 'name="lock_version" value="2"' in page
    report.refresh_from_db()
    assert report.title == "Redan ändrad"
    response = client.post(url("report_edit", report.pk), {**data, "lock_version": 2})
    report.refresh_from_db()
    assert response.status_code == 302 and report.title == "Min egen rubrik"


# --- ledningsgrupp --------------------------------------------------------------------------------


def test_the_ledningsgrupp_groups_reports_decides_and_the_ombud_sees_the_feedback(
    client, programme, ombud, steering, signed_in
):
    first = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    second = services.deficiency_report_create(
        user=ombud, programme=programme, data=report_input(title="Ingen återuppringning")
    )
    signed_in(steering)
    page = client.get(url("programme", programme.pk)).content.decode()
    assert "Ta upp valda rapporter som ett ärende" in page
    response = client.post(
        url("case_open", programme.pk),
        {"title": "Svårt att nå socialtjänsten", "reports": [first.pk, second.pk]},
    )
    case = DeficiencyCase.objects.get()
    assert response["Location"] == url("case", case.pk)
    decision = {
        "lock_version": 1,
        "title": case.title,
        "status": CaseStatus.DECIDED,
        "analysis": "Telefontiden är för kort.",
        "decision": "",
        "responsible": "",
        "due_date": "",
        "raised_to": "",
        "feedback": "",
        "feedback_on": "",
        "result": "",
    }
    response = client.post(url("case", case.pk), decision)
    assert response.status_code == 400
    assert "Skriv ledningsgruppens beslut." in response.content.decode()
    decision |= {
        "decision": "Återuppringning inom två dagar.",
        "responsible": "Socialchefen",
        "due_date": "2026-06-30",
        "feedback": "Ombuden fick veta beslutet på mötet.",
        "feedback_on": datetime.date.today().isoformat(),
    }
    assert client.post(url("case", case.pk), decision).status_code == 302
    signed_in(ombud)
    page = client.get(url("report", first.pk)).content.decode()
    assert "Åtgärd beslutad" in page and "Ombuden fick veta beslutet på mötet." in page
    # The ombud reads the case but cannot change it.
    assert client.get(url("case", case.pk)).status_code == 200
    assert client.post(url("case", case.pk), decision).status_code == 403


def test_two_members_saving_a_case_the_second_gets_409_with_input_kept(
    client, programme, ombud, steering, signed_in
):
    report = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    case = services.case_open(user=steering, programme=programme, reports=[report], title="T")
    services.case_update(
        user=steering,
        case=case,
        lock_version=1,
        data=services.CaseInput(title="T", status=CaseStatus.ANALYSIS, analysis="Först sparad"),
    )
    signed_in(steering)
    response = client.post(
        url("case", case.pk),
        {"lock_version": 1, "title": "T", "status": "analys", "analysis": "Min analys"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Min analys" in page and "Först sparad" in page
    case.refresh_from_db()
    assert case.analysis == "Först sparad"


@pytest.mark.parametrize(
    "data",
    [
        {"title": "X", "reports": ["999999"]},  # a guessed id
        {"title": "X", "reports": ["abc"]},
        {"title": "", "reports": []},
    ],
)
def test_tampered_case_input_is_refused(client, programme, ombud, steering, signed_in, data):
    services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    signed_in(steering)
    response = client.post(url("case_open", programme.pk), data)
    assert response.status_code == 400
    assert not DeficiencyCase.objects.exists()


def test_another_programmes_report_cannot_be_put_in_a_case(
    client, programme, foreign, ombud, steering, signed_in
):
    from tests.factories.reporting import ombud_user

    services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    theirs = services.deficiency_report_create(
        user=ombud_user(foreign), programme=foreign, data=report_input()
    )
    signed_in(steering)
    response = client.post(url("case_open", programme.pk), {"title": "X", "reports": [theirs.pk]})
    assert response.status_code == 400
    assert "Välj bara rapporter ur listan." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.case is None


def test_the_pattern_view_shows_the_matrix_first_and_exports_it(
    client, programme, ombud, steering, signed_in
):
    for actor in ("socialtjanst", "socialtjanst", "forsakringskassan"):
        services.deficiency_report_create(
            user=ombud, programme=programme, data=report_input(actor=actor, title="=SUM(A1)")
        )
    signed_in(steering)
    page = client.get(url("pattern", programme.pk) + "?ar=2025").content.decode()
    assert page.index("<table") < page.index("<svg")  # the table first, the chart beside it
    assert 'role="img"' in page
    csv = client.get(url("pattern_csv", programme.pk) + "?ar=2025").content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("Nivå 2025;Socialtjänsten;")
    assert "Lokal nivå;2;0;1;0;0;3" in csv
    pdf = client.get(url("pattern_pdf", programme.pk) + "?ar=2025")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Systembrister 2025: PO Skärholmen" in text and "Lokal nivå" in text
    assert AuditEntry.objects.filter(action="exporterad").count() == 2
    for bad in ("20x5", "1999", "99999"):
        assert client.get(url("pattern", programme.pk) + f"?ar={bad}").status_code == 404


# --- annual report --------------------------------------------------------------------------------


def test_a_programme_fills_in_sends_and_the_county_returns_then_accepts(
    client, programme, ombud, steering, county_staff, signed_in
):
    signed_in(steering)
    response = client.post(url("annual_start", programme.pk), {"year": 2025})
    report = AnnualReport.objects.get()
    assert response["Location"] == url("annual_edit", report.pk)
    # Counts that do not add up are saved, shown next to their fields, and stop sending.
    bad = annual_content(**{annual.CLIENTS.name("avslutade", "kvinnor"): 20})
    response = client.post(url("annual_edit", report.pk), form_data(bad, 1), follow=True)
    page = response.content.decode()
    assert "Fler avslutade kvinnor (20) än nya och sedan tidigare tillsammans (14)." in page
    assert "saknas eller går inte ihop" in page
    assert client.post(url("annual_submit", report.pk), {"lock_version": 2}).status_code == 400
    response = client.post(
        url("annual_edit", report.pk), {**form_data(annual_content(), 2), "submit": ""}
    )
    assert response["Location"] == url("annual_submit", report.pk)
    assert client.post(url("annual_submit", report.pk), {"lock_version": 3}).status_code == 302
    # Frozen: the form is gone and a save is refused.
    assert client.get(url("annual_edit", report.pk)).status_code == 302
    signed_in(county_staff)
    county = client.get(url("county", "AB") + "?ar=2025").content.decode()
    assert "granska" in county
    response = client.post(
        url("annual_review", report.pk), {"lock_version": 4, "comment": "Förklara kön."}
    )
    assert response.status_code == 302
    signed_in(ombud)
    page = client.get(url("annual", report.pk)).content.decode()
    assert "Förklara kön." in page and "Gör en ny version" in page
    response = client.post(url("annual_new_version", report.pk), {"lock_version": 5, "reason": ""})
    assert response.status_code == 400
    response = client.post(
        url("annual_new_version", report.pk), {"lock_version": 5, "reason": "Kön förklarat"}
    )
    assert response["Location"] == url("annual_edit", report.pk)
    client.post(url("annual_edit", report.pk), form_data(annual_content(ombud=4), 6))
    client.post(url("annual_submit", report.pk), {"lock_version": 7})
    signed_in(county_staff)
    assert (
        client.post(url("annual_review", report.pk), {"lock_version": 8, "accept": ""}).status_code
        == 302
    )
    report.refresh_from_db()
    assert report.accepted_version.number == 2
    assert [v.state for v in report.versions.order_by("number")] == [
        VersionState.RETURNED,
        VersionState.ACCEPTED,
    ]
    csv = client.get(url("county_csv", "AB") + "?ar=2025").content.decode("utf-8-sig")
    assert "PO Skärholmen;2025;Godkänd;2;ja;25;15;10;8;2" in csv
    old = client.get(url("annual_version", report.pk, 1)).content.decode()
    assert "Det här är en äldre version" in old


def test_the_annual_form_keeps_input_after_a_conflict(
    client, programme, ombud, steering, signed_in
):
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    services.annual_report_save(
        user=steering, report=report, lock_version=1, values=annual_content(ombud=4)
    )
    signed_in(ombud)
    response = client.post(url("annual_edit", report.pk), form_data(annual_content(ombud=7), 1))
    assert response.status_code == 409
    page = response.content.decode()
    assert 'name="ombud" value="7"' in page
    assert "Lisa Ledning sparade" in page
    assert report.versions.get().content["ombud"] == 4


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("ombud", "tre", "Skriv ett heltal"),
        ("tjanster", "2,55", "högst en decimal"),
        ("atgarder", "Ring 08-123 456 78", "telefonnummer"),
        ("lock_version", "abc", "Ladda om sidan"),
        ("lock_version", "", "saknar versionsuppgift"),
    ],
)
def test_bad_annual_input_is_refused_whole(
    client, programme, ombud, signed_in, field, value, message
):
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    before = report.versions.get().content
    signed_in(ombud)
    data = {**form_data(annual_content(), 1), field: value}
    response = client.post(url("annual_edit", report.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert report.versions.get().content == before


def test_an_extra_field_in_the_annual_form_changes_nothing(client, programme, ombud, signed_in):
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    signed_in(ombud)
    data = {**form_data(annual_content(), 1), "state": "godkand", "accepted_version": "1"}
    client.post(url("annual_edit", report.pk), data)
    version = report.versions.get()
    assert version.state == VersionState.DRAFT and "state" not in version.content


def test_the_annual_csv_is_the_whole_version(client, programme, ombud, signed_in):
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    services.annual_report_save(
        user=ombud, report=report, lock_version=1, values=annual_content(atgarder="=cmd|' /C'")
    )
    signed_in(ombud)
    response = client.get(url("annual_csv", report.pk, 1))
    text = response.content.decode("utf-8-sig")
    assert 'filename="arsredovisning-po-skarholmen-2025-v1.csv"' in response["Content-Disposition"]
    assert "Tjänster och ombud;Antal ombudstjänster (heltid);tjanster;2,5" in text
    assert "'=cmd" in text  # neutralised for spreadsheets


def test_national_reviewers_list_accepted_reports_only(
    client, programme, ombud, county_staff, reviewer, signed_in
):
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    report = services.annual_report_save(
        user=ombud, report=report, lock_version=1, values=annual_content()
    )
    report = services.annual_report_submit(user=ombud, report=report, lock_version=2)
    signed_in(reviewer)
    assert "PO Skärholmen" not in client.get(url("national")).content.decode()
    assert client.get(url("annual", report.pk)).status_code == 404
    services.annual_report_accept(user=county_staff, report=report, lock_version=3)
    assert "PO Skärholmen" in client.get(url("national")).content.decode()
    assert client.get(url("annual", report.pk)).status_code == 200
    assert client.post(url("annual_review", report.pk), {"lock_version": 4}).status_code == 403


@pytest.mark.parametrize(
    "data",
    [
        {"lock_version": 1, "add": "999999"},  # a guessed id
        {"lock_version": 1, "add": "abc"},
        {"lock_version": 1, "remove": "999999"},
        {"lock_version": "x", "add": ""},
        {"lock_version": 1},  # nothing chosen
    ],
)
def test_tampered_changes_to_a_cases_reports_are_refused_in_swedish(
    client, programme, ombud, steering, signed_in, data
):
    report = services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    case = services.case_open(user=steering, programme=programme, reports=[report], title="T")
    signed_in(steering)
    response = client.post(url("case_reports", case.pk), data, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and 'class="message message--error"' in page
    case.refresh_from_db()
    assert case.lock_version == 1 and list(case.reports.all()) == [report]
