"""Private stays private: content made private after it was cached, indexed and listed shows
nothing of itself, on any surface, to anyone without the right, while the right user reads it.

Each case builds a public page with a child, a section listing it, a page linking it and a
document, lets an anonymous visitor open everything (so the page cache holds it) and lets search
index it; then an editor makes the page or the document's collection private through the
admin, as editors do. The surfaces: the page and its child (from the page cache), the section's
list, the linking page, the sitemap, the search page (Swedish, English with its fallback to
Swedish, a misspelling), the search API and its suggestions, the pages API (list, search,
detail), the document's own address and the media folder. The visitors: anonymous, an account
signed in with its password only, a county user outside the chosen group, and the right user.

The page cache runs on Redis when REDIS_URL is set (as in CI), else in local memory. The scene
and the surfaces: scene.py; the fixtures: conftest.py.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Page

from portal.pagecache.middleware import HEADER
from search.models import SearchDocument
from tests.portal.privacy.scene import (
    DOCUMENT_BYTES,
    DOCUMENT_SECRET,
    DOCUMENT_SURFACES,
    PAGE_PASSWORD,
    PAGE_SURFACES,
    SECRET,
    VERIFY,
    leaks,
    make_collection_private,
    make_page_private,
    password_form_action,
    surfaces,
    warm_up,
)
from tests.portal.test_page_cache import RecordingBackend

pytestmark = pytest.mark.django_db


class TestPagesMadePrivate:
    @pytest.mark.parametrize("kind", ["password", "login", "groups"])
    def test_nothing_reaches_anyone_without_the_right(self, scene, editor, group, visitors, kind):
        warm_up(scene)
        make_page_private(editor, scene.page, kind, group)
        assert leaks(visitors.anonymous, scene, only=PAGE_SURFACES) == []
        assert leaks(visitors.password_only, scene, only=PAGE_SURFACES) == []
        if kind != "login":  # any account with its second factor is the right one for login
            assert leaks(visitors.outside_group, scene, only=PAGE_SURFACES) == []

    def test_the_page_cache_is_cleared_at_once(self, scene, editor):
        warm_up(scene)
        make_page_private(editor, scene.page, "password")
        response = Client().get(scene.page.url)
        assert response.get(HEADER) != "hit"
        assert SECRET not in response.content.decode()
        assert "Lösenord krävs" in response.content.decode()

    def test_the_password_form_shows_nothing_of_the_page(self, scene, editor):
        make_page_private(editor, scene.page, "password")
        response = Client().get(scene.page.url)
        text = response.content.decode()
        assert response.status_code == 200
        assert SECRET not in text
        assert "rutin" not in text.replace(scene.page.url, "")  # not even the slug
        assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]

    def test_the_right_visitor_reads_the_page_with_the_password(self, scene, editor):
        make_page_private(editor, scene.page, "password")
        reader = Client()
        action = password_form_action(reader.get(scene.page.url))
        wrong = reader.post(action, {"password": "fel", "return_url": scene.page.url})
        assert "Lösenordet du angav är inte korrekt" in wrong.content.decode()
        reader.post(action, {"password": PAGE_PASSWORD, "return_url": scene.page.url})
        for page in (scene.page, scene.child):
            response = reader.get(page.url)
            assert response.status_code == 200
            assert SECRET in response.content.decode()
            assert response.get(HEADER) is None  # a reader with a session is never cached

    @pytest.mark.parametrize("kind", ["login", "groups"])
    def test_accounts_need_their_second_factor(self, scene, editor, group, visitors, kind):
        make_page_private(editor, scene.page, kind, group)
        response = visitors.password_only.get(scene.page.url)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
        assert SECRET not in response.content.decode()
        assert "no-cache" in response["Cache-Control"]

    @pytest.mark.parametrize("kind", ["login", "groups"])
    def test_the_right_account_reads_the_page(self, scene, editor, group, visitors, kind):
        make_page_private(editor, scene.page, kind, group)
        for page in (scene.page, scene.child):
            response = visitors.member.get(page.url)
            assert response.status_code == 200, page.url
            assert SECRET in response.content.decode()
            assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    def test_a_county_user_outside_the_group_is_turned_away(self, scene, editor, group, visitors):
        make_page_private(editor, scene.page, "groups", group)
        response = visitors.outside_group.get(scene.page.url)
        assert response.status_code in {302, 403}
        assert SECRET not in response.content.decode()

    def test_made_public_again_everything_comes_back(self, scene, editor):
        warm_up(scene)
        make_page_private(editor, scene.page, "login")
        assert leaks(Client(), scene, only={"search", "section list"}) == []
        make_page_private(editor, scene.page, "none")
        assert sorted(leaks(Client(), scene, only={"search", "section list", "page"})) == [
            "page",
            "search",
            "section list",
        ]

    def test_changing_the_groups_keeps_the_page_private_and_the_cache_fresh(
        self, scene, editor, group, visitors
    ):
        make_page_private(editor, scene.page, "groups", group)
        other = Group.objects.create(name="Annan grupp")
        make_page_private(editor, scene.page, "groups", other)
        response = visitors.member.get(scene.page.url)
        assert response.status_code in {302, 403}
        assert leaks(Client(), scene, only=PAGE_SURFACES) == []

    def test_the_cdn_is_purged_of_the_page_its_family_and_the_sitemap(
        self, scene, editor, settings, django_capture_on_commit_callbacks
    ):
        settings.WAGTAILFRONTENDCACHE = {
            "test": {"BACKEND": f"{RecordingBackend.__module__}.RecordingBackend"}
        }
        RecordingBackend.purged = []
        with django_capture_on_commit_callbacks(execute=True):
            make_page_private(editor, scene.page, "password")
        purged = set(RecordingBackend.purged)
        for page in (scene.page, scene.child, scene.section):
            assert page.get_full_url() in purged
        assert "http://testserver/sitemap.xml" in purged


class TestDocumentsMadePrivate:
    @pytest.mark.parametrize("kind", ["password", "login", "groups"])
    def test_nothing_reaches_anyone_without_the_right(self, scene, editor, group, visitors, kind):
        warm_up(scene)
        make_collection_private(editor, scene.collection, kind, group)
        assert leaks(visitors.anonymous, scene, only=DOCUMENT_SURFACES) == []
        assert leaks(visitors.password_only, scene, only=DOCUMENT_SURFACES) == []
        if kind != "login":
            assert leaks(visitors.outside_group, scene, only=DOCUMENT_SURFACES) == []
        assert not SearchDocument.objects.filter(key=f"document:{scene.document.pk}").exists()

    def test_a_collection_below_a_private_one_is_private_too(self, scene, editor):
        below = scene.collection.add_child(name="Protokoll 2026")
        document = get_document_model().objects.create(
            title=f"{DOCUMENT_SECRET} bilaga till protokoll",
            collection=below,
            file=ContentFile(b"%PDF-1.4 protokoll", name="bilaga.pdf"),
        )
        assert SearchDocument.objects.filter(key=f"document:{document.pk}").exists()
        make_collection_private(editor, scene.collection, "login")
        assert not SearchDocument.objects.filter(key=f"document:{document.pk}").exists()
        response = Client().get(document.url)
        assert response.status_code == 302
        assert DOCUMENT_BYTES not in response.content.decode()

    def test_the_right_account_gets_the_file_after_its_second_factor(
        self, scene, editor, group, visitors
    ):
        make_collection_private(editor, scene.collection, "groups", group)
        step = visitors.password_only.get(scene.document.url)
        assert step.status_code == 302 and step["Location"].startswith(VERIFY)
        response = visitors.member.get(scene.document.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == DOCUMENT_BYTES.encode()

    def test_the_password_opens_the_document(self, scene, editor):
        make_collection_private(editor, scene.collection, "password")
        reader = Client()
        form = reader.get(scene.document.url)
        assert form.status_code == 200
        text = form.content.decode()
        assert "Lösenord krävs" in text and SECRET not in text
        action = password_form_action(form)
        reader.post(action, {"password": PAGE_PASSWORD, "return_url": scene.document.url})
        response = reader.get(scene.document.url)
        assert b"".join(response.streaming_content) == DOCUMENT_BYTES.encode()

    def test_made_public_again_it_is_found_again(self, scene, editor):
        make_collection_private(editor, scene.collection, "login")
        make_collection_private(editor, scene.collection, "none")
        assert SearchDocument.objects.filter(key=f"document:{scene.document.pk}").exists()
        assert DOCUMENT_BYTES in surfaces(Client(), scene)["document"]

    def test_the_cdn_is_purged_of_the_document(
        self, scene, editor, settings, django_capture_on_commit_callbacks
    ):
        settings.WAGTAILFRONTENDCACHE = {
            "test": {"BACKEND": f"{RecordingBackend.__module__}.RecordingBackend"}
        }
        RecordingBackend.purged = []
        with django_capture_on_commit_callbacks(execute=True):
            make_collection_private(editor, scene.collection, "login")
        assert "http://testserver" + scene.document.url in RecordingBackend.purged


class TestDeletingPrivatePages:
    def test_a_private_page_and_its_child_can_be_deleted(self, scene, editor):
        make_page_private(editor, scene.page, "password")
        response = editor.post(f"/admin/pages/{scene.page.pk}/delete/")
        assert response.status_code == 302
        assert not Page.objects.filter(pk__in=[scene.page.pk, scene.child.pk]).exists()
        assert not SearchDocument.objects.filter(title__startswith=f"{SECRET} r").exists()
        assert Client().get(scene.page.url).status_code == 404
