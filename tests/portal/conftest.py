import pytest
from django.core.cache import caches

from portal.pagecache import store


@pytest.fixture
def file_cache(settings, tmp_path):
    """The production default cache (files), in a folder of its own; the process's hot pages
    start and end empty."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    store.hot_pages.clear()
    yield caches["default"]
    caches["default"].clear()
    store.hot_pages.clear()
