"""Production serving: the cache and database settings read from the environment, and static
files collected with hashed names, compressed and sent with far-future headers."""

import gzip
import json

import pytest

from tests.portal.test_security import STRONG_KEY, run_manage

PRODUCTION = {"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "po.example.se"}


def settings_in_production(code: str, **env: str) -> dict:
    result = run_manage("shell", "-v", "0", "-c", code, **PRODUCTION, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


CACHE_AND_DB = (
    "import json; from django.conf import settings as s;"
    "d = s.DATABASES['default'];"
    "print(json.dumps({'cache': s.CACHES['default'], 'health': d.get('CONN_HEALTH_CHECKS'),"
    " 'options': d.get('OPTIONS', {}), 'storage': s.STORAGES['media'],"
    " 'documents': s.STORAGES['documents'], 'default': s.STORAGES['default'],"
    " 'middleware': s.MIDDLEWARE}))"
)


class TestFromTheEnvironment:
    def test_without_redis_the_workers_of_one_machine_share_a_file_cache(self, tmp_path):
        found = settings_in_production(CACHE_AND_DB, VAR_DIR=str(tmp_path))
        assert found["cache"]["BACKEND"].endswith("FileBasedCache")
        assert found["cache"]["LOCATION"] == str(tmp_path / "cache")

    def test_redis_url_gives_a_shared_redis_cache_with_short_timeouts(self):
        found = settings_in_production(CACHE_AND_DB, REDIS_URL="redis://10.0.0.5:6379/1")
        assert found["cache"]["BACKEND"] == "portal.cache.BreakerRedisCache"
        assert found["cache"]["LOCATION"] == "redis://10.0.0.5:6379/1"
        assert found["cache"]["OPTIONS"]["socket_timeout"] <= 1
        assert found["cache"]["OPTIONS"]["BREAKER_SECONDS"] == 5

    def test_the_breaker_pause_comes_from_the_environment(self):
        found = settings_in_production(
            CACHE_AND_DB, REDIS_URL="redis://10.0.0.5:6379/1", CACHE_BREAKER_SECONDS="30"
        )
        assert found["cache"]["OPTIONS"]["BREAKER_SECONDS"] == 30

    @pytest.mark.parametrize("url", ["http://redis:6379", "10.0.0.5:6379", "memcached://x"])
    def test_a_malformed_redis_url_fails_with_one_sentence(self, url):
        result = run_manage("check", **PRODUCTION, REDIS_URL=url)
        assert result.returncode != 0
        assert result.stderr.startswith("Configuration error: REDIS_URL must start with")
        assert len(result.stderr.strip().splitlines()) == 1

    def test_postgresql_connections_are_checked_and_time_out(self):
        found = settings_in_production(
            CACHE_AND_DB, DATABASE_URL="postgres://u:p@127.0.0.1:5432/po", DB_CONNECT_TIMEOUT="2"
        )
        assert found["health"] is True
        assert found["options"]["connect_timeout"] == 2

    def test_media_can_live_in_another_storage_backend_with_its_options(self):
        # django-storages is not installed here; Django's own in-memory storage stands in.
        backend = "django.core.files.storage.InMemoryStorage"
        found = settings_in_production(
            CACHE_AND_DB,
            MEDIA_STORAGE_BACKEND=backend,
            MEDIA_STORAGE_OPTIONS='{"base_url": "https://media.example.se/"}',
        )
        assert found["storage"] == {
            "BACKEND": backend,
            "OPTIONS": {"base_url": "https://media.example.se/"},
        }

    @pytest.mark.parametrize("options", ["{not json", "[1, 2]", '"text"'])
    def test_malformed_storage_options_fail_with_one_sentence(self, options):
        result = run_manage("check", **PRODUCTION, MEDIA_STORAGE_OPTIONS=options)
        assert result.returncode != 0
        assert result.stderr.startswith("Configuration error: MEDIA_STORAGE_OPTIONS must be")
        assert "Traceback" not in result.stderr

    def test_static_files_come_before_the_page_cache_and_pages_are_compressed(self):
        middleware = settings_in_production(CACHE_AND_DB)["middleware"]
        order = [
            "whitenoise.middleware.WhiteNoiseMiddleware",
            "django.middleware.http.ConditionalGetMiddleware",
            "portal.pagecache.middleware.PageCacheMiddleware",
            "django.middleware.gzip.GZipMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
        ]
        assert [middleware.index(name) for name in order] == sorted(
            middleware.index(name) for name in order
        )


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    result = run_manage("collectstatic", "--no-input", "-v", "0", **PRODUCTION, VAR_DIR=str(var))
    assert result.returncode == 0, result.stderr
    return var / "static"


class TestStaticFiles:
    def test_files_are_collected_with_hashed_names_and_precompressed(self, collected):
        manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
        hashed = collected / manifest["css/portal.css"]
        assert hashed.name != "portal.css"
        assert hashed.with_name(hashed.name + ".gz").exists()
        assert hashed.with_name(hashed.name + ".br").exists()
        original = hashed.read_bytes()
        assert gzip.decompress(hashed.with_name(hashed.name + ".gz").read_bytes()) == original

    def test_hashed_files_are_served_compressed_with_far_future_headers(self, collected):
        manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
        url = "/static/" + manifest["css/portal.css"]
        code = (
            "import json; from django.test import Client;"
            f"r = Client().get({url!r}, headers={{'Accept-Encoding': 'br, gzip'}},"
            " HTTP_HOST='po.example.se', secure=True);"
            "print(json.dumps({'status': r.status_code, 'encoding': r.get('Content-Encoding'),"
            " 'cache': r.get('Cache-Control')}))"
        )
        found = settings_in_production(code, VAR_DIR=str(collected.parent))
        assert found["status"] == 200
        assert found["encoding"] == "br"
        assert "immutable" in found["cache"]
        assert "max-age=315360000" in found["cache"]
