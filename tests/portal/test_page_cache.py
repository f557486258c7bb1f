"""The anonymous page cache: what it serves, what it never stores, and what clears it."""

import gzip
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory
from django.utils.http import http_date
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import Page

from portal.pagecache import shared
from portal.pagecache.middleware import HEADER, PageCacheMiddleware
from portal.pagecache.store import GENERATION_KEY
from tests.conftest import translate
from tests.factories import StandardPageFactory
from tests.factories.guidance import (
    GlossaryPageFactory,
    GuidancePageFactory,
    RoleComparisonPageFactory,
    RoleProfileFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db


def status_of(client, url, **headers) -> str | None:
    return client.get(url, headers=headers).get(HEADER)


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.fixture(autouse=True)
def site_settings(db):
    """The footer's settings are created on the first request otherwise, which is a change."""
    from wagtail.models import Site

    from portal.models import SiteSettings

    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


@pytest.fixture
def section(home):
    return StandardPageFactory(parent=home, title="Om personligt ombud", slug="om-po")


def comparison_page(parent, roles):
    from guidance.models import ComparedAttribute, ComparedRole

    page = RoleComparisonPageFactory.build(slug="vem-gor-vad")
    for role in roles:
        page.compared_roles.add(ComparedRole(role=role))
    page.compared_attributes.add(ComparedAttribute(attribute="tasks"))
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class TestServing:
    def test_the_second_anonymous_view_comes_from_the_cache_without_the_database(
        self, client, section, django_assert_num_queries
    ):
        first = client.get("/sv/om-po/")
        assert first.status_code == 200
        assert first[HEADER] == "miss"
        with django_assert_num_queries(0):
            second = client.get("/sv/om-po/")
        assert second[HEADER] == "hit"
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]

    def test_stored_pages_carry_validators_and_ask_browsers_to_revalidate(self, client, section):
        response = client.get("/sv/om-po/")
        assert response["ETag"].startswith('"')
        assert response["Last-Modified"]
        cache_control = response["Cache-Control"]
        assert "max-age=0" in cache_control
        assert "must-revalidate" in cache_control
        assert "s-maxage" not in cache_control  # no CDN configured, so none may keep it

    def test_a_purged_cdn_may_keep_public_pages(self, client, section, settings):
        settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
        settings.PORTAL_SHARED_CACHE_SECONDS = 600
        assert "s-maxage=600" in client.get("/sv/om-po/")["Cache-Control"]

    def test_an_unchanged_page_answers_304_to_etag_and_date(self, client, section):
        first = client.get("/sv/om-po/")
        by_etag = client.get("/sv/om-po/", headers={"If-None-Match": first["ETag"]})
        assert by_etag.status_code == 304
        assert by_etag.content == b""
        by_date = client.get("/sv/om-po/", headers={"If-Modified-Since": first["Last-Modified"]})
        assert by_date.status_code == 304

    def test_a_changed_page_answers_200_to_the_old_etag(self, client, section):
        first = client.get("/sv/om-po/")
        section.title = "Om personligt ombud (ny)"
        section.save_revision().publish()
        again = client.get("/sv/om-po/", headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 200
        assert "Om personligt ombud (ny)" in text_of(again)

    def test_a_stale_date_is_not_enough_for_304(self, client, section):
        client.get("/sv/om-po/")
        long_ago = http_date(0)
        assert client.get("/sv/om-po/", headers={"If-Modified-Since": long_ago}).status_code == 200

    def test_the_page_cache_can_be_turned_off(self, client, section, settings):
        settings.PORTAL_PAGE_CACHE = False
        client.get("/sv/om-po/")
        assert status_of(client, "/sv/om-po/") is None

    def test_an_unreachable_cache_still_serves_the_page(self, client, section):
        down = mock.Mock(side_effect=ConnectionError("redis down"))
        with mock.patch("portal.pagecache.middleware.current_generation", down):
            response = client.get("/sv/om-po/")
        assert response.status_code == 200
        assert "Om personligt ombud" in text_of(response)

    @pytest.mark.parametrize("failing", ["get", "set"])
    def test_a_failing_cache_read_or_write_still_serves_the_page(self, client, section, failing):
        broken = mock.Mock(spec=["get", "set"])
        broken.get.return_value = None
        getattr(broken, failing).side_effect = ConnectionError("redis down")
        with mock.patch("portal.pagecache.middleware.cache", broken):
            response = client.get("/sv/om-po/")
        assert response.status_code == 200
        assert "Om personligt ombud" in text_of(response)
        assert getattr(broken, failing).called

    def test_gzipped_and_plain_copies_are_kept_apart_and_served_as_stored(self, client, section):
        plain = client.get("/sv/om-po/")
        zipped = client.get("/sv/om-po/", headers={"Accept-Encoding": "gzip, br"})
        assert zipped[HEADER] == "miss"  # its own entry, compressed once
        again = client.get("/sv/om-po/", headers={"Accept-Encoding": "gzip"})
        assert again[HEADER] == "hit"
        assert again["Content-Encoding"] == "gzip"
        assert gzip.decompress(again.content) == plain.content
        assert again["ETag"] != plain["ETag"]  # different bytes, different validators
        assert client.get("/sv/om-po/")[HEADER] == "hit"
        assert "Content-Encoding" not in client.get("/sv/om-po/")

    def test_query_strings_are_part_of_the_key(self, client, section):
        client.get("/sv/om-po/?fran=nyhetsbrev")
        assert status_of(client, "/sv/om-po/?fran=nyhetsbrev") == "hit"
        assert status_of(client, "/sv/om-po/?fran=annat") == "miss"

    @pytest.mark.parametrize("path", ["/sv/sok/?q=ombud", "/api/search/?q=ombud"])
    def test_every_search_reaches_the_view_so_that_it_is_counted(self, client, home, path):
        from search.models import SearchQueryDay

        first = client.get(path)
        second = client.get(path)
        assert HEADER not in second
        assert "no-cache" in second["Cache-Control"]
        assert first.status_code == second.status_code == 200
        assert SearchQueryDay.objects.get(query="ombud").searches == 2


class TestNeverShared:
    def test_a_signed_in_editor_never_gets_the_anonymous_copy(self, client, section):
        client.get("/sv/om-po/")
        editor = get_user_model().objects.create_superuser("redaktor", "r@example.se", "x" * 16)
        client.force_login(editor)
        response = client.get("/sv/om-po/")
        assert HEADER not in response
        assert b"wagtail-userbar" in response.content  # rendered for them, not from the cache

    def test_what_a_signed_in_user_sees_is_never_stored(self, client, section):
        editor = get_user_model().objects.create_superuser("redaktor", "r@example.se", "x" * 16)
        client.force_login(editor)
        client.get("/sv/om-po/")
        client.logout()
        anonymous = client.get("/sv/om-po/")
        assert b"wagtail-userbar" not in anonymous.content

    @pytest.mark.parametrize("cookie", ["sessionid", "messages", "po_onboarding", "anything_else"])
    def test_requests_with_personal_cookies_bypass_the_cache(self, client, section, cookie):
        client.get("/sv/om-po/")
        client.cookies[cookie] = "value"
        assert status_of(client, "/sv/om-po/") is None

    def test_the_csrf_cookie_alone_does_not_make_a_page_personal(self, client, section):
        client.get("/sv/om-po/")
        client.cookies["csrftoken"] = "x" * 32
        assert status_of(client, "/sv/om-po/") == "hit"

    @pytest.mark.parametrize("path", ["/tillsyn/", "/konto/logga-in/", "/admin/", "/healthz"])
    def test_tool_account_admin_and_health_are_never_looked_up_or_stored(self, client, home, path):
        client.get(path)
        assert status_of(client, path) is None

    def test_a_preview_is_never_stored(self, admin_client, section):
        url = f"/admin/pages/{section.pk}/edit/preview/"
        admin_client.get(url)
        assert HEADER not in admin_client.get(url)

    def test_head_and_post_go_past_the_cache(self, client, section):
        client.get("/sv/om-po/")
        assert HEADER not in client.head("/sv/om-po/")
        assert HEADER not in client.post("/sv/om-po/")


def run_middleware(view, request=None):
    request = request or RequestFactory().get("/sv/sida/")
    request.user = mock.Mock(is_authenticated=False)
    return PageCacheMiddleware(CsrfViewMiddleware(view))(request)


class TestWhatMayBeStored:
    """The rules on responses, with stand-in views."""

    def stored_after(self, view) -> bool:
        run_middleware(view)
        return run_middleware(lambda request: HttpResponse("other")).get(HEADER) == "hit"

    def test_a_plain_public_page_is_stored(self):
        assert self.stored_after(lambda request: HttpResponse("public"))

    def test_a_page_with_a_csrf_token_is_not_stored(self):
        def form_page(request):
            return HttpResponse(f'<input name="csrfmiddlewaretoken" value="{get_token(request)}">')

        assert not self.stored_after(form_page)

    def test_a_response_setting_a_cookie_is_not_stored(self):
        def sets_cookie(request):
            response = HttpResponse("public")
            response.set_cookie("progress", "1")
            return response

        assert not self.stored_after(sets_cookie)

    @pytest.mark.parametrize(
        "cache_control", ["private", "no-store", "no-cache", "private, max-age=0"]
    )
    def test_private_or_uncacheable_responses_are_not_stored(self, cache_control):
        def private(request):
            response = HttpResponse("mine")
            response["Cache-Control"] = cache_control
            return response

        assert not self.stored_after(private)

    def test_a_response_that_varies_on_accept_is_not_stored(self):
        def negotiated(request):
            response = HttpResponse("{}")
            response["Vary"] = "Accept"
            return response

        assert not self.stored_after(negotiated)

    @pytest.mark.parametrize("status", [301, 302, 404, 500])
    def test_only_200_is_stored(self, status):
        assert not self.stored_after(lambda request: HttpResponse("x", status=status))

    def test_a_huge_response_is_not_stored(self):
        assert not self.stored_after(lambda request: HttpResponse(b"x" * (1024 * 1024 + 1)))

    def test_an_unknown_host_is_left_to_the_rest_of_the_stack(self):
        request = RequestFactory().get("/sv/sida/", HTTP_HOST="evil.example")
        response = run_middleware(lambda request: HttpResponse("x"), request)
        assert HEADER not in response


class TestInvalidation:
    """Publishing, unpublishing, moving, translating and snippet changes show at once."""

    def test_publishing_a_child_updates_the_page_that_lists_it(self, client, section):
        client.get("/sv/om-po/")
        StandardPageFactory(parent=section, title="Vad kostar det?", slug="kostnad")
        response = client.get("/sv/om-po/")
        assert response[HEADER] == "miss"
        assert "Vad kostar det?" in text_of(response)

    def test_publishing_a_revision_updates_the_page_and_its_index(self, client, section):
        child = StandardPageFactory(parent=section, title="Gammal rubrik", slug="barn")
        client.get("/sv/om-po/")
        client.get("/sv/om-po/barn/")
        child.title = "Ny rubrik"
        child.save_revision().publish()
        assert "Ny rubrik" in text_of(client.get("/sv/om-po/barn/"))
        assert "Ny rubrik" in text_of(client.get("/sv/om-po/"))

    def test_unpublishing_removes_the_page_and_its_listing(self, client, section):
        child = StandardPageFactory(parent=section, title="Snart borta", slug="borta")
        client.get("/sv/om-po/")
        client.get("/sv/om-po/borta/")
        child.unpublish()
        assert client.get("/sv/om-po/borta/").status_code == 404
        assert "Snart borta" not in text_of(client.get("/sv/om-po/"))

    def test_moving_updates_both_the_old_and_the_new_parent(self, client, home, section):
        other = StandardPageFactory(parent=home, title="Annan sektion", slug="annan")
        child = StandardPageFactory(parent=section, title="Flyttas", slug="flyttas")
        client.get("/sv/om-po/")
        client.get("/sv/annan/")
        child.move(other, pos="last-child")
        assert "Flyttas" not in text_of(client.get("/sv/om-po/"))
        assert "Flyttas" in text_of(client.get("/sv/annan/"))
        assert client.get("/sv/annan/flyttas/").status_code == 200

    def test_translating_links_the_new_language_from_the_original(self, client, section, home_en):
        before = client.get("/sv/om-po/")
        assert "/en/about-po/" not in before.content.decode()
        translate(section, "en", title="About personal ombudsmen", slug="about-po")
        after = client.get("/sv/om-po/")
        assert after[HEADER] == "miss"
        assert "/en/about-po/" in after.content.decode()

    def test_the_sitemap_lists_a_page_published_after_it_was_cached(self, client, section):
        client.get("/sitemap.xml")
        StandardPageFactory(parent=section, title="Ny sida", slug="ny-sida")
        assert b"/sv/om-po/ny-sida/" in client.get("/sitemap.xml").content

    def test_editing_a_role_updates_the_comparison_table(self, client, home):
        role = RoleProfileFactory(name="God man")
        comparison_page(home, [role, RoleProfileFactory(name="Förvaltare")])
        assert "God man" in text_of(client.get("/sv/vem-gor-vad/"))
        role.name = "God man enligt föräldrabalken"
        role.save()
        assert "God man enligt föräldrabalken" in text_of(client.get("/sv/vem-gor-vad/"))

    def test_editing_a_term_updates_the_glossary(self, client, home):
        term = TermFactory(term="Ledningsgrupp", definition="<p>Styr verksamheten.</p>")
        GlossaryPageFactory(parent=home, slug="begrepp")
        client.get("/sv/begrepp/")
        term.definition = "<p>Styr och följer upp verksamheten.</p>"
        term.save()
        assert "följer upp verksamheten" in text_of(client.get("/sv/begrepp/"))

    def test_deleting_a_page_removes_it_from_its_index(self, client, section):
        child = StandardPageFactory(parent=section, title="Raderas", slug="raderas")
        client.get("/sv/om-po/")
        child.delete()
        assert "Raderas" not in text_of(client.get("/sv/om-po/"))

    def test_the_cache_is_cleared_again_when_the_transaction_commits(
        self, section, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            section.save_revision().publish()
            during = cache.get(GENERATION_KEY)
        assert callbacks
        for callback in callbacks:
            callback()
        assert cache.get(GENERATION_KEY) != during

    def test_saving_an_assessment_answer_does_not_clear_the_page_cache(self, client, section):
        from tests.factories.accounts import county_user

        client.get("/sv/om-po/")
        county_user()  # users, profiles and assessments are not public content
        assert status_of(client, "/sv/om-po/") == "hit"


class RecordingBackend(BaseBackend):
    """A frontend cache backend that writes down what it was asked to purge."""

    purged: list[str] = []

    def purge(self, url):
        self.purged.append(url)

    def purge_batch(self, urls):
        self.purged.extend(urls)


class TestCdnPurge:
    @pytest.fixture(autouse=True)
    def recording(self, settings):
        settings.WAGTAILFRONTENDCACHE = {"test": {"BACKEND": f"{__name__}.RecordingBackend"}}
        RecordingBackend.purged = []
        return RecordingBackend.purged

    def publish(self, page, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            page.save_revision().publish()

    def test_publishing_purges_the_page_its_parents_its_linkers_and_the_sitemap(
        self, home, section, recording, django_capture_on_commit_callbacks
    ):
        child = StandardPageFactory(parent=section, title="Barn", slug="barn")
        linker = GuidancePageFactory(
            parent=home,
            slug="lankar",
            body=[("related_pages", {"heading": "Läs också", "pages": [child]})],
        )
        linker.save_revision().publish()  # fills Wagtail's reference index
        unrelated = StandardPageFactory(parent=home, title="Annat", slug="annat")
        recording.clear()
        self.publish(child, django_capture_on_commit_callbacks)
        purged = set(recording)
        assert "http://testserver/sv/om-po/barn/" in purged
        assert "http://testserver/sv/om-po/" in purged
        assert "http://testserver/sv/" in purged
        assert "http://testserver/sv/lankar/" in purged
        assert "http://testserver/sitemap.xml" in purged
        assert unrelated.get_full_url() not in purged

    def test_unpublishing_purges_the_page_that_is_no_longer_live(
        self, section, recording, django_capture_on_commit_callbacks
    ):
        child = StandardPageFactory(parent=section, title="Barn", slug="barn")
        with django_capture_on_commit_callbacks(execute=True):
            child.unpublish()
        assert "http://testserver/sv/om-po/barn/" in recording
        assert "http://testserver/sv/om-po/" in recording

    def test_moving_purges_the_old_address(
        self, home, section, recording, django_capture_on_commit_callbacks
    ):
        child = StandardPageFactory(parent=section, title="Barn", slug="barn")
        other = StandardPageFactory(parent=home, title="Annan", slug="annan")
        with django_capture_on_commit_callbacks(execute=True):
            child.move(other, pos="last-child")
        assert "http://testserver/sv/om-po/barn/" in recording
        assert "http://testserver/sv/annan/barn/" in recording
        assert "http://testserver/sv/om-po/" in recording

    def test_a_snippet_change_purges_the_pages_that_show_it(
        self, home, recording, django_capture_on_commit_callbacks
    ):
        role = RoleProfileFactory(name="Kontaktperson")
        table = comparison_page(home, [role, RoleProfileFactory(name="Boendestöd")])
        glossary = GlossaryPageFactory(parent=home, slug="begrepp")
        with django_capture_on_commit_callbacks(execute=True):
            role.summary = "Ett medmänskligt stöd."
            role.save()
        assert table.get_full_url() in recording
        assert glossary.get_full_url() not in recording
        assert "http://testserver/sitemap.xml" in recording

    def test_pages_showing_follows_links_through_snippets(self, home):
        linked = StandardPageFactory(parent=home, title="Mål", slug="mal")
        linker = GuidancePageFactory(
            parent=home,
            slug="lankar",
            body=[("related_pages", {"heading": "Läs också", "pages": [linked]})],
        )
        linker.save_revision().publish()
        showing = shared.pages_showing([linked])
        assert {page.pk for page in showing} >= {linked.pk, linker.pk, home.pk}

    def test_a_failing_cdn_does_not_stop_publishing(
        self, section, django_capture_on_commit_callbacks
    ):
        with mock.patch.object(RecordingBackend, "purge_batch", side_effect=OSError("down")):
            self.publish(section, django_capture_on_commit_callbacks)
        assert Page.objects.get(pk=section.pk).live
