"""Anonymous readers' progress: a signed cookie in the browser holding only module keys.

The value is `{"<page id>": ["module-key", …]}`, signed with django.core.signing so that a
reader cannot plant other content; a cookie that fails the signature or has an unexpected
shape is treated as empty, never as an error.
"""

import re

from django.conf import settings
from django.core import signing

from onboarding.blocks import KEY_PATTERN

COOKIE_NAME = "po_introduktion"
SALT = "onboarding.progress"
MAX_AGE = 365 * 24 * 60 * 60  # a year
MAX_PAGES = 20
MAX_KEYS = 100

_KEY = re.compile(KEY_PATTERN)

Progress = dict[str, set[str]]


def cookie_progress_read(request) -> Progress:
    raw = request.COOKIES.get(COOKIE_NAME)
    if not raw:
        return {}
    try:
        data = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except (signing.BadSignature, ValueError):
        return {}
    if not isinstance(data, dict) or len(data) > MAX_PAGES:
        return {}
    progress: Progress = {}
    for page_id, keys in data.items():
        if not (isinstance(page_id, str) and page_id.isdigit() and isinstance(keys, list)):
            return {}
        if len(keys) > MAX_KEYS or not all(isinstance(k, str) and _KEY.match(k) for k in keys):
            return {}
        progress[page_id] = set(keys)
    return progress


def cookie_progress_write(response, progress: Progress) -> None:
    """Store the progress on the response, or remove the cookie when nothing is left."""
    data = {page_id: sorted(keys) for page_id, keys in progress.items() if keys}
    if not data:
        response.delete_cookie(COOKIE_NAME, path="/", samesite="Lax")
        return
    response.set_cookie(
        COOKIE_NAME,
        signing.dumps(data, salt=SALT, compress=True),
        max_age=MAX_AGE,
        path="/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
