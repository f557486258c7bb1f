"""Translation cannot bypass review: a Redaktör can translate, sync and submit, never make a page
live, by any path the admin offers; the pack's English pages are wagtail-localize translations."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from guidance.models import GuidancePage
from portal.content_pack.translations import translations_link
from portal.selectors import translations_out_of_date

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(small_pack):
    """The small guidance pack, loaded once for this module (tests/conftest.py)."""
    return small_pack


def member_of(group: str, name: str):
    user = get_user_model().objects.create_user(name, f"{name}@example.invalid", "x")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(client, pack, db):
    user = member_of("Redaktör", "redaktor")
    client.force_login(user)
    return user


def swedish(slug: str) -> GuidancePage:
    return GuidancePage.objects.get(slug=slug, locale__language_code="sv")


def english_of(page: Page) -> Page:
    return page.get_translation(Locale.objects.get(language_code="en")).specific


def publish_swedish_change(page: GuidancePage, **fields) -> None:
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision(user=member_of("Granskare", "granskare-sv")).publish()


def sync_url(page: Page) -> str:
    source = TranslationSource.objects.get(object_id=page.translation_key, locale=page.locale)
    return reverse("wagtail_localize:update_translations", args=[source.pk])


# Linking the pack's English pages ------------------------------------------------------------


def test_the_packs_english_pages_are_wagtail_localize_translations(pack, db):
    about = swedish("stod")
    translation = Translation.objects.get(
        source__object_id=about.translation_key, target_locale__language_code="en"
    )
    assert translation.enabled and translation.source.locale.language_code == "sv"
    assert "Om personligt ombud [en]" in pack.translations.linked
    english = Locale.objects.get(language_code="en")
    texts = set(
        StringTranslation.objects.filter(
            locale=english, context__object_id=about.translation_key
        ).values_list("data", flat=True)
    )
    # Paired by place, not by position: the English page's first text block is the Swedish
    # page's first text block, although a heading comes before it in Swedish.
    assert {"About personal ombudsmen", "Summary.", "about-po"} <= texts
    assert any("trustee" in text for text in texts)


def test_linking_again_changes_nothing(pack, db):
    before = StringTranslation.objects.count(), TranslationSource.objects.count()
    report = translations_link()
    assert report.linked == [] and report.updated == []
    assert len(report.unchanged) == len(pack.translations.linked)
    assert (StringTranslation.objects.count(), TranslationSource.objects.count()) == before


def test_an_existing_installation_is_linked_and_an_editors_swedish_change_shows_as_out_of_date(
    pack, db
):
    """Installations loaded before linking existed have plain English pages: the step links
    them to the Swedish page as the pack wrote it, so an editor's later change is out of date."""
    Translation.objects.all().delete()
    TranslationSource.objects.all().delete()
    about = swedish("stod")
    publish_swedish_change(about, summary="Redaktörens nya sammanfattning.")
    report = translations_link()
    assert "Om personligt ombud [en]" in report.linked
    source = TranslationSource.objects.get(object_id=about.translation_key)
    assert "Sammanfattning." in source.content_json
    assert "Redaktörens nya" not in source.content_json
    assert about.pk in {page.pk for page, _translation in translations_out_of_date()}


def test_a_translation_an_editor_has_changed_is_left_alone(pack, db):
    about = swedish("stod")
    english = english_of(about)
    english.title = "Changed by an editor"
    english.save_revision().publish()
    publish_swedish_change(about, summary="Ändrad.")
    source_before = TranslationSource.objects.get(object_id=about.translation_key).content_json
    report = translations_link()
    assert "Om personligt ombud [en]" in report.unchanged
    after = TranslationSource.objects.get(object_id=about.translation_key).content_json
    assert after == source_before


def test_pages_without_an_original_or_aliases_are_not_linked(pack, db):
    english = Locale.objects.get(language_code="en")
    home_en = Page.objects.get(locale=english, depth=2)
    lonely = GuidancePage(
        title="Only in English",
        slug="only-english",
        locale=english,
        summary="x",
        audience="stod",
        content_owner="x",
        last_reviewed="2026-01-01",
        next_review="2027-01-01",
    )
    home_en.add_child(instance=lonely)
    report = translations_link()
    assert "Only in English [en]" not in report.linked + report.updated + report.unchanged
    assert not Translation.objects.filter(source__object_id=lonely.translation_key).exists()


# Translating ----------------------------------------------------------------------------------


def test_translating_makes_a_draft_and_nothing_live(client, editor):
    ethics = swedish("etik")
    english = Locale.objects.get(language_code="en")
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[ethics.pk]),
        {"locales": [english.pk]},
    )
    assert response.status_code == 302
    translated = english_of(ethics)
    assert not translated.live and translated.has_unpublished_changes
    ethics.refresh_from_db()
    assert ethics.live and ethics.title == "Etik och dilemman"


def test_the_setting_is_off(settings):
    assert settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE is False


def test_translating_a_subtree_makes_drafts_only(client, editor):
    english = Locale.objects.get(language_code="en")
    parent = swedish("etik")
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[parent.pk]),
        {"locales": [english.pk], "include_subtree": "on"},
    )
    translated = Page.objects.filter(
        locale=english,
        translation_key__in=Page.objects.filter(
            pk__in=[parent.pk, *parent.get_descendants().values_list("pk", flat=True)]
        ).values("translation_key"),
    )
    assert translated.exists()
    assert not translated.filter(live=True).exists()


# Syncing ---------------------------------------------------------------------------------------


def test_a_redaktor_cannot_publish_when_syncing(client, editor):
    about = swedish("stod")
    english = english_of(about)
    live_revision = english.live_revision_id
    publish_swedish_change(about, summary="Ny sammanfattning.")
    response = client.post(sync_url(about), {"publish_translations": "on"})
    assert response.status_code == 200
    assert "Du har inte behörighet att publicera översättningarna" in response.content.decode()
    english.refresh_from_db()
    assert english.live_revision_id == live_revision and english.summary == "Summary."
    source = TranslationSource.objects.get(object_id=about.translation_key)
    assert "Ny sammanfattning." not in source.content_json  # nothing was synced either


def test_a_redaktor_syncs_into_a_draft_submits_it_and_a_reviewer_publishes(client, editor):
    about = swedish("stod")
    english = english_of(about)
    publish_swedish_change(about, summary="Ny sammanfattning.")
    assert about.pk in {page.pk for page, _t in translations_out_of_date()}
    response = client.post(sync_url(about), {})
    assert response.status_code == 302
    assert about.pk not in {page.pk for page, _t in translations_out_of_date()}
    english.refresh_from_db()
    assert english.summary == "Summary."  # the live page is unchanged
    draft = english.get_latest_revision_as_object()
    assert draft.summary == "Ny sammanfattning."  # the new Swedish text, until translated
    assert draft.title == "About personal ombudsmen"  # what was translated stays

    response = client.post(reverse("portal_translation_submit_for_review", args=[english.pk]))
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.workflow_in_progress and english.summary == "Summary."
    again = client.post(
        reverse("portal_translation_submit_for_review", args=[english.pk]), follow=True
    )
    assert "Översättningen väntar redan på granskning." in again.content.decode()

    reviewer = member_of("Granskare", "granskare")
    assert english.current_workflow_task_state.task.specific.get_actions(english, editor) == []
    english.current_workflow_task_state.specific.approve(user=reviewer)
    english.refresh_from_db()
    assert english.live and english.summary == "Ny sammanfattning."
    assert english.title == "About personal ombudsmen"


def test_submitting_a_page_that_is_no_translation_is_refused(client, editor):
    ethics = swedish("etik")
    response = client.post(
        reverse("portal_translation_submit_for_review", args=[ethics.pk]), follow=True
    )
    assert "Sidan är ingen översättning som hålls i synk." in response.content.decode()
    assert not ethics.workflow_in_progress


def test_submitting_needs_a_post_an_existing_page_and_the_right_to_edit(client, pack, db):
    english = english_of(swedish("stod"))
    url = reverse("portal_translation_submit_for_review", args=[english.pk])
    client.force_login(member_of("Redaktör", "r2"))
    assert client.get(url).status_code == 405
    assert (
        client.post(reverse("portal_translation_submit_for_review", args=[999999])).status_code
        == 404
    )
    nobody = get_user_model().objects.create_user("ingen", "i@example.invalid", "x")
    client.force_login(nobody)
    assert client.post(url).status_code in (302, 403)  # no admin access at all
    english.refresh_from_db()
    assert not english.workflow_in_progress


def test_the_translation_editor_offers_review(client, editor):
    english = english_of(swedish("stod"))
    response = client.get(reverse("wagtailadmin_pages:edit", args=[english.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Skicka översättningen till granskning" in content
    assert reverse("portal_translation_submit_for_review", args=[english.pk]) in content


# Every other path to live ----------------------------------------------------------------------


def test_a_redaktor_cannot_publish_from_the_translation_editor(client, editor):
    english = english_of(swedish("stod"))
    live_revision = english.live_revision_id
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[english.pk]), {"action": "publish"}
    )
    # Wagtail answers a refused admin action with a redirect to the dashboard and a message.
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    english.refresh_from_db()
    assert english.live_revision_id == live_revision


def test_a_redaktor_cannot_publish_by_converting_to_an_alias(client, editor):
    ethics = swedish("etik")
    english = Locale.objects.get(language_code="en")
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[ethics.pk]),
        {"locales": [english.pk]},
    )
    translated = english_of(ethics)
    url = reverse("wagtail_localize:convert_to_alias", args=[translated.pk])
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or response.url == reverse("wagtailadmin_home")
    translated.refresh_from_db()
    assert not translated.live and translated.alias_of_id is None


def test_a_reviewer_may_convert_to_an_alias(client, pack, db):
    ethics = swedish("etik")
    english = Locale.objects.get(language_code="en")
    client.force_login(member_of("Granskare", "g2"))
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[ethics.pk]),
        {"locales": [english.pk]},
    )
    translated = english_of(ethics)
    response = client.post(reverse("wagtail_localize:convert_to_alias", args=[translated.pk]))
    assert response.status_code == 302
    translated.refresh_from_db()
    assert translated.alias_of_id == ethics.pk


def test_a_redaktor_cannot_publish_by_bulk_action(client, editor):
    ethics = swedish("etik")
    ethics.save_revision(user=editor)  # a draft to publish
    ethics.unpublish()
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
    response = client.post(f"{url}?id={ethics.pk}", {"include_descendants": "on"})
    assert response.status_code in (200, 302, 403)
    ethics.refresh_from_db()
    assert not ethics.live


def test_a_redaktor_cannot_publish_a_copy(client, editor):
    ethics = swedish("etik")
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=[ethics.pk]),
        {
            "new_title": "Etik, kopia",
            "new_slug": "etik-kopia",
            "new_parent_page": str(ethics.get_parent().pk),
            "publish_copies": "on",
            "alias": "on",
        },
    )
    assert response.status_code in (200, 302)
    copy = Page.objects.filter(slug="etik-kopia").first()
    assert copy is None or (not copy.live and copy.alias_of_id is None)


def form_fields(html: str) -> dict:
    """What the browser would send from the admin's page form, without JavaScript."""
    form = BeautifulSoup(html, "html.parser").find("form", id="page-edit-form")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "button", "file"):
            continue
        if field.get("type") in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        else:
            data[name] = field.get("value", "")
    return data


def test_a_redaktor_cannot_publish_by_reverting(client, editor):
    glossary = Page.objects.get(slug="begrepp", locale__language_code="sv").specific
    old_revision = glossary.live_revision
    glossary.title = "Begrepp, nyare"
    glossary.save_revision(user=member_of("Granskare", "g3")).publish()
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[glossary.pk, old_revision.pk])
    response = client.get(revert)
    assert response.status_code == 200
    data = form_fields(response.content.decode())
    assert data["title"] == "Begrepp A–Ö"
    response = client.post(revert, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302
    glossary.refresh_from_db()
    assert glossary.title == "Begrepp, nyare"  # still live as the reviewer published it
    assert glossary.get_latest_revision_as_object().title == "Begrepp A–Ö"  # a draft only


def test_the_api_writes_nothing(client, editor):
    about = swedish("stod")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v2/pages/{about.pk}/", {"title": "x"}, content_type="application/json"
        )
        assert response.status_code in (404, 405)
    about.refresh_from_db()
    assert about.title == "Om personligt ombud"


def test_editing_a_string_through_the_localize_api_publishes_nothing(client, editor):
    about = swedish("stod")
    english = english_of(about)
    translation = Translation.objects.get(
        source__object_id=about.translation_key, target_locale=english.locale
    )
    segment = translation.source.stringsegment_set.get(context__path="summary")
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
        "value=Changed+summary.",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    english.refresh_from_db()
    assert english.summary == "Summary."


def test_a_draft_of_a_live_translation_leaves_the_live_page_alone(pack, db):
    """wagtail-localize writes a draft into the page's row; the portal's guard keeps it a
    revision (portal.translation_review.install)."""
    about = swedish("stod")
    english = english_of(about)
    publish_swedish_change(about, summary="Ändrad sammanfattning.")
    translation = Translation.objects.get(
        source__object_id=about.translation_key, target_locale=english.locale
    )
    translation.source.update_from_db()
    translation.save_target(publish=False)
    english.refresh_from_db()
    assert english.live and english.summary == "Summary." and english.has_unpublished_changes
    assert english.get_latest_revision_as_object().summary == "Ändrad sammanfattning."


def test_the_guard_wraps_the_method_it_expects():
    import inspect

    method = TranslationSource.create_or_update_translation
    assert getattr(method, "portal_guarded", False)
    parameters = list(inspect.signature(method.__wrapped__).parameters)
    assert parameters == ["self", "locale", "user", "publish", "copy_parent_pages", "fallback"]
