"""The pages a process served from the cache moments ago are kept in it (portal.pagecache.store
.HotPages): a hit of such a page reads neither the cache nor unpickles, yet a change is seen at
the next request, each hit has headers of its own, and the memory it takes has a limit."""

from unittest import mock

import pytest
from django.http import HttpResponse

from portal.pagecache import store
from portal.pagecache.middleware import HEADER
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(home, file_cache):
    from wagtail.models import Site

    from portal.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # else made by a request
    return StandardPageFactory(parent=home, title="Före", slug="sidan")


def test_a_page_served_moments_ago_is_served_without_reading_the_cache(client, page, file_cache):
    assert client.get("/sv/sidan/").get(HEADER) == "miss"
    first = client.get("/sv/sidan/")  # read from the cache's file, and kept
    assert first.get(HEADER) == "hit"
    store.current_generation()  # the generation's file is stat'ed, not read, from here on
    with mock.patch.object(type(file_cache), "get", side_effect=AssertionError("cache read")):
        again = client.get("/sv/sidan/")
    assert again.get(HEADER) == "hit"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_a_change_is_served_at_the_next_request(client, page):
    client.get("/sv/sidan/")
    assert client.get("/sv/sidan/").get(HEADER) == "hit"
    assert len(store.hot_pages) == 1
    page.title = "Efter"
    page.save_revision().publish()
    response = client.get("/sv/sidan/")
    assert response.get(HEADER) == "miss"
    assert "Efter" in response.content.decode()
    assert "Efter" in client.get("/sv/sidan/").content.decode()


def test_a_page_made_private_is_not_served_from_the_process(client, page):
    from wagtail.models import PageViewRestriction

    client.get("/sv/sidan/")
    assert client.get("/sv/sidan/").get(HEADER) == "hit"
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    response = client.get("/sv/sidan/")
    assert response.status_code == 302  # to the sign-in page
    assert "Före" not in response.content.decode()


def test_each_hit_has_headers_of_its_own(client, page):
    client.get("/sv/sidan/")
    first = client.get("/sv/sidan/")
    first["X-Tillagd"] = "bara här"
    del first["ETag"]
    second = client.get("/sv/sidan/")
    assert second.get(HEADER) == "hit"
    assert "X-Tillagd" not in second
    assert second.has_header("ETag")


def test_pages_are_kept_for_a_while_and_within_a_byte_limit():
    hot = store.HotPages(seconds=60, limit=25)
    hot.put("a", HttpResponse(b"a" * 10))
    hot.put("b", HttpResponse(b"b" * 10))
    assert hot.get("a").content == b"a" * 10  # a is now the most recently used
    hot.put("c", HttpResponse(b"c" * 10))  # 30 bytes: the least recently used (b) goes
    assert hot.get("b") is None
    assert hot.get("a") is not None and hot.get("c") is not None
    hot.put("huge", HttpResponse(b"h" * 26))  # larger than the limit: never kept
    assert hot.get("huge") is None
    assert len(hot) == 2


def test_an_expired_page_is_read_from_the_cache_again():
    hot = store.HotPages(seconds=10)
    with mock.patch.object(store.time, "monotonic", return_value=1000.0):
        hot.put("a", HttpResponse(b"sida"))
        assert hot.get("a") is not None
    with mock.patch.object(store.time, "monotonic", return_value=1010.0):
        assert hot.get("a") is None
    assert len(hot) == 0


def test_nothing_is_served_from_the_process_while_the_cache_cannot_be_cleared(client, page):
    from portal.pagecache import invalidation

    client.get("/sv/sidan/")
    assert client.get("/sv/sidan/").get(HEADER) == "hit"
    with mock.patch.object(invalidation, "page_cache_usable", return_value=False):
        response = client.get("/sv/sidan/")
    assert HEADER not in response
