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

The page cache runs on Redis when REDIS_URL is set (as in CI), else in local memory.
"""

import os
import uuid
from dataclasses import dataclass

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, PageViewRestriction

from portal.models import CacheClearPending, SiteSettings
from portal.pagecache.middleware import HEADER
from search.models import SearchDocument
from tests.factories import StandardPageFactory
from tests.factories.accounts import county_user, login_with_second_factor, totp_device
from tests.factories.guidance import GuidancePageFactory
from tests.portal.test_page_cache import RecordingBackend

pytestmark = pytest.mark.django_db

SECRET = "Hemlighetsfull"
DOCUMENT_SECRET = "Sekretessbelagt"
PAGE_PASSWORD = "ledningsgruppens-lösen"
GROUP = "Ledningsgrupp Jämtland"
VERIFY = "/konto/tvastegsverifiering/"


@pytest.fixture(autouse=True)
def page_cache(settings, tmp_path):
    """The page cache on Redis when REDIS_URL is set, else in local memory; files in tmp."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_DOCUMENTS_ROOT = tmp_path / "documents"
    settings.PORTAL_SERVE_MEDIA = True
    url = os.environ.get("REDIS_URL")
    if url:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "KEY_PREFIX": f"po-portalen-privacy-{uuid.uuid4().hex}",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@dataclass
class Scene:
    section: Page
    page: Page
    child: Page
    linker: Page
    document: object
    collection: Collection


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def scene(home) -> Scene:
    SiteSettings.for_site(home.get_site())
    section = publish(StandardPageFactory(parent=home, title="Om stödet", slug="om-stodet"))
    page = publish(
        GuidancePageFactory(
            parent=section,
            title=f"{SECRET} rutin",
            slug="rutin",
            summary=f"{SECRET} sammanfattning om ärenden.",
            body=[("text", {"text": f"<p>{SECRET} ärendehantering.</p>", "citations": []})],
        )
    )
    child = publish(StandardPageFactory(parent=page, title=f"{SECRET} bilaga", slug="bilaga"))
    linker = publish(
        GuidancePageFactory(
            parent=home,
            title="Läs vidare",
            slug="las-vidare",
            body=[("related_pages", {"heading": "Läs också", "pages": [page]})],
        )
    )
    collection = Collection.get_first_root_node().add_child(name="Ledningsgruppens handlingar")
    document = get_document_model().objects.create(
        title=f"{DOCUMENT_SECRET} protokoll",
        collection=collection,
        file=ContentFile(b"%PDF-1.4 protokoll", name="protokoll.pdf"),
    )
    return Scene(section, page, child, linker, document, collection)


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser(
        "redaktor-privat", "redaktor@example.invalid", "Redaktör-lösen-42"
    )
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def group(db):
    return Group.objects.create(name=GROUP)


@dataclass
class Visitors:
    anonymous: Client
    password_only: Client
    outside_group: Client
    member: Client


@pytest.fixture
def visitors(group) -> Visitors:
    password_only = Client()
    account = county_user(username="bara-losenord")  # in the group: only the code is missing
    account.groups.add(group)
    totp_device(account)
    password_only.force_login(account)  # the password step only: no code given
    outside_group = Client()
    login_with_second_factor(outside_group, county_user(username="annat-lan"))
    member = Client()
    insider = county_user(username="ledamot")
    insider.groups.add(group)
    login_with_second_factor(member, insider)
    return Visitors(Client(), password_only, outside_group, member)


DOCUMENT_BYTES = "%PDF-1.4 protokoll"
# Surfaces that say nothing of the content itself but may name its address (a password form
# sends the reader back there): for the others, the address alone is a leak.
GATES = {"page", "child page", "document", "document in media"}


def surfaces(client: Client, scene: Scene) -> dict[str, str]:
    """What each public surface shows this visitor (status and text)."""
    page, child = scene.page, scene.child

    def text(url: str) -> str:
        response = client.get(url)
        body = b"".join(response) if response.streaming else response.content
        return f"{response.status_code} {body.decode(errors='replace')}"

    return {
        "page": text(page.url),
        "child page": text(child.url),
        "section list": text(scene.section.url),
        "linking page": text(scene.linker.url),
        "sitemap": text("/sitemap.xml"),
        "search": text("/sv/sok/?q=hemlighetsfull"),
        "search, misspelt": text("/sv/sok/?q=hemlighetsfyll"),
        "search, English falls back to Swedish": text("/en/search/?q=hemlighetsfull"),
        "search API": text("/api/search/?q=hemlighetsfull"),
        "search API, lang=en": text("/api/search/?q=hemlighetsfull&lang=en"),
        "search API, documents": text("/api/search/?q=sekretessbelagt&type=dokument"),
        "search, documents": text("/sv/sok/?q=sekretessbelagt"),
        "suggestions": text("/api/search/suggest/?q=hemlig&lang=sv"),
        "pages API": text("/api/v2/pages/?fields=title&limit=20"),
        "pages API search": text("/api/v2/pages/?search=hemlighetsfull"),
        "pages API detail": text(f"/api/v2/pages/{page.pk}/"),
        "child in pages API": text(f"/api/v2/pages/{child.pk}/"),
        "document": text(scene.document.url),
        "document in media": text(f"/media/{scene.document.file.name}"),
    }


def leaks(client: Client, scene: Scene, *, only: set[str] | None = None) -> list[str]:
    """The surfaces that show anything of the private page, its child or the document."""
    found = []
    paths = (scene.page.url, scene.document.url)
    for name, shown in surfaces(client, scene).items():
        if only is not None and name not in only:
            continue
        markers = [SECRET, DOCUMENT_SECRET, DOCUMENT_BYTES, *([] if name in GATES else paths)]
        if any(marker in shown for marker in markers):
            found.append(name)
    return found


def password_form_action(response) -> str:
    document = BeautifulSoup(response.content, "html.parser")
    return document.find("input", attrs={"name": "password"}).find_parent("form")["action"]


def make_page_private(editor: Client, page: Page, kind: str, group: Group | None = None):
    """As an editor does: the page's privacy dialogue in the admin."""
    data = {"restriction_type": kind, "password": PAGE_PASSWORD if kind == "password" else ""}
    if kind == "groups":
        data["groups"] = [group.pk]
    response = editor.post(f"/admin/pages/{page.pk}/privacy/", data)
    assert response.status_code == 200
    assert '"step": "set_privacy_done"' in response.content.decode()


def make_collection_private(editor: Client, collection, kind: str, group: Group | None = None):
    data = {"restriction_type": kind, "password": PAGE_PASSWORD if kind == "password" else ""}
    if kind == "groups":
        data["groups"] = [group.pk]
    response = editor.post(f"/admin/collections/{collection.pk}/privacy/", data)
    assert response.status_code == 200
    assert '"step": "set_privacy_done"' in response.content.decode()


def warm_up(scene: Scene) -> None:
    """An anonymous visitor opens everything: the page cache holds it, search found it."""
    visitor = Client()
    shown = surfaces(visitor, scene)
    for name in ("page", "child page", "section list", "linking page", "search"):
        assert SECRET in shown[name], name
    for name in ("document", "search, documents", "search API, documents"):
        assert DOCUMENT_SECRET in shown[name] or DOCUMENT_BYTES in shown[name], name
    assert scene.page.url in shown["sitemap"]
    assert visitor.get(scene.page.url)[HEADER] == "hit"
    assert SearchDocument.objects.filter(title__startswith=SECRET).count() == 2
    assert SearchDocument.objects.filter(title__startswith=DOCUMENT_SECRET).count() == 1


ALL_SURFACES = None
PAGE_SURFACES = {
    "page",
    "child page",
    "section list",
    "linking page",
    "sitemap",
    "search",
    "search, misspelt",
    "search, English falls back to Swedish",
    "search API",
    "search API, lang=en",
    "suggestions",
    "pages API",
    "pages API search",
    "pages API detail",
    "child in pages API",
}
DOCUMENT_SURFACES = {"document", "document in media", "search API, documents", "search, documents"}


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
