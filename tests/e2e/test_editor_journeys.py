"""The editor's daily journeys in the real Wagtail admin, each ending on the public page with
axe (issue 16, part 8): write a guidance page with a rule and a term, preview it, submit it to
"Granska och publicera" and have a Granskare approve it; schedule a change; search the admin;
upload an image with alt text and use it; bad input in the admin forms; two editors on one page.

The small guidance pack keeps each journey a few seconds. Between browser steps the test reads
the database only while no admin editor is open (`_leave`): the live server shares the test's
SQLite connection, and an editor's autosave and session pings would use it at the same time.
"""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.e2e.axe import violations_on
from tests.e2e.test_translation_journey import _editorial_users, _log_in

EDITOR = ("redaktor", "lösenord-123")
REVIEWER = ("granskare", "lösenord-456")
CONTEXT = {"locale": "sv-SE", "viewport": {"width": 1280, "height": 900}}


def _frame_width(page, frame, expected: int) -> int:
    """The preview frame's width once the admin has resized it (it does so after the click).

    The admin refreshes a preview by loading a new frame and then removing the old one; a
    frame removed while it is read is read again (CI's fast machine saw "Frame was detached")."""
    width = None
    for _ in range(50):
        try:
            width = frame.locator("html").evaluate("() => window.innerWidth")
        except PlaywrightError as error:
            if "detached" not in str(error):
                raise
        if width == expected:
            break
        page.wait_for_timeout(100)
    return width


@pytest.fixture
def site(guidance_content, django_user_model):
    """The small pack, with a Redaktör and a Granskare."""
    _editorial_users(django_user_model)
    return guidance_content


@pytest.fixture
def second_page(browser):
    """A second browser, for a second person."""
    context = browser.new_context(**CONTEXT)
    yield context.new_page()
    context.close()


def _leave(page):
    """Close the admin screen so that no background request runs while the test reads."""
    page.goto("about:blank")


def _guidance(slug):
    from guidance.models import GuidancePage

    return GuidancePage.objects.get(slug=slug, locale__language_code="sv")


def _add_block(page, label):
    page.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name=label, exact=True).click()


def _open_chooser(page, opener):
    """Click a chooser's button until its modal shows its search box.

    On a loaded machine, a click that lands before a new block's chooser has its handler, or
    while the admin swaps the form's parts after an autosave, opens nothing (CI saw it once in
    this journey); an editor would click again.
    """
    search_box = page.locator(".modal-dialog input[name=q]")
    for attempt in range(3):
        if not search_box.is_visible():
            opener.click()
        try:
            search_box.wait_for(state="visible", timeout=10_000)
            return
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise


def _choose_in_modal(page, search, choice):
    modal = page.locator(".modal-dialog")
    modal.locator("input[name=q]").fill(search)
    # Snippet and image choosers mark their choices one way, the page chooser another.
    choices = modal.locator("a[data-chooser-modal-choice], a.choose-page")
    choices.filter(has_text=choice).first.click()
    modal.wait_for(state="hidden")


def _expect_message(page, text):
    """The admin's message after saving; when it is another, the fields' errors say why."""
    expect(page.locator(".messages")).to_contain_text(re.compile(f"{text}|fel"))
    shown = page.locator(".messages").inner_text()
    errors = page.locator(".w-field__errors, .error-message").all_inner_texts()
    assert text in shown, f"{shown!r}; fältens fel: {[e.strip() for e in errors if e.strip()]}"


def _more_actions(page, action):
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name=action, exact=True).click()


def _no_axe_violations(page, url):
    assert violations_on(page, url) == []


# 1. Write, preview, submit, approve --------------------------------------------------------


def test_a_guidance_page_is_written_previewed_submitted_and_approved(page, second_page, site):
    from guidance.models import Rule

    parent = _guidance("stod")
    rule = Rule.objects.get(key="mb2011-malgrupp-1")
    _log_in(page, site, *EDITOR)
    page.goto(f"{site}/admin/pages/add/guidance/guidancepage/{parent.pk}/")
    page.fill("#id_title", "Ombudet och tystnaden")
    page.fill("#id_summary", "Vad ombudet berättar och för vem.")

    # Text with a glossary term, through the "Begrepp" button of the rich-text toolbar.
    _add_block(page, "Text med källor")
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("Ombudet är inte en god man")
    for _ in "god man":
        page.keyboard.press("Shift+ArrowLeft")
    _open_chooser(page, page.locator(".Draftail-ToolbarButton[name='TERM']"))
    page.locator(".modal-dialog").get_by_role("link", name="God man", exact=True).click()
    page.locator(".modal-dialog").wait_for(state="hidden")
    # A rule, through the snippet chooser and its search.
    _add_block(page, "Regel")
    _open_chooser(page, page.get_by_role("button", name="Välj regel"))
    _choose_in_modal(page, "målgrupp", str(rule))
    page.select_option("#id_audience", "ombud")
    page.fill("#id_content_owner", "Redaktionen")
    page.fill("#id_last_reviewed", "2026-12-01")
    page.fill("#id_next_review", "2027-12-01")
    page.keyboard.press("Escape")  # the date picker

    # The preview panel shows the draft, at the mobile width it opens with and on desktop.
    page.get_by_role("button", name="Växla förhandsgranskning").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text("Ombudet och tystnaden", timeout=20_000)
    expect(preview.locator("main")).to_contain_text("Målgruppen är personer 18 år")
    expect(preview.locator("main")).to_contain_text("En person som tingsrätten utser")
    assert _frame_width(page, preview, 375) == 375
    page.locator("input[name=preview-size][value=desktop]").check()
    expect(preview.locator("h1")).to_have_text("Ombudet och tystnaden")
    assert _frame_width(page, preview, 1280) == 1280

    # Wagtail 8 saves a new page as a draft by itself once the form is valid, then turns the
    # form into the page's edit form. Submitting before that first save has answered would
    # create the page twice (on PostgreSQL's threaded live server the two requests run at
    # once); an editor sees the "Sparad" mark first.
    page.wait_for_url("**/admin/pages/*/edit/", timeout=30_000)
    mail.outbox.clear()
    _more_actions(page, "Lämna in till Granska och publicera")
    _expect_message(page, "har blivit inlämnad för moderering")
    _leave(page)
    written = _guidance("ombudet-och-tystnaden")
    assert not written.live and written.workflow_in_progress
    assert page.request.get(f"{site}/sv/stod/ombudet-och-tystnaden/").status == 404
    # Wagtail tells the reviewers (the task's group) by e-mail; the test settings keep it here.
    notices = [m for m in mail.outbox if "g@example.org" in m.to]
    assert notices and "Ombudet och tystnaden" in notices[0].subject

    _log_in(second_page, site, *REVIEWER)
    task = second_page.locator("tr", has_text="Ombudet och tystnaden")
    task.get_by_role("button", name="Handlingar").click()
    task.get_by_role("button", name="Godkänn", exact=True).click()
    expect(second_page.locator("tr", has_text="Ombudet och tystnaden")).to_have_count(0)

    second_page.goto(f"{site}/sv/stod/ombudet-och-tystnaden/")
    expect(second_page.locator("h1")).to_have_text("Ombudet och tystnaden")
    expect(second_page.locator("main")).to_contain_text("Målgruppen är personer 18 år")
    term = second_page.locator("main a.term-ref", has_text="god man")
    assert term.get_attribute("aria-describedby")
    _no_axe_violations(second_page, f"{site}/sv/stod/ombudet-och-tystnaden/")


# 2. Schedule a change ------------------------------------------------------------------------


def test_a_scheduled_change_goes_live_when_publish_scheduled_runs(page, site):
    ethics = _guidance("etik")
    _log_in(page, site, *REVIEWER)
    page.goto(f"{site}/admin/pages/{ethics.pk}/edit/")
    page.fill("#id_title", "Etik i vardagen")
    page.get_by_role("button", name="Växla status").click()
    page.get_by_role("button", name="Sätt schema").click()
    dialog = page.locator("#schedule-publishing-dialog")
    # The admin takes local time; two minutes ahead, as an editor would set it.
    go_live = timezone.localtime() + datetime.timedelta(minutes=2)
    dialog.locator("#id_go_live_at").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The keyboard, as the date picker's calendar covers the button.
    dialog.get_by_role("button", name="Spara schema").press("Enter")
    expect(page.locator(".messages")).to_contain_text("har blivit uppdaterad")
    _more_actions(page, "Schemalägg publicering")
    expect(page.locator(".messages")).to_contain_text("schemalagd")
    _leave(page)

    ethics = _guidance("etik")
    assert ethics.scheduled_revision is not None and ethics.title == "Etik och dilemman"
    page.goto(f"{site}/sv/stod/etik/")
    expect(page.locator("h1")).to_have_text("Etik och dilemman")  # not before its time

    call_command("publish_scheduled")  # the clock has not reached the go-live time
    ethics.refresh_from_db()
    assert ethics.title == "Etik och dilemman"
    later = timezone.now() + datetime.timedelta(minutes=3)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")
    ethics = _guidance("etik")  # scheduled_revision is cached on the instance
    assert ethics.title == "Etik i vardagen" and ethics.scheduled_revision is None

    page.goto(f"{site}/sv/stod/etik/")
    expect(page.locator("h1")).to_have_text("Etik i vardagen")
    _no_axe_violations(page, f"{site}/sv/stod/etik/")


# 3. Search the admin ---------------------------------------------------------------------


def test_the_admin_search_listings_and_a_choosers_search_show_results(page, site):
    from guidance.models import Rule

    rule = Rule.objects.get(key="mb2011-malgrupp-1")
    ethics = _guidance("etik")
    _log_in(page, site, *REVIEWER)

    # The dashboard's search box leads to the page search.
    page.get_by_role("button", name="Sök").click()
    page.locator("#menu-search-q").fill("ombud")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/pages/search/?q=ombud")
    expect(page.locator("main")).to_contain_text("Om personligt ombud")

    # A snippet listing with ?q=, found by words of its text and by its key.
    for query in ("målgruppen", rule.key):
        response = page.goto(f"{site}/admin/snippets/guidance/rule/?q={query}")
        assert response.status == 200
        expect(page.locator("main table tbody tr")).to_have_count(1)
        expect(page.locator("main table")).to_contain_text(rule.text)

    # The page chooser of a StreamField block ("Relaterade sidor") searches too.
    page.goto(f"{site}/admin/pages/{_guidance('stod').pk}/edit/")
    _add_block(page, "Relaterade sidor")
    _open_chooser(page, page.get_by_role("button", name="Välj en sida").last)
    _choose_in_modal(page, "etik", ethics.title)
    _more_actions(page, "Publicera")
    expect(page.locator(".messages")).to_contain_text("har blivit publicerad")

    page.goto(f"{site}/sv/stod/")
    expect(page.locator("main").get_by_role("link", name=ethics.title).last).to_be_visible()
    _no_axe_violations(page, f"{site}/sv/stod/")


# 4. An image with alt text ---------------------------------------------------------------


def test_an_image_needs_alt_text_and_keeps_it_on_the_public_page(page, site, settings, tmp_path):
    from PIL import Image as PillowImage
    from wagtail.images.models import Image

    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "samtal.png"
    PillowImage.new("RGB", (640, 400), (30, 120, 90)).save(photo)
    alt = "Ett ombud och en klient samtalar vid ett köksbord."
    _log_in(page, site, *REVIEWER)
    page.goto(f"{site}/admin/images/multiple/add/")
    page.set_input_files("#fileupload", str(photo))
    upload = page.locator("#upload-list li").first
    upload.locator("[name$=title]").fill("Samtal vid köksbordet")

    # No alt text, a file name, an oversized text: refused in Swedish, the upload kept.
    for text, message in [
        ("", "Skriv en alternativtext som beskriver vad bilden visar."),
        ("samtal.png", "Ett filnamn är ingen alternativtext."),
        ("x" * 10_000, "har som mest 255 tecken"),
    ]:
        field = upload.locator("[name$=description]")
        field.evaluate("e => e.removeAttribute('maxlength')")
        field.fill(text)
        upload.locator("form [type=submit]").first.click()
        expect(upload.locator(".w-field__errors").filter(has_text=message)).to_have_count(1)
        expect(upload.locator("[name$=title]")).to_have_value("Samtal vid köksbordet")
    upload.locator("[name$=description]").fill(alt)
    upload.locator("form [type=submit]").first.click()
    # Saved: the pending upload's form leaves the list.
    expect(page.locator("#upload-list form [name$=description]")).to_have_count(0)
    _leave(page)
    assert Image.objects.get().description == alt

    # Placed on a page: the image block offers the library's alt text.
    page.goto(f"{site}/admin/pages/{_guidance('etik').pk}/edit/")
    _add_block(page, "Bild")
    _open_chooser(page, page.get_by_role("button", name="Välj en bild").last)
    _choose_in_modal(page, "samtal", "Samtal vid köksbordet")
    expect(page.locator("input[name$='-value-alt_text']").last).to_have_value(alt)
    _more_actions(page, "Publicera")
    expect(page.locator(".messages")).to_contain_text("har blivit publicerad")

    page.goto(f"{site}/sv/stod/etik/")
    expect(page.locator("main figure img")).to_have_attribute("alt", alt)
    _no_axe_violations(page, f"{site}/sv/stod/etik/")


# 5. Bad input in the admin's forms --------------------------------------------------------


def _record_script_dialog(dialog, found):
    """An alert is what injected script would show; leaving an edited form is no script."""
    if dialog.type == "beforeunload":
        dialog.accept()
    else:
        found.append(dialog.message)
        dialog.dismiss()


INJECTION = "<script>alert(1)</script>'; DROP TABLE wagtailcore_page; --"


def test_bad_input_in_admin_forms_gets_swedish_messages_and_loses_nothing(page, site):
    from wagtail.models import Page

    from guidance.models import Term

    dialogs = []
    page.on("dialog", lambda dialog: _record_script_dialog(dialog, dialogs))
    ethics = _guidance("etik")
    pages_before = Page.objects.count()
    _log_in(page, site, *REVIEWER)

    # A page: empty title, oversized summary, a date that is no date.
    page.goto(f"{site}/admin/pages/{ethics.pk}/edit/")
    page.fill("#id_title", "")
    page.locator("#id_summary").evaluate("e => e.removeAttribute('maxlength')")
    page.fill("#id_summary", "Sammanfattning " * 700)
    # Set after the date picker, which would otherwise replace it with today's date.
    page.locator("#id_last_reviewed").evaluate("e => { e.value = '2026-13-45' }")
    page.get_by_role("button", name="Spara utkast").click()
    expect(page.locator(".messages")).to_contain_text(
        "kunde inte sparas på grund av valideringsfel"
    )
    errors = page.locator(".w-field__errors")
    expect(errors.filter(has_text="Det här fältet är obligatoriskt.")).to_have_count(1)
    expect(errors.filter(has_text="som mest 400 tecken")).to_have_count(1)
    expect(errors.filter(has_text="Fyll i ett giltigt datum.")).to_have_count(1)
    # Nothing the editor wrote is lost, the body included.
    expect(page.locator("#id_summary")).to_have_value("Sammanfattning " * 700)
    expect(page.locator("#id_last_reviewed")).to_have_value("2026-13-45")
    expect(page.locator(".public-DraftEditor-content").first).to_contain_text("Etiska")

    # Injection-like text is only text: saved, published and shown as written.
    page.fill("#id_title", INJECTION)
    page.fill("#id_summary", "Etik.")
    page.fill("#id_last_reviewed", "2026-11-24")
    page.keyboard.press("Escape")
    _more_actions(page, "Publicera")
    expect(page.locator(".messages")).to_contain_text("har blivit publicerad")
    page.goto(f"{site}/sv/stod/etik/")
    expect(page.locator("h1")).to_have_text(INJECTION)
    _no_axe_violations(page, f"{site}/sv/stod/etik/")

    # A snippet: empty, malformed and oversized values; then injection-like text.
    term = Term.objects.get(slug="god-man", locale__language_code="sv")
    page.goto(f"{site}/admin/snippets/guidance/term/edit/{term.pk}/")
    page.fill("#id_term", "")
    # Set by script: the slug field's own script would tidy it on leaving the field.
    page.locator("#id_slug").evaluate("e => { e.value = 'inte en slug!' }")
    page.locator("#id_definition").evaluate("e => e.removeAttribute('maxlength')")
    page.fill("#id_definition", "d" * 10_000)
    page.get_by_role("button", name="Spara", exact=True).click()
    errors = page.locator(".w-field__errors")
    expect(errors.filter(has_text="Det här fältet är obligatoriskt.")).to_have_count(1)
    expect(errors.filter(has_text="giltig")).to_have_count(1)  # the slug
    expect(errors.filter(has_text="som mest 1500 tecken")).to_have_count(1)
    expect(page.locator("#id_definition")).to_have_value("d" * 10_000)
    page.fill("#id_term", "God man")
    page.fill("#id_slug", "god-man")
    page.fill("#id_definition", INJECTION)
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("God man")
    page.goto(f"{site}/sv/begrepp/")
    expect(page.locator("main")).to_contain_text(INJECTION)
    _no_axe_violations(page, f"{site}/sv/begrepp/")

    assert dialogs == []  # no script ran
    assert Page.objects.count() == pages_before  # and no table went away


# 6. Two editors on one page ------------------------------------------------------------


def test_two_editors_on_one_page_are_warned_and_lock_and_neither_loses_text(
    page, second_page, site, settings
):
    from wagtail.models import Revision

    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 1000  # Wagtail's 10 s, shortened
    ethics = _guidance("etik")
    edit_url = f"{site}/admin/pages/{ethics.pk}/edit/"
    editor, reviewer = page, second_page
    _log_in(editor, site, *EDITOR)
    _log_in(reviewer, site, *REVIEWER)
    editor.goto(edit_url)
    reviewer.goto(edit_url)

    # The reviewer saves first; the editor's autosave then refuses to overwrite it.
    reviewer.fill("#id_summary", "Granskarens nya sammanfattning.")
    reviewer.get_by_role("button", name="Spara utkast").click()
    expect(reviewer.locator(".messages")).to_contain_text("har blivit uppdaterad")
    editor.fill("#id_title", "Redaktörens nya rubrik")
    # The editor is warned, by whichever comes first: the refused autosave (Wagtail has this
    # warning only in English; the portal's catalogue gives it in Swedish), or the editing
    # session's ping, which names the other editor and then holds the autosave back.
    refused = editor.get_by_text("Om du sparar skriver du över en nyare version.").first
    pinged = editor.get_by_role("button", name="granskare saved a new version")
    expect(refused.or_(pinged).first).to_be_visible()
    # Saving by hand asks first, naming the other editor; the editor's text stays in the form.
    editor.get_by_role("button", name="Spara utkast").click()
    warning = editor.locator("#w-save-confirmation-dialog")
    expect(warning).to_contain_text("granskare saved a new version")
    expect(editor.locator("#id_title")).to_have_value("Redaktörens nya rubrik")
    warning.get_by_role("button", name="Spara utkast").click(no_wait_after=True)
    expect(editor.locator(".messages")).to_contain_text("har blivit uppdaterad", timeout=30_000)

    # The reviewer locks the page: the editor can read it but no longer save.
    reviewer.goto(edit_url)
    reviewer.get_by_role("button", name="Växla status").click()
    reviewer.locator("[data-side-panel='status']").get_by_text("Lås", exact=True).click()
    expect(reviewer.locator(".messages")).to_contain_text("låstes av dig")
    editor.goto(edit_url)
    expect(editor.locator(".messages")).to_contain_text("låstes av granskare")
    expect(editor.get_by_role("button", name="Spara utkast")).to_have_count(0)
    _leave(editor)
    _leave(reviewer)

    # Neither text is lost: both versions are in the page's history, named by their authors.
    revisions = Revision.page_revisions.filter(object_id=str(ethics.pk))
    by = {
        name: [r.content for r in revisions.filter(user__username=name)]
        for name in ("granskare", "redaktor")
    }
    assert "Granskarens nya sammanfattning." in [c["summary"] for c in by["granskare"]]
    assert "Redaktörens nya rubrik" in [c["title"] for c in by["redaktor"]]
    reviewer.goto(f"{site}/admin/pages/{ethics.pk}/history/")
    expect(reviewer.locator("main")).to_contain_text("redaktor")

    # The reviewer publishes the editor's version, which the public page then shows.
    reviewer.goto(edit_url)
    _more_actions(reviewer, "Publicera")
    expect(reviewer.locator(".messages")).to_contain_text("har blivit publicerad")
    reviewer.goto(f"{site}/sv/stod/etik/")
    expect(reviewer.locator("h1")).to_have_text("Redaktörens nya rubrik")
    _no_axe_violations(reviewer, f"{site}/sv/stod/etik/")
