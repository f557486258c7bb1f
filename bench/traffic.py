"""Traffic for the load and fault tests: readers, searchers and county users saving answers
through the tool's area form as a browser does (GET the form, POST it with the CSRF token and
lock_version, follow the redirect), and the check that the database holds what was acknowledged.
"""

import html
import random
import re
import threading
import time
import traceback
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from server import Client, CountyUser, form_fields, percentile

QUESTIONS = Path(__file__).with_name("search_questions.yaml")
STATUS_SUFFIX = "-status"


@dataclass
class Record:
    kind: str
    status: int  # 0: no answer (socket error or timeout)
    seconds: float
    at: float  # wall-clock time the request started
    body: str = ""


@dataclass
class Stats:
    records: list[Record] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: Record) -> None:
        with self.lock:
            self.records.append(record)

    def summary(self, *, acceptable=lambda record: 200 <= record.status < 400) -> list[str]:
        kinds = defaultdict(list)
        for record in self.records:
            kinds[record.kind].append(record)
        lines = [f"{'kind':<10} {'requests':>8} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7}"]
        for kind, records in sorted(kinds.items()):
            times = [r.seconds * 1000 for r in records]
            errors = sum(not acceptable(r) for r in records)
            lines.append(
                f"{kind:<10} {len(records):>8} {errors:>6} {percentile(times, 0.5):>7.1f}"
                f" {percentile(times, 0.95):>7.1f}"
            )
        return lines


def timed(stats: Stats, kind: str, client: Client, method: str, path: str, fields=None):
    started, wall = time.perf_counter(), time.time()
    try:
        response = client.get(path) if method == "GET" else client.post(path, fields)
    except OSError:
        client.close()
        stats.add(Record(kind, 0, time.perf_counter() - started, wall))
        return None
    stats.add(Record(kind, response.status, response.seconds, wall, response.text[:4000]))
    return response


def sitemap_paths(base_url: str) -> list[str]:
    """The pages readers visit: every <loc> of /sitemap.xml, as paths."""
    response = Client(base_url).get("/sitemap.xml")
    if response.status != 200:
        raise RuntimeError(f"/sitemap.xml answered {response.status}")
    locations = re.findall(r"<loc>([^<]+)</loc>", response.text)
    return [urllib.parse.urlsplit(html.unescape(url)).path for url in locations] or ["/sv/"]


def search_paths() -> list[str]:
    queries = yaml.safe_load(QUESTIONS.read_text())["queries"]
    return [
        f"/sv/sok/?{urllib.parse.urlencode({'q': q['q']})}"
        for q in queries
        if q.get("lang", "sv") == "sv"
    ]


def reader(base_url: str, paths: list[str], stats: Stats, stop: threading.Event, *, kind="read"):
    client = Client(base_url, timeout=20)
    rng = random.Random()
    while not stop.is_set():
        timed(stats, kind, client, "GET", rng.choice(paths))
        stop.wait(0.01)


@dataclass
class Saver:
    """One county user saving answers in their own assessments, one area at a time."""

    base_url: str
    user: CountyUser
    stats: Stats
    pause: float = 0.5
    # (assessment id, item key) → the last acknowledged (status, comment, evidence)
    acknowledged: dict = field(default_factory=dict)
    # (assessment id, item key) → values sent after the last acknowledgement, not acknowledged
    unacknowledged: dict = field(default_factory=lambda: defaultdict(list))
    # (assessment id, area path, HTML) of the form the last acknowledged save came back with
    page: tuple | None = None
    saves: int = 0
    failed: int = 0
    crashed: str = ""
    conflicts: int = 0

    def run(self, stop: threading.Event) -> None:
        try:
            self._run(stop)
        except Exception:
            self.crashed = traceback.format_exc()
            raise

    def _run(self, stop: threading.Event) -> None:
        client = Client(self.base_url, cookie=self.user.cookie, timeout=20)
        rng = random.Random(self.user.username)
        areas = {}
        number = 0
        while not stop.is_set():
            assessment = rng.choice(self.user.assessments)
            if assessment not in areas:
                areas[assessment] = self._areas(client, assessment)
                if not areas[assessment]:
                    del areas[assessment]
                    stop.wait(self.pause)
                    continue
            path = rng.choice(areas[assessment])
            if self.page is not None and rng.random() < 0.7:
                # Like a person, mostly go on saving the area that is open (the form the last
                # save came back with), so that some saves are sent with a form held for a while.
                assessment, path = self.page[0], self.page[1]
            number += 1
            self._save(client, rng, assessment, path, number)
            stop.wait(self.pause)

    def _areas(self, client: Client, assessment: int) -> list[str]:
        response = timed(self.stats, "tool", client, "GET", f"/tillsyn/bedomningar/{assessment}/")
        if response is None or response.status != 200:
            return []
        pattern = rf"/tillsyn/bedomningar/{assessment}/omraden/[\w-]+/"
        return sorted(set(re.findall(pattern, response.text)))

    def _save(self, client: Client, rng: random.Random, assessment: int, path: str, n: int):
        if self.page is not None and self.page[1] == path:
            text = self.page[2]
        else:
            page = timed(self.stats, "form", client, "GET", path)
            if page is None or page.status != 200:
                return
            text = page.text
        self.page = None
        fields = form_fields(text)
        options = defaultdict(list)
        for name, value in re.findall(r'<input type="radio" name="([^"]+)" value="([^"]*)"', text):
            options[name].append(value)
        sent = {}
        values = dict(fields)
        for name, choices in options.items():
            key = name.removesuffix(STATUS_SUFFIX)
            status = rng.choice(choices)
            comment = f"{self.user.username} sparning {n} {key} {rng.randrange(10**6)}"
            evidence = rng.choice(["", f"Protokoll {n}", "Verksamhetsplan"])
            values[name], values[f"{key}-comment"], values[f"{key}-evidence"] = (
                status,
                comment,
                evidence,
            )
            sent[(assessment, key)] = (status, comment, evidence)
        values["save"] = ""
        response = timed(self.stats, "save", client, "POST", path, list(values.items()))
        if (
            response is not None
            and response.status == 302
            and response.headers.get("location", "").endswith(path)
        ):
            # The server stored the answers: it redirects back with "Svaren är sparade".
            self.saves += 1
            for key, value in sent.items():
                self.acknowledged[key] = value
                self.unacknowledged.pop(key, None)
            page = timed(self.stats, "form", client, "GET", path)
            if page is not None and page.status == 200:
                self.page = (assessment, path, page.text)
            return
        if response is not None and response.status == 409:
            self.conflicts += 1
        self.failed += 1
        for key, value in sent.items():
            self.unacknowledged[key].append(value)


def check_answers(savers: list[Saver], *, exact: bool) -> list[str]:
    """Every acknowledged answer as the database holds it. With exact, the database must hold
    the last acknowledged value; otherwise it may hold a later save that failed on the way back
    (written, but the answer never reached the user), never an older one."""
    from django.db import connection

    from checklists.models import Answer

    connection.close()  # the database may have restarted since this process last used it
    problems = []
    for saver in savers:
        keys = saver.acknowledged
        stored = {
            (answer.assessment_id, answer.item_key): (
                answer.status,
                answer.comment,
                answer.evidence,
            )
            for answer in Answer.objects.filter(assessment_id__in={a for a, _ in keys})
        }
        for key, value in keys.items():
            found = stored.get(key)
            allowed = [value] if exact else [value, *saver.unacknowledged.get(key, [])]
            if found not in allowed:
                problems.append(f"{saver.user.username} {key}: acknowledged {value}, found {found}")
    return problems
