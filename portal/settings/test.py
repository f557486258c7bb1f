"""Test runs: fast hashing, local caches, no external services."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
LOGGING["loggers"]["django"]["level"] = "ERROR"  # noqa: F405
LOGGING["loggers"]["django.request"]["level"] = "ERROR"  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A test process never looks for failed cache clearings by itself; the tests of that set it to 0.
PORTAL_PAGE_CACHE_CHECK_SECONDS = 3600
# Admin tests sign in directly; tests/accounts/test_admin_second_factor.py turns it back on.
PORTAL_ADMIN_SECOND_FACTOR = False
# The database's own search, whatever the shell says; the live search-server tests
# (tests/search/test_opensearch_live.py) configure their node themselves.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
