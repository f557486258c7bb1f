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
import uuid

from django.core.cache import cache

from portal.cache import strict

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"


def current_generation() -> str:
    """Raises when the cache cannot be reached (then nothing is read from it or stored)."""
    with strict():
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = uuid.uuid4().hex
            # add(): when two workers start at once, both end up with the first one's value.
            if not cache.add(GENERATION_KEY, generation, timeout=None):
                generation = cache.get(GENERATION_KEY, generation)
    return generation


def replace_generation() -> None:
    """Make every cached page stale; raises when the cache cannot be reached."""
    with strict():
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def page_key(generation: str, scheme: str, host: str, full_path: str, encoding: str) -> str:
    digest = hashlib.sha256(f"{encoding} {scheme}://{host}{full_path}".encode()).hexdigest()
    return f"pagecache:{generation}:{digest}"
