"""The shared cache on Redis, with a circuit breaker: a dead Redis costs one request, not all.

Django's Redis backend waits up to its socket timeouts on every call while Redis is down, and
raises; Wagtail reads its site root paths from the default cache on every page, so each request
would wait and then fail. This backend remembers, per process, that Redis failed: for
`BREAKER_SECONDS` (OPTIONS, default 5) every call answers at once without touching the network,
then one call tries again and closes the breaker when it succeeds.

Calls answer in one of two ways while Redis is unreachable:

- *soft* (the default, for Wagtail, sessions-free caches and everything else that only saves
  work): reads miss, writes are skipped; the request goes on from the database.
- *strict*, inside `with strict():`, for callers that must know (the page cache's generation:
  a change whose cache clear did not happen must be recorded, not forgotten): `CacheUnavailable`
  is raised, at once while the breaker is open.

Other cache backends (local memory in tests, files in development) are not wrapped; they raise
their own errors, which strict callers handle the same way.
"""

import contextlib
import contextvars
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_strict = contextvars.ContextVar("portal_cache_strict", default=False)
_lock = threading.Lock()
_open_until: dict[str, float] = {}  # per process, by Redis location
DOWN_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)


class CacheUnavailable(RedisConnectionError):
    """Redis cannot be reached (now, or it failed within the breaker's window)."""


@contextlib.contextmanager
def strict():
    """Cache calls inside raise when the cache is unreachable instead of missing quietly."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def reset_breakers() -> None:
    """Close every breaker of this process (tests)."""
    with _lock:
        _open_until.clear()


def _guarded(name: str, default, always_strict: bool = False):
    """RedisCache's method `name` behind the breaker; `default(*args)` answers a soft failure."""
    base = getattr(RedisCache, name)

    def call(self, *args, **kwargs):
        strict_now = always_strict or _strict.get()
        if self._breaker_open():
            if strict_now:
                raise CacheUnavailable(f"Redis ({self._location}) is marked unreachable")
            return default(*args, **kwargs)
        try:
            value = base(self, *args, **kwargs)
        except DOWN_ERRORS as error:
            self._trip()
            if strict_now:
                # One error type for strict callers, whether Redis just failed or had already.
                raise CacheUnavailable(
                    f"Redis ({self._location}) is unreachable: {error}"
                ) from error
            return default(*args, **kwargs)
        self._closed_again()
        return value

    call.__name__ = name
    call.__doc__ = base.__doc__
    return call


def _answer(value):
    return lambda *args, **kwargs: value


def _empty_dict(*args, **kwargs):
    return {}


def _default_of_get(key, default=None, version=None):
    return default


def _keys_of_set_many(data, timeout=None, version=None):
    return list(data)


class BreakerRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self._breaker_seconds = float(options.pop("BREAKER_SECONDS", 5))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    def _breaker_open(self) -> bool:
        until = _open_until.get(self._location)
        return until is not None and time.monotonic() < until

    def _trip(self) -> None:
        with _lock:
            already_open = self._location in _open_until
            _open_until[self._location] = time.monotonic() + self._breaker_seconds
        if not already_open:
            logger.warning(
                "Redis (%s) is unreachable: the cache is bypassed for %s s at a time, "
                "requests are answered from the database",
                self._location,
                self._breaker_seconds,
            )

    def _closed_again(self) -> None:
        if self._location not in _open_until:
            return
        with _lock:
            was_open = _open_until.pop(self._location, None) is not None
        if was_open:  # one thread logs it
            logger.warning("Redis (%s) answers again: the cache is used again", self._location)

    # Every public method of Django's RedisCache that talks to Redis; BaseCache's others
    # (get_or_set, decr, the async variants) are built on these.
    add = _guarded("add", _answer(False))
    get = _guarded("get", _default_of_get)
    set = _guarded("set", _answer(None))
    touch = _guarded("touch", _answer(False))
    delete = _guarded("delete", _answer(False))
    get_many = _guarded("get_many", _empty_dict)
    has_key = _guarded("has_key", _answer(False))
    set_many = _guarded("set_many", _keys_of_set_many)
    delete_many = _guarded("delete_many", _answer(None))
    clear = _guarded("clear", _answer(False))
    # A counter has no harmless default: always strict.
    incr = _guarded("incr", _answer(None), always_strict=True)
