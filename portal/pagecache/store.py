"""Where cached pages live, and the one switch that makes them all stale at once.

Every cache key carries the current *generation*. Changing content replaces the generation, so
every page cached before is never read again (and expires on its own): the changed page, the
indexes and menus that list it, the pages that link it, the comparison table and the sitemap
are all fresh on the next request, without having to know which pages those are. Publishing
is rare next to reading, so clearing everything is cheap and can never miss a page.

Clearing goes through `invalidation.clear_page_cache`, which remembers a failure (the cache
unreachable) so that pages are served uncached until a retry succeeds.
"""

import copy
import hashlib
import logging
import os
import threading
import time
import uuid
from collections import OrderedDict

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache

from portal.cache import strict

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


# On the file cache (the default without Redis), the generation's file as last read, and what it
# held: (inode, modification time, size) → generation. Every page-cache hit asks for the
# generation; a stat() of its file is a fraction of reading and unpickling it again, and any
# change, by any process, replaces the file (a new inode), so the next stat sees it.
_last_read: tuple[tuple[int, int, int] | None, str | None] = (None, None)


def _generation_file() -> str | None:
    backend = caches["default"]
    if not isinstance(backend, FileBasedCache):
        return None
    # Django's own path of a key's file (a hash of the key), worked out once per backend.
    path = backend.__dict__.get("_portal_generation_file")
    if path is None:
        path = backend.__dict__["_portal_generation_file"] = backend._key_to_file(GENERATION_KEY)
    return path


def _stamp(path: str | None) -> tuple[int, int, int] | None:
    if path is None:
        return None
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_mtime_ns, found.st_size)


def current_generation() -> str:
    """Raises when the cache cannot be reached (then nothing is read from it or stored)."""
    global _last_read
    stamp = _stamp(_generation_file())
    known_stamp, known = _last_read
    if stamp is not None and stamp == known_stamp:
        return known
    with strict():
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = uuid.uuid4().hex
            # add(): when two workers start at once, both end up with the first one's value.
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY, generation)
    # Read after the stat: a change in between gives a newer stamp next time, and a new read.
    _last_read = (stamp, generation)
    return generation


def replace_generation() -> None:
    """Make every cached page stale; raises when the cache cannot be reached."""
    with strict():
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def page_key(generation: str, scheme: str, host: str, full_path: str, encoding: str) -> str:
    digest = hashlib.sha256(f"{encoding} {scheme}://{host}{full_path}".encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"


class HotPages:
    """The pages this process served from the cache most recently, kept as objects, so that a
    hit of a page read here moments ago costs neither a read of the cache (a file, or Redis)
    nor decompressing and unpickling it: those were most of a hit's time (bench/pagecache_hit.py
    --profile).

    Safe because a key names its generation: a change replaces the generation, and the next
    request asks for new keys, so a page kept here is never served after a change (the
    generation is read on every request, as before). A page is kept for `seconds` at most,
    which the cache's own lifetime (PORTAL_PAGE_CACHE_SECONDS) may exceed by that much; and
    at most `limit` bytes of pages, the least recently used going first. Each hit gets its
    own copy of the response and its headers: the middleware above may change them."""

    def __init__(self, *, seconds: float = 10.0, limit: int = 16 * 1024 * 1024):
        self.seconds, self.limit = seconds, limit
        self._pages: OrderedDict[str, tuple[float, int, object]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: str):
        now = time.monotonic()
        with self._lock:
            found = self._pages.get(key)
            if found is None:
                return None
            expires, size, response = found
            if expires <= now:
                del self._pages[key]
                self._bytes -= size
                return None
            self._pages.move_to_end(key)
        return _copy(response)

    def put(self, key: str, response):
        """Keep `response` (just read from the cache) and return this request's own copy of
        it; a page larger than the limit is not kept, and is returned as it is."""
        size = len(response.content)
        if size > self.limit:
            return response
        with self._lock:
            if key in self._pages:
                self._bytes -= self._pages.pop(key)[1]
            self._pages[key] = (time.monotonic() + self.seconds, size, response)
            self._bytes += size
            while self._bytes > self.limit:
                _key, (_expires, dropped, _response) = self._pages.popitem(last=False)
                self._bytes -= dropped
        return _copy(response)

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)


def _copy(response):
    """A response of its own for one request: the body's bytes are shared (never changed),
    the headers are not."""
    clone = copy.copy(response)
    # Copying the header mapping's dict: building a new ResponseHeaders would check and encode
    # every header again (55 µs, a third of a hit). tests/portal/test_page_cache_hot.py fails
    # if Django changes this.
    clone.headers = copy.copy(response.headers)
    clone.headers._store = dict(response.headers._store)
    clone._resource_closers = []
    return clone


hot_pages = HotPages()
