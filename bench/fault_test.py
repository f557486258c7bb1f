"""Fault test (PostgreSQL): the database stops in the middle of a run and comes back.

    .venv/bin/python bench/fault_test.py                       (short: about 90 s in all)
    .venv/bin/python bench/fault_test.py --phase 60 --outage 60 --full   (long form)

Starts its own PostgreSQL cluster in a temporary directory (set up with fsync off for speed, then
restarted with the defaults, fsync and synchronous_commit on, for the test itself), the portal
the production way, readers and two county users saving answers. Then `pg_ctl stop -m
immediate`. While the database is away, requests that need it must answer 503 with the
"Tillfälligt avbrott" page and Retry-After, within a few seconds (no 500s, nothing hanging), and
/healthz must answer 503; whether cached anonymous pages keep answering 200 is reported. Then
the database starts again and the portal must recover by itself (same gunicorn master, no
restart) within --recover seconds; the savers keep saving, and at the end every acknowledged
answer must be in the database (a save that failed is not acknowledged; it is retried with a
fresh form). Exits 1 on any failure.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from server import Client, free_port, portal_start, prepare, say, var_dir_for
from traffic import Record, Saver, Stats, check_answers, reader, sitemap_paths

SLOW_SECONDS = 5  # an answer during the outage must come faster than this
OUTAGE_PAGE = "Tillfälligt avbrott"


class Cluster:
    """A throwaway PostgreSQL cluster, as .ci/with-postgres makes one."""

    def __init__(self):
        initdb = shutil.which("initdb") or "/usr/lib/postgresql/15/bin/initdb"
        self.bindir = Path(os.path.realpath(initdb)).parent
        self.dir = Path(tempfile.mkdtemp(prefix="po-portalen-fault-pg-"))
        self.dir.chmod(0o755)
        if os.getuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/po_portalen"

    def _run(self, *args: str, check: bool = True) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []
        subprocess.run(  # noqa: S603 (our own arguments)
            [*prefix, *args], check=check, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.dir / "data"), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8",
        )  # fmt: skip

    def start(self, *, fast: bool = False) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir}"
        if fast:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"),
            "-l", str(self.dir / "log"), "-w", "-o", options, "start",
        )  # fmt: skip

    def stop(self, mode: str = "immediate") -> None:
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-m", mode, "-w", "stop",
            check=False,
        )  # fmt: skip

    def createdb(self) -> None:
        self._run(
            str(self.bindir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port),
            "-U", "postgres", "po_portalen",
        )  # fmt: skip

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", type=float, default=8, help="seconds before and after")
    parser.add_argument("--outage", type=float, default=8, help="seconds without the database")
    parser.add_argument("--recover", type=float, default=15, help="seconds allowed to recover")
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--full", action="store_true", help="the whole content pack (slow)")
    args = parser.parse_args()

    started = time.monotonic()
    cluster = Cluster()
    var_dir = None
    portal = None
    try:
        cluster.init()
        cluster.start(fast=True)
        cluster.createdb()
        os.environ["DATABASE_URL"] = cluster.url
        var_dir = var_dir_for("faulttest")
        _, users = prepare(
            name="faulttest",
            var_dir=var_dir,
            counties=("AB", "O"),
            assessments=3,
            minimal=not args.full,
        )
        from django.db import connection

        connection.close()
        # The test itself runs with PostgreSQL's defaults: fsync and synchronous_commit on.
        cluster.stop(mode="fast")
        cluster.start()
        portal = portal_start(var_dir=var_dir)
        say(f"# setup {time.monotonic() - started:.0f} s (PostgreSQL on port {cluster.port})")
        return run(args, cluster, portal, users, started)
    finally:
        if portal is not None:
            portal.stop()
        cluster.remove()
        if var_dir is not None:
            shutil.rmtree(var_dir, ignore_errors=True)


def probe(client: Client, path: str) -> Record:
    """One request; the body keeps the Retry-After header at its end for the checks."""
    started = time.time()
    try:
        response = client.get(path)
    except OSError:
        client.close()
        return Record(path, 0, time.time() - started, started)
    retry_after = response.headers.get("retry-after", "")
    body = response.text[:4000] + f"\nRetry-After: {retry_after}"
    return Record(path, response.status, response.seconds, started, body)


def run(args, cluster: Cluster, portal, users, started) -> int:
    failures = []
    stats = Stats()
    pages = sitemap_paths(portal.url)
    savers = [Saver(portal.url, user, stats, pause=0.3) for user in users]
    staff = Client(portal.url, cookie=users[0].cookie, timeout=20)
    anonymous = Client(portal.url, timeout=20)
    for _ in range(3):
        anonymous.get("/sv/")  # in the page cache before the outage
    stop = threading.Event()
    threads = [
        *(
            threading.Thread(target=reader, args=(portal.url, pages, stats, stop))
            for _ in range(args.readers)
        ),
        *(threading.Thread(target=saver.run, args=(stop,)) for saver in savers),
    ]
    for thread in threads:
        thread.start()
    master = portal.pid
    time.sleep(args.phase)
    acknowledged_before = sum(saver.saves for saver in savers)

    say("# stopping PostgreSQL (pg_ctl stop -m immediate)")
    stopped_at = time.time()
    cluster.stop()
    outage = []
    deadline = time.monotonic() + args.outage
    while time.monotonic() < deadline:
        outage.append(("healthz", probe(anonymous, "/healthz")))
        outage.append(("tool", probe(staff, f"/tillsyn/bedomningar/{users[0].assessments[0]}/")))
        outage.append(("cached", probe(anonymous, "/sv/")))
        time.sleep(0.3)

    say("# starting PostgreSQL again")
    cluster.start()
    restarted_at = time.time()
    recovered_at = None
    while time.time() - restarted_at < args.recover:
        health = probe(anonymous, "/healthz")
        tool = probe(staff, f"/tillsyn/bedomningar/{users[0].assessments[0]}/")
        if health.status == 200 and tool.status == 200:
            recovered_at = time.time()
            break
        time.sleep(0.2)
    if recovered_at is None:
        failures.append(f"no recovery within {args.recover:.0f} s of the database starting")
    acknowledged_at_recovery = sum(saver.saves for saver in savers)
    time.sleep(args.phase)
    stop.set()
    for thread in threads:
        thread.join()

    # During the outage: the probes.
    healthz = [r for kind, r in outage if kind == "healthz"]
    tool = [r for kind, r in outage if kind == "tool"]
    cached = [r for kind, r in outage if kind == "cached"]
    first_second = stopped_at + 1  # requests in flight when it stopped may still finish
    if any(r.status != 503 for r in healthz if r.at > first_second):
        failures.append(f"/healthz during the outage: {sorted({r.status for r in healthz})}")
    bad_tool = [r for r in tool if r.at > first_second and r.status != 503]
    if bad_tool:
        failures.append(f"tool page during the outage: {sorted({r.status for r in bad_tool})}")
    if any(r.status == 503 and OUTAGE_PAGE not in r.body for r in tool):
        failures.append(f"a 503 without the '{OUTAGE_PAGE}' page")
    if any(r.status == 503 and r.body.endswith("Retry-After: ") for r in tool):
        failures.append("a 503 without Retry-After")
    slow = [r for _, r in outage if r.seconds > SLOW_SECONDS]
    if slow:
        failures.append(f"{len(slow)} answers during the outage took over {SLOW_SECONDS} s")

    # Everything the readers and savers got.
    recovered = (recovered_at or float("inf")) + 1
    for record in stats.records:
        during = stopped_at <= record.at + record.seconds and record.at <= recovered
        if record.status in (0, 500) or record.status >= 502 and record.status != 503:
            failures.append(f"{record.kind}: {record.status or 'no answer'}")
        elif record.status == 503 and not during:
            failures.append(f"{record.kind}: 503 outside the outage")
        elif record.status == 503 and OUTAGE_PAGE not in record.body:
            failures.append(f"{record.kind}: 503 without the '{OUTAGE_PAGE}' page")
        elif record.seconds > SLOW_SECONDS and during:
            failures.append(f"{record.kind}: {record.seconds:.1f} s during the outage")
    if portal.process.poll() is not None or portal.pid != master:
        failures.append("gunicorn is not the same process as before the outage")
    acknowledged_after = sum(saver.saves for saver in savers) - acknowledged_at_recovery
    if acknowledged_after == 0:
        failures.append("no save was acknowledged after the recovery")
    failures += [f"a saver stopped: {saver.crashed}" for saver in savers if saver.crashed]
    problems = check_answers(savers, exact=False)
    failures += [f"lost: {problem}" for problem in problems]

    seen_503 = sum(r.status == 503 for r in stats.records) + sum(r.status == 503 for _, r in outage)
    for line in stats.summary(acceptable=lambda r: 200 <= r.status < 400 or r.status == 503):
        say(line)
    say(
        f"# outage {restarted_at - stopped_at:.1f} s: /healthz {_statuses(healthz)}, "
        f"tool page {_statuses(tool)} (max {max((r.seconds for r in tool), default=0):.2f} s), "
        f"cached home page {_statuses(cached)}"
    )
    say(
        "# recovered "
        + (
            f"{recovered_at - restarted_at:.1f} s after PostgreSQL started"
            if recovered_at
            else "never"
        )
        + f", same gunicorn master: {portal.pid == master}"
    )
    say(
        f"# saves acknowledged {sum(s.saves for s in savers)} (before the outage "
        f"{acknowledged_before}, after recovery {acknowledged_after}), not acknowledged "
        f"{sum(s.failed for s in savers)}, 503s seen {seen_503}, acknowledged answers checked "
        f"{sum(len(s.acknowledged) for s in savers)}, lost {len(problems)}; "
        f"{time.monotonic() - started:.0f} s in all"
    )
    for failure in sorted(set(failures))[:20]:
        say(f"FAIL {failure}")
    say("FAIL" if failures else "PASS")
    return 1 if failures else 0


def _statuses(records: list[Record]) -> str:
    counts = {}
    for record in records:
        counts[record.status] = counts.get(record.status, 0) + 1
    return ", ".join(f"{status}×{count}" for status, count in sorted(counts.items())) or "-"


if __name__ == "__main__":
    sys.exit(main())
