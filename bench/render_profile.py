"""In-process render times of the heaviest pages (page cache off, DEBUG off): the role comparison
page in both languages, the longest guidance page, the public checklist page and a county's
tillsyn overview with 50 assessments. Prints a table page → median and p95 ms.

    .venv/bin/python bench/render_profile.py [--fresh] [--runs 10] [--profile PATH] [--save DIR]

--fresh reloads the content pack (minutes); later runs reuse the SQLite file. --profile runs
cProfile over the renders of one path and prints the top functions; --save writes each page's
HTML (CSRF tokens blanked) to DIR, to compare the output before and after a change.
"""

import argparse
import cProfile
import pstats
import re
import statistics
import time
from pathlib import Path

from server import _county_user
from setup_db import django_with_content

HOST = "127.0.0.1"
COUNTY = "AB"
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _pages(client) -> list[tuple[str, str, bool]]:
    """(label, path, signed in) for each page to render; the longest guidance page is the one
    with the most HTML."""
    from guidance.models import GuidancePage

    longest = max(
        GuidancePage.objects.live().public(),
        key=lambda page: len(_render(client, page.url)),
    )
    return [
        ("role comparison (en)", "/en/for-you-who-need-support/who-does-what/", False),
        ("role comparison (sv)", "/sv/for-dig-som-soker-stod/vem-gor-vad/", False),
        (f"longest guidance page ({longest.slug})", longest.url, False),
        ("checklist page", "/sv/for-lansstyrelser-och-ledning/checklista-for-tillsyn/", False),
        (f"county overview {COUNTY}, 50 assessments", f"/tillsyn/lan/{COUNTY}/", True),
    ]


def _client(*, signed_in: bool = False):
    from django.test import Client

    client = Client()
    if signed_in:
        _sign_in(client)
    return client


def _sign_in(client) -> None:
    """A county user with 50 assessments (made once, as bench/server.py makes them), signed in with
    the second factor verified."""
    from django.contrib.auth import get_user_model
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.filter(username=f"bench-{COUNTY.lower()}").first()
    if user is None:
        _county_user(code=COUNTY, assessments=50, index=0)
        user = get_user_model().objects.get(username=f"bench-{COUNTY.lower()}")
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()


def _render(client, path: str) -> bytes:
    response = client.get(path, HTTP_HOST=HOST)
    if response.status_code != 200:
        raise RuntimeError(f"{path}: HTTP {response.status_code}")
    return response.content


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fresh", action="store_true", help="reload the content pack")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--profile", metavar="PATH", help="cProfile the renders of this path")
    parser.add_argument("--save", metavar="DIR", help="write each page's HTML here")
    args = parser.parse_args()

    django_with_content(name="render", fresh=args.fresh)
    from django.conf import settings

    settings.PORTAL_PAGE_CACHE = False
    public, signed_in = _client(), _client(signed_in=True)

    if args.profile:
        client = signed_in if args.profile.startswith("/tillsyn/") else public
        _render(client, args.profile)
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            _render(client, args.profile)
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return

    print(f"{'page':<48} {'KB':>6} {'median ms':>10} {'p95 ms':>8}")
    for label, path, signed in _pages(public):
        client = signed_in if signed else public
        html = _render(client, path)  # warm-up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            _render(client, path)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"{label:<48} {len(html) / 1024:>6.0f} {statistics.median(times):>10.1f} {p95:>8.1f}")
        if args.save:
            out = Path(args.save)
            out.mkdir(parents=True, exist_ok=True)
            name = path.strip("/").replace("/", "_") or "root"
            (out / f"{name}.html").write_bytes(CSRF.sub(rb"\1\2", html))


if __name__ == "__main__":
    main()
