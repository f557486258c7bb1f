"""Systembrister and annual reporting in a real browser, as its users would try it: an ombud
records three systembrister; the ledningsgrupp analyses and decides on them and reads the
pattern; the programme sends its annual report; the county returns it once and then accepts
it; PO i siffror and the tillsyn assessment show it; nobody outside sees any of it. axe-core
finds nothing on any screen on the way, error states included. One journey, one browser, one
context per person (each signs in once)."""

import importlib

import pytest
from django.apps import apps
from django_otp.oath import totp

from checklists import services as tillsyn
from checklists.models import ChecklistVersion, County
from reporting.models import AcceptedFigures, AnnualReport, DeficiencyCase, DeficiencyReport
from tests.e2e.axe import violations
from tests.e2e.browser import submit
from tests.factories.accounts import (
    PASSWORD,
    UserFactory,
    county_user,
    reviewer_user,
    totp_device,
)
from tests.factories.checklists import ProgrammeFactory
from tests.factories.reporting import annual_content, ombud_user, steering_user

BASE = "/tillsyn/rapportering"
FIGURES = "/sv/for-lansstyrelser-och-ledning/po-i-siffror/"

SYSTEMBRISTER = [
    {
        "title": "Handläggare på ekonomiskt bistånd går inte att nå",
        "level": "lokal",
        "actor": "socialtjanst",
        "reported_on": "2025-02-10",
    },
    {
        "title": "Ingen återuppringning från socialtjänsten",
        "level": "lokal",
        "actor": "socialtjanst",
        "reported_on": "2025-03-12",
    },
    {
        "title": "Försäkringskassan begär nya intyg om och om igen",
        "level": "nationell",
        "actor": "forsakringskassan",
        "reported_on": "2025-05-20",
    },
]


@pytest.fixture
def people(content):
    """The real pack; a programme in Stockholms län with an ombud and a ledningsgrupp member,
    the county's staff, a national reviewer, and an ombud of a programme in Jämtlands län."""
    importlib.import_module("reporting.migrations.0002_roles").create_reference_data(apps)
    stockholm, jamtland = County.objects.get(code="AB"), County.objects.get(code="Z")
    programme = ProgrammeFactory(county=stockholm, name="PO Skärholmen")
    elsewhere = ProgrammeFactory(county=jamtland, name="PO Östersund")
    return {
        "url": content,
        "programme": programme,
        "ombud": ombud_user(programme, username="olle", first_name="Olle", last_name="Ombud"),
        "steering": steering_user(programme, username="lisa", first_name="Lisa"),
        "county": county_user(county_code="AB", username="anna", first_name="Anna"),
        "reviewer": reviewer_user(username="granskare"),
        "outsider": ombud_user(elsewhere, username="otto"),
    }


class Journey:
    def __init__(self, browser, base):
        self.browser, self.base, self.found = browser, base, {}

    def sign_in(self, user, expected_landing: str):
        """A context of its own, signed in with password and code, landing where it should."""
        device = totp_device(user)
        context = self.browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(self.base + "/konto/logga-in/")
        page.get_by_label("Användarnamn").fill(user.username)
        page.get_by_label("Lösenord").fill(PASSWORD)
        submit(page, "Logga in")
        page.wait_for_url("**/tvastegsverifiering/**")
        page.get_by_label("Kod från appen").fill(
            f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
        )
        submit(page, "Fortsätt")
        page.wait_for_url("**" + expected_landing)
        return page

    def check(self, page, name: str, url: str | None = None, status: int = 200):
        if url is not None:
            response = page.goto(self.base + url)
            assert response.status == status, (name, response.status)
        self.found[name] = violations(page)


def test_from_the_ombuds_observation_to_the_national_figures(browser, people):
    base, programme = people["url"], people["programme"]
    journey = Journey(browser, base)
    p = programme.pk

    # 1. The ombud records three systembrister; a text with a telephone number is refused.
    ombud = journey.sign_in(people["ombud"], f"{BASE}/verksamheter/{p}/")
    journey.check(ombud, "verksamheten (ombud)")
    for number, brist in enumerate(SYSTEMBRISTER):
        ombud.get_by_role("link", name="Rapportera en systembrist").click()
        ombud.get_by_label("Datum för rapporteringen").fill(brist["reported_on"])
        ombud.get_by_label("Rubrik").fill(brist["title"])
        ombud.get_by_label("Vad hände?").fill("Ombuden har sett samma sak hos flera klienter.")
        ombud.get_by_label("Hur ofta har det hänt?").fill("Minst fem gånger under våren")
        ombud.locator(f"input[name=level][value={brist['level']}]").check()
        ombud.locator(f"input[name=actor][value={brist['actor']}]").check()
        ombud.get_by_label("Berörda myndigheter eller verksamheter").fill("Lokalkontoret")
        ombud.get_by_label("Konsekvenser för målgruppen").fill(
            "Klienter blir utan pengar i väntan på beslut."
        )
        ombud.get_by_label("Förslag till förändring").fill("En telefontid med återuppringning.")
        if number == 0:
            journey.check(ombud, "ny systembrist (formulär)")
            ombud.get_by_label("Vad hände?").fill("Ring klienten på 070-123 45 67.")
            submit(ombud, "Skicka till ledningsgruppen")
            assert "ser ut som ett telefonnummer" in ombud.content()
            assert ombud.get_by_label("Rubrik").input_value() == brist["title"]  # input kept
            journey.check(ombud, "ny systembrist med personuppgift")
            ombud.get_by_label("Vad hände?").fill("Ombuden har sett samma sak hos flera klienter.")
        submit(ombud, "Skicka till ledningsgruppen")
        ombud.wait_for_url("**/systembrister/*/")
        ombud.get_by_role("link", name="Tillbaka till PO Skärholmen").click()
    assert DeficiencyReport.objects.filter(programme=programme).count() == 3
    report = DeficiencyReport.objects.order_by("pk").first()
    journey.check(ombud, "systembrist", f"{BASE}/systembrister/{report.pk}/")
    journey.check(ombud, "ändra systembrist", f"{BASE}/systembrister/{report.pk}/andra/")

    # 2. The ledningsgrupp groups the two about socialtjänsten, decides, raises the third.
    steering = journey.sign_in(people["steering"], f"{BASE}/verksamheter/{p}/")
    first, second, third = DeficiencyReport.objects.order_by("pk")
    steering.locator(f"#rapport-{first.pk}").check()
    steering.locator(f"#rapport-{second.pk}").check()
    submit(steering, "Ta upp valda rapporter som ett ärende")
    journey.check(steering, "nytt ärende")
    steering.get_by_label("Rubrik för ärendet").fill("Svårt att nå socialtjänsten")
    submit(steering, "Öppna ärendet")
    steering.wait_for_url("**/arenden/*/")
    steering.locator("input[name=status][value=beslutad]").check()
    steering.get_by_label("Analys och reflektion").fill("Telefontiden räcker inte.")
    submit(steering, "Spara ärendet")
    assert "Skriv ledningsgruppens beslut." in steering.content()
    journey.check(steering, "ärende med fel")
    steering.locator("#id_decision").fill("Återuppringning inom två dagar.")
    steering.get_by_label("Vem genomför?").fill("Socialchefen")
    steering.get_by_label("Klart senast").fill("2026-12-31")
    steering.get_by_label("Återkoppling till ombuden").fill("Berättat på mötet i november.")
    steering.get_by_label("Återkoppling given").fill("2026-11-20")
    submit(steering, "Spara ärendet")
    assert "Ärendet är sparat." in steering.content()
    journey.check(steering, "ärende")
    steering.goto(base + f"{BASE}/verksamheter/{p}/arenden/ny/?rapport={third.pk}")
    steering.get_by_label("Rubrik för ärendet").fill("Intyg till Försäkringskassan")
    submit(steering, "Öppna ärendet")
    steering.locator("input[name=status][value=lyft]").check()
    steering.locator("#id_raised_to").fill("Länets samverkansgrupp")
    submit(steering, "Spara ärendet")
    assert set(DeficiencyCase.objects.values_list("status", flat=True)) == {"beslutad", "lyft"}
    journey.check(steering, "mönster", f"{BASE}/verksamheter/{p}/monster/?ar=2025")
    assert "Socialtjänsten" in steering.locator("#matrix-caption").locator("..").inner_text()
    journey.check(steering, "verksamheten (ledningsgrupp)", f"{BASE}/verksamheter/{p}/")
    journey.check(steering, "logg", f"{BASE}/verksamheter/{p}/logg/")
    # The ombud sees the feedback on their report.
    ombud.goto(base + f"{BASE}/systembrister/{first.pk}/")
    assert "Åtgärd beslutad" in ombud.content() and "Berättat på mötet" in ombud.content()

    # 3. The annual report: started with what the portal knows, counts that do not add up
    # shown next to their fields, then sent.
    steering.goto(base + f"{BASE}/verksamheter/{p}/")
    steering.get_by_role("link", name="Påbörja en årsredovisning").click()
    journey.check(steering, "påbörja årsredovisning")
    steering.get_by_label("År som redovisningen gäller").select_option("2025")
    submit(steering, "Påbörja")
    steering.wait_for_url("**/arsredovisningar/*/andra/")
    report_id = AnnualReport.objects.get(programme=programme).pk
    assert steering.locator("#id_brist-socialtjanst-lokal").input_value() == "2"
    content = annual_content(**{"klienter-avslutade-kvinnor": 30})
    for name, value in content.items():
        if name.startswith("brist-"):
            continue  # keep what the year's reports filled in
        steering.locator(f"#id_{name}").fill("" if value is None else str(value).replace(".", ","))
    submit(steering, "Spara", exact=True)
    assert "Fler avslutade kvinnor (30)" in steering.content()
    journey.check(steering, "årsredovisning med fel")
    steering.locator("#id_klienter-avslutade-kvinnor").fill("5")
    submit(steering, "Spara och gå vidare till inskickning")
    steering.wait_for_url("**/skicka-in/")
    journey.check(steering, "skicka in")
    submit(steering, "Skicka in")
    assert "inskickad till länsstyrelsen" in steering.content()
    journey.check(steering, "årsredovisning inskickad")

    # 4. The county returns it once, then accepts the corrected version.
    county = journey.sign_in(people["county"], "/tillsyn/lan/AB/")
    county.get_by_role("link", name="Årsredovisningar och systembrister").click()
    county.wait_for_url(f"**{BASE}/lan/AB/")
    journey.check(county, "länets årsredovisningar")
    county.get_by_role("link", name="granska").click()
    journey.check(county, "granska")
    submit(county, "Skicka tillbaka med kommentarer")
    assert "Skriv vad verksamheten behöver rätta." in county.content()
    journey.check(county, "granska med fel")
    county.get_by_label("Vad behöver verksamheten rätta?").fill("Förklara kön vid årets slut.")
    submit(county, "Skicka tillbaka med kommentarer")
    assert "återsänd till verksamheten" in county.content()

    ombud.goto(base + f"{BASE}/arsredovisningar/{report_id}/")
    assert "Förklara kön vid årets slut." in ombud.content()
    ombud.get_by_role("link", name="Gör en ny version").click()
    journey.check(ombud, "ny version")
    ombud.get_by_label("Varför behövs en ny version?").fill("Kötiden förklarad.")
    submit(ombud, "Gör en ny version")
    ombud.wait_for_url("**/andra/")
    journey.check(ombud, "fyll i årsredovisning")
    ombud.get_by_label("Väntetid när det fanns kö").fill("Två veckor till tre månader")
    submit(ombud, "Spara och gå vidare till inskickning")
    submit(ombud, "Skicka in")

    county.goto(base + f"{BASE}/arsredovisningar/{report_id}/granska/")
    submit(county, "Godkänn")
    assert "Redovisningen är godkänd." in county.content()
    journey.check(county, "godkänd årsredovisning")
    journey.check(county, "äldre version", f"{BASE}/arsredovisningar/{report_id}/version/1/")
    journey.check(county, "årsredovisningens logg", f"{BASE}/arsredovisningar/{report_id}/logg/")
    journey.check(county, "jämför år", f"{BASE}/verksamheter/{p}/jamfor/")
    assert AcceptedFigures.objects.get().version.number == 2

    # 5. The national figures and the tillsyn assessment show it.
    public = browser.new_context(locale="sv-SE").new_page()
    public.goto(base + FIGURES)
    assert "Siffror från årsredovisningarna: hela landet 2025" in public.content()
    assert "färre än 5" in public.content()
    journey.check(public, "PO i siffror med årsredovisningar")
    journey.check(public, "PO i siffror, ett län", FIGURES + "redovisningar/ab/2025/")
    assessment = tillsyn.assessment_start(
        user=people["county"],
        programme=programme,
        year=2025,
        version=ChecklistVersion.objects.get(),
    )
    county.goto(base + f"/tillsyn/bedomningar/{assessment.pk}/omraden/rapportering/")
    text = county.content()
    assert "2025: version 2, godkänd. 25 klienter" in text
    journey.check(county, "tillsyn: området årlig rapportering")
    county.goto(base + f"/tillsyn/bedomningar/{assessment.pk}/omraden/systembrister/")
    assert "2025: 3 rapporter (socialtjänsten 2, försäkringskassan 1)" in county.content()

    # 6. Nobody outside sees any of it; a national reviewer sees the accepted report only.
    outsider = journey.sign_in(people["outsider"], f"{BASE}/verksamheter/*/")
    for url in (
        f"{BASE}/verksamheter/{p}/",
        f"{BASE}/systembrister/{first.pk}/",
        f"{BASE}/arenden/{first.case_id}/",
        f"{BASE}/arsredovisningar/{report_id}/",
        f"{BASE}/verksamheter/{p}/monster.pdf",
        f"{BASE}/lan/AB/",
    ):
        assert outsider.goto(base + url).status == 404, url
    reviewer = journey.sign_in(people["reviewer"], "/tillsyn/")
    journey.check(reviewer, "alla läns godkända", f"{BASE}/nationellt/")
    assert "PO Skärholmen" in reviewer.content()
    assert reviewer.goto(base + f"{BASE}/systembrister/{first.pk}/").status == 404
    nobody = journey.sign_in(UserFactory(username="ingen"), "/tillsyn/")
    journey.check(nobody, "ingen behörighet", f"{BASE}/", status=403)
    assert "inte behörighet till rapporteringen" in nobody.content()
    public.goto(base + f"{BASE}/")
    assert public.url.endswith("/konto/logga-in/?next=/tillsyn/rapportering/")

    assert len(journey.found) == 29
    assert {name: found for name, found in journey.found.items() if found} == {}
