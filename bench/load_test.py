"""Load test: readers, searchers, two county users saving answers and many programmes sending
annual reports at once against the production start, then a check that the database holds
every acknowledged answer and every acknowledged step of the annual reports.

    .venv/bin/python bench/load_test.py [--duration 120] [--minimal]
    .ci/with-postgres .venv/bin/python bench/load_test.py --duration 25 --minimal   (CI)

Readers GET random pages from /sitemap.xml, searchers GET /sv/sok/ with the questions in
search_questions.yaml, and two county users (two counties, each with assessments of its own)
save an area of one of their assessments about twice a second through the real form: GET the
area, POST it with the CSRF token and lock_version, follow the redirect. A save counts as
acknowledged when the server answers with that redirect; the test remembers the values it sent.
Meanwhile one ombud per programme (--programmes) starts, fills in and sends one annual report
after another, and a county user accepts each as it arrives (bench/reporting_traffic.py). At the
end every acknowledged answer must have exactly its last acknowledged value in the database,
every acknowledged save its values, every acknowledged sending a sent version, and every
acknowledged acceptance its accepted version and public figures. Exits 1 on any error (no
answer, 5xx, 4xx, a step that was not acknowledged) or mismatch. --minimal builds a small
site instead of loading the whole content pack (minutes).
"""

import argparse
import queue
import shutil
import sys
import threading
import time

from reporting_traffic import Acceptor, Submitter, check_reports, reporting_users
from server import portal_start, prepare, say, var_dir_for
from traffic import Saver, Stats, check_answers, reader, search_paths, sitemap_paths


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=120, help="seconds (default 120)")
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--searchers", type=int, default=2)
    parser.add_argument("--pause", type=float, default=0.5, help="seconds between saves")
    parser.add_argument("--assessments", type=int, default=5, help="per county user")
    parser.add_argument(
        "--programmes", type=int, default=12, help="programmes sending annual reports at once"
    )
    parser.add_argument("--minimal", action="store_true", help="a small site, not the pack")
    args = parser.parse_args()

    started = time.monotonic()
    var_dir = var_dir_for("loadtest")
    vendor, users = prepare(
        name="loadtest",
        var_dir=var_dir,
        counties=("AB", "O"),
        assessments=args.assessments,
        minimal=args.minimal,
    )
    reporters = reporting_users(programmes=args.programmes)
    portal = portal_start(var_dir=var_dir)
    try:
        return run(args, vendor, users, reporters, portal, started)
    finally:
        portal.stop()
        shutil.rmtree(var_dir, ignore_errors=True)


def run(args, vendor, users, reporters, portal, started) -> int:
    stats = Stats()
    pages, queries = sitemap_paths(portal.url), search_paths()
    savers = [Saver(portal.url, user, stats, pause=args.pause) for user in users]
    ombud, county_staff = reporters
    sent = queue.Queue()
    submitters = [Submitter(portal.url, user, stats, sent, pause=args.pause) for user in ombud]
    acceptor = Acceptor(portal.url, county_staff, stats, sent)
    stop = threading.Event()
    threads = [
        *(
            threading.Thread(target=reader, args=(portal.url, pages, stats, stop))
            for _ in range(args.readers)
        ),
        *(
            threading.Thread(
                target=reader, args=(portal.url, queries, stats, stop), kwargs={"kind": "search"}
            )
            for _ in range(args.searchers)
        ),
        *(threading.Thread(target=saver.run, args=(stop,)) for saver in savers),
        *(threading.Thread(target=submitter.run, args=(stop,)) for submitter in submitters),
        threading.Thread(target=acceptor.run, args=(stop,)),
    ]
    say(
        f"# {vendor}: {args.readers} readers over {len(pages)} pages, {args.searchers} searchers, "
        f"{len(savers)} county users saving, {len(submitters)} programmes sending annual "
        f"reports, {args.duration} s "
        f"(setup {time.monotonic() - started:.0f} s)"
    )
    for thread in threads:
        thread.start()
    time.sleep(args.duration)
    stop.set()
    for thread in threads:
        thread.join()

    for line in stats.summary():
        say(line)
    errors = [r for r in stats.records if not 200 <= r.status < 400]
    for record in errors[:10]:
        say(f"ERROR {record.kind} {record.status}: {record.body[:200]!r}")
    problems = check_answers(savers, exact=True)
    acknowledged = sum(saver.saves for saver in savers)
    answers = sum(len(saver.acknowledged) for saver in savers)
    not_acknowledged = sum(saver.failed for saver in savers)
    say(
        f"# saves acknowledged {acknowledged} ({answers} answers checked), not acknowledged "
        f"{not_acknowledged}, errors {len(errors)}, mismatches {len(problems)}; "
        f"{len(stats.records)} requests, {time.monotonic() - started:.0f} s in all"
    )
    for problem in problems[:10]:
        say(f"MISMATCH {problem}")
    reporting_problems = check_reports(submitters, acceptor)
    refused = [f for s in submitters for f in s.failed] + acceptor.failed
    say(
        f"# annual reports: started {sum(len(s.started) for s in submitters)}, saves "
        f"acknowledged {sum(len(s.saved) for s in submitters)}, sent "
        f"{sum(len(s.submitted) for s in submitters)}, accepted {len(acceptor.accepted)}; "
        f"not acknowledged {len(refused)}, mismatches {len(reporting_problems)}"
    )
    for problem in [*reporting_problems, *map(str, refused)][:10]:
        say(f"MISMATCH {problem}")
    problems = problems + reporting_problems
    crashed = [s.crashed for s in [*savers, *submitters, acceptor] if s.crashed]
    for crash in crashed:
        say(f"CRASH {crash}")
    failed = errors or problems or not_acknowledged or not acknowledged or crashed or refused
    failed = failed or not acceptor.accepted
    if failed:
        # What the server said about it, for the CI log (the run's directory is removed).
        lines = portal.log.read_text(errors="replace").splitlines()
        for line in [line for line in lines if "Error" in line][-5:]:
            say(
                f"LOG {line[:160]} … {line.replace(chr(92) + 'n', chr(10)).splitlines()[-1][-200:]}"
            )
    say("FAIL" if failed else "PASS")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
