"""The translation journey in the browser: a Redaktör translates a Swedish guidance page (a
draft; nothing live), submits the English page to "Granska och publicera", a Granskare approves
it; the Swedish page changes, the Redaktör syncs and submits again, and the English page shows
the change once approved. Axe on the public English page."""

import importlib

from tests.e2e.axe import violations_on


class _AppsWithPermissions:
    """The editorial groups' migration, run again on the emptied live-server database; the
    permissions it looks up exist (flush recreates them), so it needs no app configs."""

    def get_model(self, app_label, model_name=None):
        from django.apps import apps

        return apps.get_model(app_label, model_name)

    def get_app_configs(self):
        return []


def _editorial_users(django_user_model):
    from django.contrib.auth.models import Group

    # A browser test before this one may have emptied the database (flush recreates the models'
    # permissions, not those that migrations create), so wagtail-localize's is made again first.
    localize = importlib.import_module(
        "wagtail_localize.migrations.0006_create_submit_translation_permission"
    )
    localize.create_submit_translation_permission(_AppsWithPermissions(), None)
    migration = importlib.import_module("guidance.migrations.0002_editorial_groups")
    migration.create_groups_and_workflow(_AppsWithPermissions(), None)
    editor = django_user_model.objects.create_user("redaktor", "r@example.org", "lösenord-123")
    editor.groups.add(Group.objects.get(name="Redaktör"))
    reviewer = django_user_model.objects.create_user("granskare", "g@example.org", "lösenord-456")
    reviewer.groups.add(Group.objects.get(name="Granskare"))
    return editor, reviewer


def _log_in(page, base, username, password):
    page.goto(base + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/admin/")


def _approve(page_obj, reviewer):
    page_obj.refresh_from_db()
    page_obj.current_workflow_task_state.specific.approve(user=reviewer)


def test_translate_review_publish_change_sync_and_publish_again(
    page, guidance_content, django_user_model
):
    from wagtail.models import Locale, Page
    from wagtail_localize.models import TranslationSource

    from guidance.models import GuidancePage

    base = guidance_content
    editor, reviewer = _editorial_users(django_user_model)
    ethics = GuidancePage.objects.get(slug="etik", locale__language_code="sv")
    english = Locale.objects.get(language_code="en")

    _log_in(page, base, "redaktor", "lösenord-123")
    page.goto(f"{base}/admin/localize/submit/page/{ethics.pk}/")
    page.get_by_label("English").check()
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_load_state()
    translated = Page.objects.get(translation_key=ethics.translation_key, locale=english)
    assert not translated.live
    response = page.request.get(f"{base}/en/about-po/etik/")
    assert response.status == 404  # a draft: nothing live

    page.goto(f"{base}/admin/pages/{translated.pk}/edit/")
    page.get_by_role("button", name="Skicka översättningen till granskning").click()
    page.get_by_text("har skickats till granskning").wait_for()
    translated.refresh_from_db()
    assert translated.workflow_in_progress and not translated.live

    _approve(translated, reviewer)
    response = page.request.get(f"{base}/en/about-po/etik/")
    assert response.status == 200
    assert violations_on(page, f"{base}/en/about-po/etik/") == []

    ethics.refresh_from_db()
    ethics.title = "Etik och dilemman i vardagen"
    ethics.save_revision(user=reviewer).publish()

    source = TranslationSource.objects.get(object_id=ethics.translation_key)
    page.goto(f"{base}/admin/localize/update/{source.pk}/")
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    translated.refresh_from_db()
    assert translated.title == "Etik och dilemman"  # live page unchanged until review

    page.goto(f"{base}/admin/pages/{translated.pk}/edit/")
    page.get_by_role("button", name="Skicka översättningen till granskning").click()
    page.get_by_text("har skickats till granskning").wait_for()
    _approve(translated, reviewer)
    page.goto(f"{base}/en/about-po/etik/")
    assert page.locator("h1").inner_text().strip() == "Etik och dilemman i vardagen"
