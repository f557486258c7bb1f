"""The architecture document says what the code does."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WHITENOISE = "whitenoise.middleware.WhiteNoiseMiddleware"


def documented_middleware() -> list[str]:
    text = (ROOT / "docs/ARCHITECTURE.md").read_text()
    table = text.split("The middleware, in order", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\| \d+ \| `([\w.]+)`", table, re.M)


def test_the_documented_middleware_order_is_the_settings_order(settings):
    documented = documented_middleware()
    assert len(documented) > 10
    # Production inserts it right after security (tests/portal/test_serving.py checks that).
    assert documented.index(WHITENOISE) == 1
    assert [name for name in documented if name != WHITENOISE] == list(settings.MIDDLEWARE)
