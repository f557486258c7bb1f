"""A dead Redis costs one request per worker and breaker window, and pages still answer."""

import logging
import shutil
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from portal import cache as portal_cache
from portal.cache import BreakerRedisCache, CacheUnavailable, strict
from portal.models import CacheClearPending, SiteSettings
from portal.pagecache import invalidation

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dead_redis_settings(breaker_seconds=60):
    return {
        "default": {
            "BACKEND": "portal.cache.BreakerRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "BREAKER_SECONDS": breaker_seconds,
            },
        }
    }


@pytest.fixture(autouse=True)
def _closed_breakers():
    portal_cache.reset_breakers()
    yield
    portal_cache.reset_breakers()


class CountingDeadClient:
    """Stands in for the redis client: every call is a connection failure, and is counted."""

    def __init__(self):
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        raise RedisConnectionError("Connection refused")


@pytest.fixture
def dead_cache(monkeypatch):
    backend = BreakerRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"BREAKER_SECONDS": 60}})
    client = CountingDeadClient()
    monkeypatch.setattr(backend._cache, "get_client", client)
    return backend, client


class TestBreaker:
    def test_after_one_failure_redis_is_left_alone_for_the_window(self, dead_cache):
        backend, client = dead_cache
        assert backend.get("a", "fallback") == "fallback"
        assert client.calls == 1
        for _ in range(50):
            assert backend.get("a") is None
            backend.set("a", 1)
            assert backend.add("b", 1) is False
            assert backend.get_many(["a", "b"]) == {}
            assert backend.set_many({"a": 1, "b": 2}) == ["a", "b"]
        assert client.calls == 1

    def test_strict_callers_are_told_at_once(self, dead_cache):
        backend, client = dead_cache
        # The first failure and those while the breaker is open raise the same error, so a
        # strict caller (the page cache's generation read) handles both in one place.
        with strict(), pytest.raises(CacheUnavailable):
            backend.get("a")
        with strict(), pytest.raises(CacheUnavailable):
            backend.set("a", 1)
        with pytest.raises(CacheUnavailable):
            backend.incr("counter")  # a counter has no harmless default
        assert client.calls == 1

    def test_the_outage_is_logged_once(self, dead_cache, caplog):
        backend, _client = dead_cache
        with caplog.at_level(logging.WARNING, logger="portal.cache"):
            for _ in range(20):
                backend.get("a")
        lines = [r for r in caplog.records if "unreachable" in r.getMessage()]
        assert len(lines) == 1
        assert "redis://127.0.0.1:1/0" in lines[0].getMessage()

    def test_after_the_window_one_call_tries_again(self, dead_cache, monkeypatch):
        backend, client = dead_cache
        backend.get("a")
        now = time.monotonic()
        monkeypatch.setattr(portal_cache.time, "monotonic", lambda: now + 61)
        backend.get("a")
        assert client.calls == 2  # tried again, failed again, window restarted
        backend.get("a")
        assert client.calls == 2

    def test_other_errors_are_not_swallowed(self, monkeypatch):
        backend = BreakerRedisCache("redis://127.0.0.1:1/0", {})

        def broken(*args, **kwargs):
            raise ValueError("a bug, not an outage")

        monkeypatch.setattr(backend._cache, "get_client", broken)
        with pytest.raises(ValueError):
            backend.get("a")
        assert not backend._breaker_open()


class TestPortalWithRedisDown:
    def test_pages_answer_from_the_database(self, client, home, caplog):
        with (
            override_settings(CACHES=_dead_redis_settings(), PORTAL_PAGE_CACHE=True),
            caplog.at_level(logging.WARNING),
        ):
            caches.close_all()
            first = client.get(home.url)
            second = client.get(home.url)
        caches.close_all()
        # The breaker's one warning; the page cache logs no error with a traceback per request.
        warnings = [r for r in caplog.records if r.name == "portal.cache"]
        assert [r.levelname for r in warnings] == ["WARNING"]
        assert not [r for r in caplog.records if r.name == "portal.pagecache.middleware"]
        assert first.status_code == 200 and second.status_code == 200
        assert home.title in second.content.decode()
        assert "X-Page-Cache" not in second  # neither looked up nor stored

    def test_a_change_is_remembered_when_the_cache_cannot_be_cleared(self):
        with override_settings(CACHES=_dead_redis_settings()):
            caches.close_all()
            assert invalidation.clear_page_cache() is False
            assert invalidation.page_cache_usable() is False
        caches.close_all()
        assert CacheClearPending.objects.filter(target=CacheClearPending.Target.PAGE_CACHE)


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server saknas")
class TestRealRedisStopsAndReturns:
    """Redis of its own, stopped and started under the running portal."""

    @pytest.fixture
    def redis_server(self, tmp_path):
        port = _free_port()
        args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        args += ["--appendonly", "no", "--dir", str(tmp_path)]

        def start():
            process = subprocess.Popen(args, stdout=subprocess.DEVNULL)  # noqa: S603 (fixed argv)
            for _ in range(100):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        return process
                time.sleep(0.05)
            raise RuntimeError("redis-server did not start")

        server = {"process": start(), "start": start, "port": port}
        yield server
        server["process"].kill()
        server["process"].wait()

    def test_pages_stay_up_and_the_cache_comes_back(self, client, home, redis_server):
        SiteSettings.for_site(home.get_site())  # created now, not on the first request
        config = _dead_redis_settings(breaker_seconds=0)
        config["default"]["LOCATION"] = f"redis://127.0.0.1:{redis_server['port']}/0"
        with override_settings(CACHES=config, PORTAL_PAGE_CACHE=True):
            caches.close_all()
            assert client.get(home.url)["X-Page-Cache"] == "miss"
            assert client.get(home.url)["X-Page-Cache"] == "hit"

            redis_server["process"].kill()
            redis_server["process"].wait()
            down = [client.get(home.url) for _ in range(3)]
            assert all(r.status_code == 200 and "X-Page-Cache" not in r for r in down)

            redis_server["process"] = redis_server["start"]()
            caches.close_all()
            client.get(home.url)
            assert client.get(home.url)["X-Page-Cache"] == "hit"
        caches.close_all()
