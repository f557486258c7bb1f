"""Fault test (search server): the OpenSearch node stops in the middle of a run and comes back.

    .venv/bin/python bench/search_fault_test.py            (make faulttest-search; about 2 min)

A throwaway OpenSearch node (tools/opensearch) and the portal the production way (gunicorn,
production settings, OPENSEARCH_URL, a small site on SQLite), with searchers asking the API
and the search page. Then the node is stopped. While it is away every search must still answer
200 within a few seconds, with results (the database answers), and the portal's log must say
why; then the node starts again on the same data and searches must go back to it by themselves
(the node's own search count grows again) within --recover seconds. Exits 1 on any failure.
"""

import argparse
import json
import shutil
import statistics
import threading
import time
import urllib.parse
import urllib.request

from server import Client, portal_start, prepare, say, var_dir_for
from setup_db import start_opensearch

# A search waits at most OPENSEARCH_TIMEOUT on a node that stops answering (then the database
# answers); no search may take longer than that with a margin, outage included.
TIMEOUT_SECONDS = 2
SLOW_SECONDS = TIMEOUT_SECONDS + 2
QUERIES = ["personligt ombud", "vägledning", "ombudet", "lansstyrelse", "vagledning ombud"]
LOG_LINE = "the database answers searches"


class Searcher(threading.Thread):
    def __init__(self, base_url: str, stop: threading.Event, number: int):
        super().__init__(daemon=True)
        self.client = Client(base_url, timeout=30)
        self.stop_event, self.number = stop, number
        self.records: list[tuple[float, int, float, int]] = []  # time, status, seconds, total

    def run(self) -> None:
        n = self.number
        while not self.stop_event.is_set():
            query = QUERIES[n % len(QUERIES)]
            n += 1
            api = n % 2 == 0
            path = ("/api/search/?" if api else "/sv/sok/?") + urllib.parse.urlencode({"q": query})
            started = time.time()
            try:
                response = self.client.get(path)
            except OSError:
                self.client.close()
                self.records.append((started, 0, time.time() - started, 0))
                continue
            total = -1
            if api and response.status == 200:
                total = json.loads(response.body)["total"]
            elif response.status == 200:
                total = int('class="search-result"' in response.text)
            self.records.append((started, response.status, response.seconds, total))
            time.sleep(0.05)


def node_searches(url: str) -> int:
    """How many searches the node has answered (its own statistics)."""
    with urllib.request.urlopen(f"{url}/_nodes/stats/indices/search", timeout=5) as response:  # noqa: S310
        nodes = json.load(response)["nodes"]
    return sum(node["indices"]["search"]["query_total"] for node in nodes.values())


def summary(label: str, records: list) -> list[str]:
    failures = []
    if not records:
        return [f"{label}: no requests"]
    seconds = sorted(r[2] for r in records)
    errors = [r for r in records if r[1] != 200]
    empty = [r for r in records if r[1] == 200 and r[3] == 0]
    slow = [r for r in records if r[2] > SLOW_SECONDS]
    say(
        f"{label:9s} {len(records):4d} searches  p50 {statistics.median(seconds) * 1000:6.1f} ms"
        f"  p95 {seconds[int(len(seconds) * 0.95) - 1] * 1000:6.1f} ms"
        f"  max {seconds[-1] * 1000:7.1f} ms  not 200: {len(errors)}  no results: {len(empty)}"
    )
    if errors:
        failures.append(f"{label}: {len(errors)} answers were not 200 ({errors[0][1]})")
    if empty:
        failures.append(f"{label}: {len(empty)} searches found nothing")
    if slow:
        failures.append(f"{label}: {len(slow)} searches took more than {SLOW_SECONDS} s")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phase", type=float, default=10, help="seconds before the outage")
    parser.add_argument("--outage", type=float, default=15, help="seconds without the node")
    parser.add_argument("--recover", type=float, default=30, help="seconds allowed to recover")
    parser.add_argument("--searchers", type=int, default=3)
    args = parser.parse_args()

    started = time.monotonic()
    node = start_opensearch()
    var_dir = var_dir_for("searchfault")
    portal = None
    try:
        prepare(name="searchfault", var_dir=var_dir, assessments=1, minimal=True)
        portal = portal_start(
            var_dir=var_dir, page_cache=False, OPENSEARCH_TIMEOUT=str(TIMEOUT_SECONDS)
        )
        say(f"# setup {time.monotonic() - started:.0f} s (OpenSearch at {node.url})")

        stop = threading.Event()
        searchers = [Searcher(portal.url, stop, n) for n in range(args.searchers)]
        for searcher in searchers:
            searcher.start()
        time.sleep(args.phase)
        before_outage = node_searches(node.url)
        outage_started = time.time()
        node.stop()
        say(f"# node stopped (it had answered {before_outage} searches)")
        time.sleep(args.outage)
        restart_seconds = node.start()
        outage_ended = time.time()
        say(f"# node started again in {restart_seconds:.1f} s")
        at_restart = node_searches(node.url)
        back = None
        deadline = time.monotonic() + args.recover
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if node_searches(node.url) > at_restart:
                back = time.time() - outage_ended
                break
        time.sleep(2)
        stop.set()
        for searcher in searchers:
            searcher.join()

        records = [r for s in searchers for r in s.records]
        failures = []
        failures += summary("before", [r for r in records if r[0] < outage_started])
        failures += summary("outage", [r for r in records if outage_started <= r[0] < outage_ended])
        failures += summary("after", [r for r in records if r[0] >= outage_ended])
        log = portal.log.read_text(errors="replace")
        lines = [line for line in log.splitlines() if LOG_LINE in line]
        say(f"log lines saying so: {len(lines)}" + (f"\n  {lines[0][:300]}" if lines else ""))
        if not lines:
            failures.append(f"the portal's log never said {LOG_LINE!r}")
        if back is None:
            failures.append(f"searches did not go back to the node within {args.recover} s")
        else:
            say(f"searches back on the node {back:.1f} s after it was ready again")
        bad = [line for line in log.splitlines() if '" 500 ' in line or "Traceback" in line]
        if bad:
            failures.append(f"the portal's log has a 500 or a traceback: {bad[0][:300]}")
        say(f"# total {time.monotonic() - started:.0f} s")
        for failure in failures:
            say(f"FAILED: {failure}")
        return 1 if failures else 0
    finally:
        if portal is not None:
            portal.stop()
        node.remove()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
