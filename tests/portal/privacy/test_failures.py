"""Private stays private when things go wrong or someone tries: the page cache cannot be cleared
(Redis down, a CDN purge failing), a shared password is guessed at, and translations of a
private page follow it (the scene: tests/portal/privacy/scene.py)."""

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from portal.models import CacheClearPending
from portal.pagecache.middleware import HEADER
from tests.portal.privacy.scene import (
    PAGE_PASSWORD,
    SECRET,
    leaks,
    make_collection_private,
    make_page_private,
    password_form_action,
    warm_up,
)
from tests.portal.test_page_cache import RecordingBackend

pytestmark = pytest.mark.django_db


class TestWhenTheCacheCannotBeCleared:
    """Redis down or a purge failing: the change still goes through, editors are told, and no
    page is served from the cache until it has been cleared."""

    def test_pages_are_served_uncached_and_editors_warned_until_it_recovers(
        self, scene, editor, settings, monkeypatch
    ):
        from portal.pagecache import invalidation

        warm_up(scene)

        def unreachable():
            raise ConnectionError("Redis är nere")

        monkeypatch.setattr(invalidation, "replace_generation", unreachable)
        make_page_private(editor, scene.page, "password")
        assert CacheClearPending.objects.filter(target="cache").exists()
        response = Client().get(scene.page.url)
        assert response.get(HEADER) is None  # neither served from nor stored in the cache
        assert SECRET not in response.content.decode()
        assert leaks(Client(), scene, only={"section list", "linking page", "sitemap"}) == []
        dashboard = editor.get("/admin/")
        assert "Sidcachen kunde inte tömmas" in dashboard.content.decode()

        monkeypatch.undo()
        settings.PORTAL_PAGE_CACHE_RETRY_SECONDS = 0
        Client().get(scene.section.url)  # any request retries
        assert not CacheClearPending.objects.exists()
        assert Client().get(scene.section.url).get(HEADER) == "hit"
        assert "Sidcachen kunde inte tömmas" not in editor.get("/admin/").content.decode()

    def test_other_workers_notice_a_failure_they_did_not_see(self, scene, settings, monkeypatch):
        from portal.pagecache import invalidation

        warm_up(scene)
        CacheClearPending.objects.create(target="cache", error="en annan process")
        settings.PORTAL_PAGE_CACHE_CHECK_SECONDS = 0
        monkeypatch.setattr(
            invalidation, "replace_generation", lambda: (_ for _ in ()).throw(OSError("nere"))
        )
        response = Client().get(scene.page.url)
        assert response.get(HEADER) is None
        monkeypatch.undo()
        settings.PORTAL_PAGE_CACHE_RETRY_SECONDS = 0
        assert Client().get(scene.page.url).get(HEADER) == "miss"  # cleared: rendered anew
        assert not CacheClearPending.objects.exists()

    def test_a_failed_cdn_purge_is_remembered_warned_about_and_retried(
        self, scene, editor, settings, django_capture_on_commit_callbacks
    ):
        settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.FailingBackend"}}
        FailingBackend.failing, FailingBackend.purged = True, []
        with django_capture_on_commit_callbacks(execute=True):
            make_page_private(editor, scene.page, "login")
        pending = CacheClearPending.objects.get(target="cdn")
        assert scene.page.get_full_url() in pending.urls
        assert "CDN:en kunde inte rensas" in editor.get("/admin/").content.decode()
        fresh = Client().get(scene.section.url)
        assert "s-maxage=0" in fresh["Cache-Control"]  # the CDN may not keep pages meanwhile

        FailingBackend.failing = False
        settings.PORTAL_PAGE_CACHE_RETRY_SECONDS = 0
        Client().get(scene.linker.url)
        assert scene.page.get_full_url() in FailingBackend.purged
        assert not CacheClearPending.objects.exists()


class FailingBackend(RecordingBackend):
    """A CDN that reports failures the way Wagtail's backends do: in the log."""

    failing = True

    def purge(self, url):
        self.purge_batch([url])

    def purge_batch(self, urls):
        import logging

        if self.failing:
            logging.getLogger("wagtail.frontendcache").error("Couldn't purge: 503")
        else:
            type(self).purged.extend(urls)


class TestGuessingPasswords:
    """A shared password cannot be guessed at leisure: five wrong ones from one address lock it
    out of that restriction, as for signing in, and then not even the right one opens it."""

    @pytest.mark.parametrize("what", ["page", "document"])
    def test_five_wrong_passwords_lock_the_address_out(self, scene, editor, what):
        if what == "page":
            make_page_private(editor, scene.page, "password")
            url = scene.page.url
        else:
            make_collection_private(editor, scene.collection, "password")
            url = scene.document.url
        guesser = Client()
        action = password_form_action(guesser.get(url))
        for attempt in range(5):
            response = guesser.post(action, {"password": f"gissning-{attempt}", "return_url": url})
            assert response.status_code in {200, 429}
        locked = guesser.post(action, {"password": PAGE_PASSWORD, "return_url": url})
        assert locked.status_code == 429
        assert "Retry-After" in locked
        assert SECRET not in locked.content.decode()
        assert SECRET not in guesser.get(url).content.decode()
        # Another address is not locked out.
        other = Client(REMOTE_ADDR="10.0.0.99")
        assert other.post(action, {"password": PAGE_PASSWORD, "return_url": url}).status_code == 302


class TestTranslationsFollow:
    """An English page does not stay public beside its Swedish page made private."""

    @pytest.fixture
    def english(self, scene, home_en):
        from tests.conftest import translate

        translate(scene.section, "en", title="About support", slug="about-support")
        return translate(scene.page, "en", title="Mysterious routine", slug="routine")

    @pytest.mark.parametrize("kind", ["password", "login", "groups"])
    def test_the_translation_becomes_private_with_its_page(
        self, scene, editor, group, english, kind
    ):
        assert "Mysterious routine" in Client().get(english.url).content.decode()
        make_page_private(editor, scene.page, kind, group)
        restriction = PageViewRestriction.objects.get(page=english)
        assert restriction.restriction_type == kind
        if kind == "groups":
            assert list(restriction.groups.all()) == [group]
        response = Client().get(english.url)
        assert "Mysterious routine" not in response.content.decode()
        found = Client().get("/api/search/?q=mysterious&lang=en").content.decode()
        assert "Mysterious" not in found

    def test_and_public_again_with_it(self, scene, editor, english):
        make_page_private(editor, scene.page, "login")
        make_page_private(editor, scene.page, "none")
        assert not PageViewRestriction.objects.filter(page=english).exists()
        assert "Mysterious routine" in Client().get(english.url).content.decode()

    def test_a_translation_made_private_alone_leaves_its_source_alone(self, scene, editor, english):
        make_page_private(editor, english, "login")
        assert not PageViewRestriction.objects.filter(page=scene.page).exists()
        assert SECRET in Client().get(scene.page.url).content.decode()
