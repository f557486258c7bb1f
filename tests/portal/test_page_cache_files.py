"""The page cache on the file cache (the default without Redis): a hit reads the generation's
file only when it has changed (portal.pagecache.store), yet any change, by any process, is seen
at the next request."""

from unittest import mock

import pytest

from portal.pagecache import store
from portal.pagecache.middleware import HEADER
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def test_the_generation_is_read_from_its_file_once_while_the_file_is_unchanged(file_cache):
    first = store.current_generation()  # made: no file was there to stat before
    assert store.current_generation() == first  # read from the file, which is stat'ed now
    with mock.patch.object(type(file_cache), "get", side_effect=AssertionError("read again")):
        assert store.current_generation() == first
        assert store.current_generation() == first


def test_a_generation_written_by_another_process_is_seen_at_once(file_cache):
    before = store.current_generation()
    # What replace_generation() in another worker does to the shared folder.
    other = type(file_cache)(file_cache._dir, {})
    other.set(store.GENERATION_KEY, "fran-en-annan-process", timeout=None)
    assert store.current_generation() == "fran-en-annan-process" != before
    store.replace_generation()
    assert store.current_generation() not in {before, "fran-en-annan-process"}


def test_an_emptied_cache_gets_a_new_generation(file_cache):
    before = store.current_generation()
    file_cache.clear()
    after = store.current_generation()
    assert after != before
    assert store.current_generation() == after


def test_a_page_changed_after_it_was_cached_is_served_fresh(client, home, file_cache):
    from wagtail.models import Site

    from portal.models import SiteSettings

    SiteSettings.for_site(Site.objects.get(is_default_site=True))  # else made by a request
    page = StandardPageFactory(parent=home, title="Före", slug="sidan")
    assert client.get("/sv/sidan/").get(HEADER) == "miss"
    assert client.get("/sv/sidan/").get(HEADER) == "hit"
    page.title = "Efter"
    page.save_revision().publish()
    response = client.get("/sv/sidan/")
    assert response.get(HEADER) == "miss"
    assert "Efter" in response.content.decode()
    assert client.get("/sv/sidan/").get(HEADER) == "hit"
