"""The page cache on a real Redis: runs when REDIS_URL is set (.ci/run starts a server)."""

import os

import pytest

from portal.pagecache.middleware import HEADER
from tests.factories import StandardPageFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL är inte satt"),
]


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.BreakerRedisCache",  # as in production
            "LOCATION": os.environ.get("REDIS_URL", ""),
            "KEY_PREFIX": f"po-portalen-test-{os.getpid()}",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


def test_pages_are_stored_served_and_cleared_in_redis(client, home, redis_cache):
    from portal.models import SiteSettings

    SiteSettings.for_site(home.get_site())
    section = StandardPageFactory(parent=home, title="Om personligt ombud", slug="om-po")
    assert client.get("/sv/om-po/")[HEADER] == "miss"
    hit = client.get("/sv/om-po/")
    assert hit[HEADER] == "hit"
    assert redis_cache.get("pagecache:generation")  # the generation lives in Redis
    StandardPageFactory(parent=section, title="Ny undersida", slug="ny")
    after = client.get("/sv/om-po/")
    assert after[HEADER] == "miss"
    assert "Ny undersida" in after.content.decode()
