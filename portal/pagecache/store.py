"""Where cached pages live, and the one switch that makes them all stale at once.

Every cache key carries the current *generation*. Changing content replaces the generation, so
every page cached before is never read again (and expires on its own): the changed page, the
indexes and menus that list it, the pages that link it, the comparison table and the sitemap
are all fresh on the next request, without having to know which pages those are. Publishing
is rare next to reading, so clearing everything is cheap and can never miss a page.

Clearing goes through `invalidation.clear_page_cache`, which remembers a failure (the cache
unreachable) so that pages are served uncached until a retry succeeds.
"""

import hashlib
import logging
import os
import uuid

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
    if isinstance(backend, FileBasedCache):
        return backend._key_to_file(GENERATION_KEY)  # Django's own path of a key's file
    return None


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
