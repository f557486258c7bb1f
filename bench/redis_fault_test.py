"""Fault test (Redis): the shared cache stops in the middle of a run and comes back.

    .venv/bin/python bench/redis_fault_test.py            (make faulttest-redis; about 1 min)

A throwaway redis-server on a free port and the portal the production way (gunicorn,
production settings, REDIS_URL, the page cache on, a small site on SQLite), with readers of
public pages and two county users saving answers. Then Redis is killed (SIGKILL: no goodbye).
While it is away every request must still answer as before (200, or the tool's own answers),
never waiting out Redis's timeout again and again: after the first failure each worker's
circuit breaker (portal/cache.py) sends requests straight to the database, so their latency
stays near the usual. The portal's log must say once per outage and worker that Redis is
unreachable and, after Redis starts again on the same port, that it answers again; the cache
must fill again by itself. At the end every acknowledged answer must be in the database.
Exits 1 on any failure.
"""

import argparse
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from server import free_port, percentile, portal_start, prepare, say, var_dir_for
from traffic import Saver, Stats, check_answers, reader, sitemap_paths

# Redis's socket timeout in production settings is 1 s; without the breaker a request waits
# that long (twice) on every cache call. With it, only the first requests of each worker do.
SLOW_SECONDS = 2.5
UNREACHABLE = "is unreachable: the cache is bypassed"
ANSWERS_AGAIN = "answers again: the cache is used again"


class Redis:
    """A throwaway redis-server that can be killed and started again on the same port."""

    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="po-portalen-redis-fault-"))
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> float:
        started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603 (our own arguments)
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--save",
                "",
                "--appendonly",
                "no",
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while time.monotonic() - started < 10:
            if self.command("PING") == "+PONG":
                return time.monotonic() - started
            time.sleep(0.05)
        raise RuntimeError("redis-server did not answer PING within 10 s")

    def command(self, *words: str) -> str:
        """One command in Redis's inline protocol; the first line of the reply, or ''."""
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall((" ".join(words) + "\r\n").encode())
                return conn.recv(256).decode(errors="replace").split("\r\n")[0]
        except OSError:
            return ""

    def keys(self) -> int:
        reply = self.command("DBSIZE")
        return int(reply[1:]) if reply.startswith(":") else -1

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def remove(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", type=float, default=8, help="seconds before and after")
    parser.add_argument("--outage", type=float, default=12, help="seconds without Redis")
    parser.add_argument("--recover", type=float, default=20, help="seconds allowed to recover")
    parser.add_argument("--readers", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("redis-server") is None:
        say("redis-server is missing: install Debian's redis-server")
        return 1

    started = time.monotonic()
    redis = Redis()
    var_dir = var_dir_for("redisfault")
    portal = None
    try:
        redis.start()
        _, users = prepare(
            name="redisfault", var_dir=var_dir, counties=("AB", "O"), assessments=3, minimal=True
        )
        portal = portal_start(var_dir=var_dir, REDIS_URL=redis.url)
        say(f"# setup {time.monotonic() - started:.0f} s (Redis on port {redis.port})")
        return run(args, redis, portal, users, started)
    finally:
        if portal is not None:
            portal.stop()
        redis.remove()
        shutil.rmtree(var_dir, ignore_errors=True)


def run(args, redis: Redis, portal, users, started: float) -> int:
    failures = []
    stats = Stats()
    pages = sitemap_paths(portal.url)
    savers = [Saver(portal.url, user, stats, pause=0.3) for user in users]
    stop = threading.Event()
    # One more reader asks for pages the cache cannot hold (a new query string each time): what
    # a page costs from the database, the yardstick for the outage.
    uncached = [f"{path}?bench-miss={n}" for n in range(20_000) for path in pages[:5]]
    threads = [
        *(
            threading.Thread(target=reader, args=(portal.url, pages, stats, stop))
            for _ in range(args.readers)
        ),
        threading.Thread(
            target=reader, args=(portal.url, uncached, stats, stop), kwargs={"kind": "uncached"}
        ),
        *(threading.Thread(target=saver.run, args=(stop,)) for saver in savers),
    ]
    for thread in threads:
        thread.start()
    master = portal.pid
    time.sleep(args.phase)
    keys_before = redis.keys()

    say(f"# killing Redis (SIGKILL); it held {keys_before} keys")
    killed_at = time.time()
    redis.kill()
    time.sleep(args.outage)
    restart_seconds = redis.start()
    restarted_at = time.time()
    say(f"# Redis started again (empty) in {restart_seconds:.1f} s")
    refilled_at = None
    while time.time() - restarted_at < args.recover:
        if redis.keys() > 0:
            refilled_at = time.time()
            break
        time.sleep(0.2)
    time.sleep(args.phase)
    stop.set()
    for thread in threads:
        thread.join()

    phases = {
        "before": [r for r in stats.records if r.at < killed_at],
        "outage": [r for r in stats.records if killed_at <= r.at < restarted_at],
        "after": [r for r in stats.records if r.at >= restarted_at],
    }
    for name, records in phases.items():
        times = [r.seconds * 1000 for r in records]
        bad = [r for r in records if not 200 <= r.status < 400]
        say(
            f"{name:7s} {len(records):5d} requests  p50 {percentile(times, 0.5):7.1f} ms"
            f"  p95 {percentile(times, 0.95):7.1f} ms  max {max(times, default=0):7.1f} ms"
            f"  not 2xx/3xx: {len(bad)}"
        )
        if not records:
            failures.append(f"{name}: no requests")
        for record in bad:
            failures.append(f"{name}: {record.kind} answered {record.status or 'nothing'}")
    slow = [r for r in phases["outage"] if r.seconds > SLOW_SECONDS]
    if slow:
        failures.append(f"{len(slow)} answers during the outage took over {SLOW_SECONDS} s")
    # During the outage every page comes from the database: its reads may cost what an
    # uncached page cost before the outage, not Redis's timeout on top.
    outage_reads = [r.seconds for r in phases["outage"] if r.kind == "read"]
    before_uncached = [r.seconds for r in phases["before"] if r.kind == "uncached"]
    outage_p95 = percentile(outage_reads, 0.95)
    yardstick = percentile(before_uncached, 0.95)
    say(
        f"outage reads p95 {outage_p95 * 1000:.0f} ms; uncached pages before the outage p95 "
        f"{yardstick * 1000:.0f} ms"
    )
    if outage_p95 > 2 * yardstick + 0.1:  # all readers now render: more load than before
        failures.append(
            f"p95 of reads during the outage {outage_p95 * 1000:.0f} ms against "
            f"{yardstick * 1000:.0f} ms for uncached pages before: requests waited on Redis"
        )

    log = portal.log.read_text(errors="replace")
    unreachable = [line for line in log.splitlines() if UNREACHABLE in line]
    again = [line for line in log.splitlines() if ANSWERS_AGAIN in line]
    say(f"log: 'unreachable' {len(unreachable)} times, 'answers again' {len(again)} times")
    if unreachable:
        say(f"  {unreachable[0][:200]}")
    if not unreachable:
        failures.append("the log never said that Redis is unreachable")
    if not again:
        failures.append("the log never said that Redis answers again")
    tracebacks = [line for line in log.splitlines() if "Traceback" in line or '" 500 ' in line]
    if tracebacks:
        failures.append(f"the portal's log has a 500 or a traceback: {tracebacks[0][:200]}")
    if refilled_at is None:
        failures.append(f"the cache did not fill again within {args.recover:.0f} s")
    else:
        say(f"# the cache held keys again {refilled_at - restarted_at:.1f} s after Redis started")
    if portal.process.poll() is not None or portal.pid != master:
        failures.append("gunicorn is not the same process as before the outage")
    failures += [f"a saver stopped: {saver.crashed}" for saver in savers if saver.crashed]
    problems = check_answers(savers, exact=False)
    failures += [f"lost: {problem}" for problem in problems]
    say(
        f"# saves acknowledged {sum(s.saves for s in savers)}, not acknowledged "
        f"{sum(s.failed for s in savers)}, acknowledged answers checked "
        f"{sum(len(s.acknowledged) for s in savers)}, lost {len(problems)}; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    for failure in sorted(set(failures))[:20]:
        say(f"FAIL {failure}")
    say("FAIL" if failures else "PASS")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
