"""What a page-cache hit costs next to a static file, in one process, through the production
settings' whole middleware stack (no sockets, no gunicorn): microseconds per request, their
ratio, and with --profile the functions a hit spends its time in. `make bench-http` measures the
same over HTTP with gunicorn and wrk; this shows where a hit's own time goes.

    .venv/bin/python bench/pagecache_hit.py [--requests 3000] [--profile]
    REDIS_URL=redis://127.0.0.1:6379/0 .venv/bin/python bench/pagecache_hit.py

The real content pack is loaded into a throwaway SQLite file (or DATABASE_URL); the cache is
the production default (files under VAR_DIR) unless REDIS_URL is set.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path

from server import HOST, ROOT, _manage, prepare, prod_env, var_dir_for

HERE = Path(__file__).resolve().parent


def _environ(path: str, gzip: bool) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": HOST,
        "SERVER_PORT": "8000",
        "HTTP_HOST": HOST,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }
    if gzip:
        environ["HTTP_ACCEPT_ENCODING"] = "gzip, deflate"
    return environ


def _child(args) -> None:
    """Runs with the production settings (the parent prepared the database and static files)."""
    sys.path.insert(0, str(ROOT))
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    def one(environ) -> bytes:
        environ = dict(environ, **{"wsgi.input": io.BytesIO(b"")})
        result = application(environ, start_response)
        body = b"".join(result)
        if hasattr(result, "close"):
            result.close()
        return body

    manifest = json.loads((Path(os.environ["VAR_DIR"]) / "static" / "staticfiles.json").read_text())
    cases = {
        "static file": _environ("/static/" + manifest["paths"]["css/portal.css"], gzip=False),
        "home, cached, gzip": _environ("/sv/", gzip=True),
        "home, cached, plain": _environ("/sv/", gzip=False),
        "guidance page, cached, gzip": _environ(args.longest, gzip=True),
    }
    for environ in cases.values():  # the first request of each page stores it
        one(environ)
        one(environ)
    if not all(status.startswith("200") for status in statuses):
        raise SystemExit(f"not every page answered 200: {sorted(set(statuses))}")
    timings = {}
    for label, environ in cases.items():
        started = time.perf_counter()
        for _ in range(args.requests):
            one(environ)
        timings[label] = (time.perf_counter() - started) / args.requests * 1e6
    static = timings["static file"]
    for label, micros in timings.items():
        print(f"{label:30} {micros:8.1f} µs/request   {static / micros:5.2f} × static's rate")
    if args.profile:
        profile = cProfile.Profile()
        environ = cases["guidance page, cached, gzip"]
        profile.enable()
        for _ in range(args.requests):
            one(environ)
        profile.disable()
        stats = pstats.Stats(profile)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--longest", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args)
        return
    var_dir = var_dir_for("pagecache-hit")
    vendor, _users = prepare(name="http-bench", var_dir=var_dir, assessments=0)
    from server import guidance_page_urls

    env = prod_env(var_dir=var_dir, port=8000)
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    longest = max(guidance_page_urls(), key=_html_size)
    print(f"# {vendor}; cache: {'Redis' if os.environ.get('REDIS_URL') else 'files'}; {longest}")
    command = [sys.executable, str(HERE / "pagecache_hit.py"), "--child", "--longest", longest]
    command += ["--requests", str(args.requests)] + (["--profile"] if args.profile else [])
    subprocess.run(command, env=env, check=True)  # noqa: S603 (our own arguments)


def _html_size(url: str) -> int:
    from django.test import Client

    response = Client(HTTP_HOST=HOST).get(url)
    return len(response.content) if response.status_code == 200 else 0


if __name__ == "__main__":
    main()
