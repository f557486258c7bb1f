"""The onboarding path in a real browser: a new ombud walks two modules with the keyboard,
answers a scenario, marks modules as done, sees the progress and starts over; axe-core finds
nothing on the overview, a module or the feedback, at desktop and at 375 px."""

import pytest
from playwright.sync_api import expect

from onboarding.cookies import COOKIE_NAME
from tests.e2e.axe import violations

PATH = "/sv/for-personliga-ombud/introduktion-for-nya-ombud/"
PATH_EN = "/en/for-personal-ombudsmen/introduction-for-new-ombudsmen/"


def press(page, locator) -> None:
    """Reach a control with the keyboard: focus it, then Enter."""
    locator.focus()
    page.keyboard.press("Enter")


def test_a_new_ombud_walks_the_path_with_the_keyboard(page, content):
    page.goto(content + PATH)
    expect(page.locator(".onboarding-progress__count")).to_have_text("0 av 12 moduler klara")

    press(page, page.get_by_role("link", name="Börja med Uppdraget"))
    page.wait_for_url("**/modul/uppdraget/")
    expect(page.locator("h1")).to_have_text("Uppdraget")
    press(page, page.get_by_role("button", name="Markera modulen som klar"))
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Modulen är markerad som klar.")
    expect(page.locator(".onboarding-module__state")).to_have_text(
        "Du har markerat modulen som klar."
    )

    press(page, page.locator("a[rel=next]"))
    page.wait_for_url("**/modul/malgruppen/")
    expect(page.locator("h1")).to_have_text("Målgruppen")

    # A wrong answer first, chosen with the arrow keys, then the right one.
    page.locator("#ovning-utan-diagnos-ja").focus()
    page.keyboard.press("ArrowDown")  # moves to and selects "Nej, han måste först ha en diagnos"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**svar=nej-diagnos*")
    feedback = page.locator("#ovning-utan-diagnos .scenario__feedback")
    expect(feedback).to_contain_text("Inte riktigt.")
    expect(feedback).to_contain_text("Rätt svar är: Ja, han kan höra till målgruppen.")
    expect(feedback).to_contain_text("Meddelandeblad")

    page.locator("#ovning-utan-diagnos-ja").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**svar=ja*")
    expect(feedback).to_contain_text("Rätt.")

    press(page, page.get_by_role("button", name="Markera modulen som klar"))
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("Modulen är markerad som klar.")
    assert any(cookie["name"] == COOKIE_NAME for cookie in page.context.cookies())

    press(page, page.get_by_role("link", name="Översikten (2 av 12 klara)"))
    page.wait_for_url("**" + PATH)
    expect(page.locator(".onboarding-progress__count")).to_have_text("2 av 12 moduler klara")
    states = page.locator(".onboarding-modules .onboarding-state").all_inner_texts()
    assert [s.replace("✓", "").strip() for s in states[:3]] == ["Klar", "Klar", "Inte klar"]
    expect(page.get_by_role("link", name="Fortsätt med Arbetsuppgifterna")).to_be_visible()

    press(page, page.get_by_role("link", name="Börja om från början"))
    page.wait_for_url("**/borja-om/")
    expect(page.locator("main")).to_contain_text("Du har markerat 2 moduler som klara.")
    press(page, page.get_by_role("button", name="Ja, börja om"))
    page.wait_for_url("**" + PATH)
    expect(page.locator(".onboarding-progress__count")).to_have_text("0 av 12 moduler klara")
    assert not any(cookie["name"] == COOKIE_NAME for cookie in page.context.cookies())


@pytest.mark.parametrize("width", [1280, 375])
def test_no_axe_violations_on_the_path(page, content, width):
    page.set_viewport_size({"width": width, "height": 900})
    found = {}
    screens = {
        "översikt": PATH,
        "modul": PATH + "modul/granserna/",
        "rätt svar": PATH + "modul/granserna/?ovning=medicinen&svar=psykiatrin#ovning-medicinen",
        "fel svar": PATH + "modul/andra-roller/?ovning=rakningarna&svar=ombud",
        "felaktigt svar": PATH + "modul/andra-roller/?ovning=rakningarna&svar=okant",
        "börja om": PATH + "borja-om/",
        "overview (en)": PATH_EN,
        "module (en)": PATH_EN + "modul/andra-roller/?ovning=rakningarna&svar=god-man",
        "historisk modul": PATH + "modul/nationell-utbildning/",
        "historisk modul (en)": PATH_EN + "modul/ledningsgruppens-utbildning/",
    }
    for name, url in screens.items():
        response = page.goto(content + url)
        assert response.status == 200, name
        found[name] = violations(page)
    # The done state and its message.
    page.goto(content + PATH + "modul/granserna/")
    page.get_by_role("button", name="Markera modulen som klar").click()
    page.wait_for_load_state()
    found["klar modul"] = violations(page)
    page.goto(content + PATH)
    found["översikt med framsteg"] = violations(page)
    assert {name: v for name, v in found.items() if v} == {}
