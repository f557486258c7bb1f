"""The tillsyn tool in a real browser: a county user signs in with a second factor, runs an
assessment with the keyboard alone, exports it, cannot reach another county; axe-core finds
nothing on any checklist or assessment screen."""

import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from checklists import services
from checklists.models import Answer, Assessment, ChecklistVersion, County
from tests.e2e.axe import violations
from tests.e2e.browser import submit
from tests.factories.accounts import PASSWORD, county_user, reviewer_user, totp_device
from tests.factories.checklists import ProgrammeFactory

CHECKLIST = "/sv/for-lansstyrelser-och-ledning/checklista-for-tillsyn/"


def code(device, ahead: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits, drift=ahead):06d}"


@pytest.fixture
def tillsyn(tillsyn_content):
    """The real checklist, a county user with an app, two programmes."""
    anna = county_user(county_code="AB", username="anna", first_name="Anna", last_name="Berg")
    device = totp_device(anna)
    own = ProgrammeFactory(county=County.objects.get(code="AB"), name="PO Skärholmen")
    foreign = ProgrammeFactory(county=County.objects.get(code="Z"), name="PO Östersund")
    version = ChecklistVersion.objects.get()
    zara = county_user(county_code="Z", username="zara")
    foreign_assessment = services.assessment_start(
        user=zara, programme=foreign, year=2026, version=version
    )
    return {
        "url": tillsyn_content,
        "user": anna,
        "device": device,
        "programme": own,
        "version": version,
        "foreign": foreign_assessment,
    }


def sign_in_with_keyboard(page, base: str, device, *, username="anna", ahead: int = 0) -> None:
    page.goto(base + "/tillsyn/")
    assert "/konto/logga-in/" in page.url
    page.get_by_label("Användarnamn").focus()
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/tvastegsverifiering/**")
    page.get_by_label("Kod från appen").focus()
    page.keyboard.type(code(device, ahead))
    page.keyboard.press("Enter")
    page.wait_for_url("**/tillsyn/lan/AB/")


def test_a_county_user_runs_a_whole_assessment_with_the_keyboard(page, tillsyn):
    base, programme = tillsyn["url"], tillsyn["programme"]
    sign_in_with_keyboard(page, base, tillsyn["device"])

    page.goto(base + f"/tillsyn/verksamheter/{programme.pk}/ny-bedomning/")
    page.get_by_label("År som bedömningen gäller").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("2026")
    page.keyboard.press("Enter")
    page.wait_for_url("**/tillsyn/bedomningar/*/")
    assessment = Assessment.objects.get(programme=programme)

    # Every area in turn: the first item "delvis" with a comment, via keyboard only.
    areas = tillsyn["version"].areas
    page.get_by_role("link", name="Fortsätt bedöma").focus()
    page.keyboard.press("Enter")
    for number, area in enumerate(areas, start=1):
        page.wait_for_url(f"**/omraden/{area['key']}/")
        first = area["items"][0]["key"]
        page.locator(f"#id_{first}-status_1").focus()  # "Delvis uppfyllt"
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.type(f"Område {number}: protokoll saknas för våren.")
        if number == 1:  # the page's script saves the draft a few seconds after typing stops
            expect(page.locator("#autosave-status")).to_have_text(
                re.compile(r"^Sparat \d\d:\d\d"), timeout=15000
            )
            saved = Answer.objects.get(assessment=assessment, item_key=first)
            assert saved.comment == "Område 1: protokoll saknas för våren."
        last = "Spara och gå vidare till klarmarkering" if number == len(areas) else None
        button = page.get_by_role("button", name=last or "Spara och gå till nästa område")
        button.focus()
        page.keyboard.press("Enter")
    page.wait_for_url("**/klarmarkera/")
    assert Answer.objects.filter(assessment=assessment, status="delvis").count() == len(areas)

    page.get_by_role("button", name="Markera som klar").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/tillsyn/bedomningar/{assessment.pk}/")
    assert "Bedömningen är markerad som klar och låst." in page.content()
    assessment.refresh_from_db()
    assert not assessment.is_draft and assessment.completed_snapshot

    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner PDF").focus()
        page.keyboard.press("Enter")
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    overview = page.goto(base + "/tillsyn/lan/AB/")
    assert overview.status == 200
    assert "Område 1" not in page.content()  # comments stay in the assessment
    assert page.locator(".follow-up li").count() == len(areas)

    for url in (
        f"/tillsyn/bedomningar/{tillsyn['foreign'].pk}/",
        f"/tillsyn/bedomningar/{tillsyn['foreign'].pk}/bedomning.pdf",
        "/tillsyn/lan/Z/",
    ):
        assert page.goto(base + url).status == 404


def test_no_axe_violations_on_any_checklist_or_assessment_screen(page, tillsyn):
    base, user, programme = tillsyn["url"], tillsyn["user"], tillsyn["programme"]
    assessment = services.assessment_start(
        user=user, programme=programme, year=2025, version=tillsyn["version"]
    )
    first_key = tillsyn["version"].items()[0]["key"]
    services.assessment_save_answers(
        user=user,
        assessment=assessment,
        lock_version=1,
        answers={first_key: services.AnswerInput("ej_uppfyllt", "Saknas")},
    )
    found = {}

    def check(url, expected_status=200):
        response = page.goto(base + url)
        assert response.status == expected_status, url
        found[url] = violations(page)

    check(CHECKLIST)
    check("/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("anna")
    page.get_by_label("Lösenord").fill("fel")
    page.get_by_role("button", name="Logga in").click()
    found["/konto/logga-in/ (fel lösenord)"] = violations(page)
    sign_in_with_keyboard(page, base, tillsyn["device"])

    first_area = tillsyn["version"].areas[0]["key"]
    pk = assessment.pk
    for url in (
        "/tillsyn/lan/AB/",
        f"/tillsyn/verksamheter/{programme.pk}/",
        f"/tillsyn/verksamheter/{programme.pk}/andra/",
        "/tillsyn/lan/AB/ny-verksamhet/",
        f"/tillsyn/verksamheter/{programme.pk}/ny-bedomning/",
        f"/tillsyn/bedomningar/{pk}/",
        f"/tillsyn/bedomningar/{pk}/omraden/{first_area}/",
        f"/tillsyn/bedomningar/{pk}/klarmarkera/",
        f"/tillsyn/bedomningar/{pk}/jamfor/",
        f"/tillsyn/bedomningar/{pk}/logg/",
        "/konto/byt-losenord/",
    ):
        check(url)

    # Error states: a too long comment (past the browser's maxlength), someone else saving in
    # between, an empty reopen reason.
    area_url = base + f"/tillsyn/bedomningar/{pk}/omraden/{first_area}/"
    page.goto(area_url)
    page.evaluate("document.querySelector('textarea').removeAttribute('maxlength')")
    page.locator("textarea").first.fill("å" * 4001)
    submit(page, "Spara", exact=True)
    expect(page.locator(".error-summary")).to_be_visible()
    found["område med fel"] = violations(page)
    page.goto(area_url)
    services.assessment_save_answers(
        user=user,
        assessment=assessment,
        lock_version=2,
        answers={first_key: services.AnswerInput("uppfyllt", "Sparat av någon annan")},
    )
    page.locator("textarea").first.fill("Min egen text")
    submit(page, "Spara", exact=True)
    assert "Någon annan har sparat under tiden" in page.content()
    assert page.locator("textarea").first.input_value() == "Min egen text"
    found["område med krock"] = violations(page)
    services.assessment_complete(user=user, assessment=assessment, lock_version=3)
    check(f"/tillsyn/bedomningar/{pk}/oppna-igen/")
    submit(page, "Öppna igen")
    assert "Skriv varför" in page.content()
    found["öppna igen med fel"] = violations(page)

    # A national reviewer's overview, and someone without a role.
    page.context.clear_cookies()
    reviewer = reviewer_user(username="granskare")
    found["/konto/tvastegsverifiering/"] = sign_in_with_keyboard_to(
        page, base, reviewer, "/tillsyn/"
    )
    found["/tillsyn/ (granskare)"] = violations(page)
    page.context.clear_cookies()
    nobody = county_user(county_code="AB", username="ingen")
    nobody.groups.clear()
    sign_in_with_keyboard_to(page, base, nobody, "/tillsyn/")
    assert "inte behörighet" in page.content()
    found["/tillsyn/ (ingen behörighet)"] = violations(page)

    # Enrolment of an authenticator app at the first sign-in.
    page.context.clear_cookies()
    county_user(county_code="AB", username="ny")
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("ny")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/aktivera-tvastegs/**")
    found["/konto/aktivera-tvastegs/"] = violations(page)

    # Five wrong passwords lock the username and address out: the lockout page.
    page.context.clear_cookies()
    for _attempt in range(5):
        page.goto(base + "/konto/logga-in/")
        page.get_by_label("Användarnamn").fill("anna")
        page.get_by_label("Lösenord").fill("fel-lösenord")
        submit(page, "Logga in")
    assert "spärrad" in page.content().lower()
    found["spärrad inloggning"] = violations(page)

    assert {url: v for url, v in found.items() if v} == {}


def sign_in_with_keyboard_to(page, base, user, target) -> list[str]:
    """Sign in with the mouse; returns axe's findings on the code prompt on the way."""
    device = totp_device(user)
    page.goto(base + "/konto/logga-in/?next=" + target)
    page.get_by_label("Användarnamn").fill(user.username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/tvastegsverifiering/**")
    found_on_verify = violations(page)
    page.get_by_label("Kod från appen").fill(code(device))
    page.get_by_role("button", name="Fortsätt").click()
    page.wait_for_url("**" + target)
    return found_on_verify
