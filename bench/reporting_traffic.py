"""Traffic for the load test from the reporting tool: many programmes filling in and sending
their annual reports at once, and the county's staff accepting them as they arrive, through
the real forms (GET the form, POST it with the CSRF token and lock_version, follow the
redirect); then the check that the database holds every acknowledged step.

A step counts as acknowledged when the server answers with the redirect that follows success:
the report started, the draft saved (with the number of ombud it was sent), the version sent,
the version accepted (the public figures written). Each programme works on its own reports, so
every acknowledged value must be in the database exactly.
"""

import queue
import random
import re
import secrets
import threading
import traceback
from dataclasses import dataclass, field

from server import Client, form_fields, session_cookie
from traffic import Stats, timed

BASE = "/tillsyn/rapportering"
YEARS = (2025, 2024, 2023, 2022, 2021)


@dataclass
class ReportingUser:
    username: str
    cookie: str
    programme: int = 0


def reporting_users(*, programmes: int, county: str = "AB"):
    """`programmes` programmes in the county, each with an ombud who has a signed-in session,
    and one member of the county's staff; returns (ombud, county staff)."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from checklists.models import County, Programme
    from checklists.staff import county_user_create
    from reporting import services

    county_obj = County.objects.get(code=county)
    ombud = []
    for number in range(programmes):
        programme = Programme(
            name=f"PO Redovisning {county} {number + 1}",
            county=county_obj,
            operation_form="kommunal",
            employer="Socialförvaltningen",
        )
        programme.full_clean()
        programme.save()
        # No password (hashing one per user is most of the setup): the session is written
        # directly, as a sign-in with a code would leave it.
        user = get_user_model().objects.create_user(
            username=f"bench-ombud-{county.lower()}-{number + 1}",
            email=f"bench-ombud-{number + 1}@example.invalid",
        )
        services.membership_set(actor=None, user=user, programme=programme, role="ombud")
        device = TOTPDevice.objects.create(user=user, name="Bänk", confirmed=True)
        ombud.append(ReportingUser(user.username, session_cookie(user, device), programme.pk))
    staff = county_user_create(
        username=f"bench-granskare-{county.lower()}",
        email="bench-granskare@example.invalid",
        county=county_obj,
        password=secrets.token_urlsafe(16),
    )
    device = TOTPDevice.objects.create(user=staff, name="Bänk", confirmed=True)
    return ombud, ReportingUser(staff.username, session_cookie(staff, device))


def _csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match.group(1) if match else ""


def _content() -> dict:
    """A whole report that adds up (the test factory's)."""
    from tests.factories.reporting import annual_content

    return annual_content()


@dataclass
class Submitter:
    """An ombud sending one annual report after another: start, save, send."""

    base_url: str
    user: ReportingUser
    stats: Stats
    sent: queue.Queue
    pause: float = 0.5
    saved: dict = field(default_factory=dict)  # (report id, version) → acknowledged ombud count
    submitted: list = field(default_factory=list)  # (report id, version number)
    started: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    crashed: str = ""

    def run(self, stop: threading.Event) -> None:
        try:
            self._run(stop)
        except Exception:
            self.crashed = traceback.format_exc()
            raise

    def _fail(self, step: str, response) -> None:
        self.failed.append((step, response.status if response is not None else 0))

    def _run(self, stop: threading.Event) -> None:
        client = Client(self.base_url, cookie=self.user.cookie, timeout=20)
        rng = random.Random(self.user.username)
        content = _content()
        for year in YEARS:
            if stop.is_set():
                return
            start = f"{BASE}/verksamheter/{self.user.programme}/arsredovisning/ny/"
            page = timed(self.stats, "form", client, "GET", start)
            if page is None or page.status != 200:
                self._fail("start form", page)
                return
            response = timed(
                self.stats,
                "submit",
                client,
                "POST",
                start,
                [("csrfmiddlewaretoken", _csrf(page.text)), ("year", str(year))],
            )
            match = re.search(r"/arsredovisningar/(\d+)/andra/$", _location(response))
            if not match:
                self._fail("start", response)
                return
            report = int(match.group(1))
            self.started.append(report)
            stop.wait(self.pause)
            if not self._save(client, rng, report, content):
                return
            stop.wait(self.pause)
            if not self._submit(client, report):
                return
            stop.wait(self.pause)

    def _save(self, client, rng, report: int, content: dict) -> bool:
        path = f"{BASE}/arsredovisningar/{report}/andra/"
        page = timed(self.stats, "form", client, "GET", path)
        if page is None or page.status != 200:
            self._fail("edit form", page)
            return False
        fields = dict(form_fields(page.text))
        count = rng.randrange(1, 40)
        for name, value in content.items():
            fields[name] = "" if value is None else str(value).replace(".", ",")
        fields["ombud"] = str(count)
        fields["save"] = ""
        response = timed(self.stats, "submit", client, "POST", path, list(fields.items()))
        if _location(response).endswith(path):
            self.saved[report] = count
            return True
        self._fail("save", response)
        return False

    def _submit(self, client, report: int) -> bool:
        path = f"{BASE}/arsredovisningar/{report}/skicka-in/"
        page = timed(self.stats, "form", client, "GET", path)
        if page is None or page.status != 200:
            self._fail("submit form", page)
            return False
        response = timed(self.stats, "submit", client, "POST", path, form_fields(page.text))
        if _location(response).endswith(f"{BASE}/arsredovisningar/{report}/"):
            self.submitted.append(report)
            self.sent.put(report)
            return True
        self._fail("submit", response)
        return False


@dataclass
class Acceptor:
    """The county's staff accepting each sent report as it arrives."""

    base_url: str
    user: ReportingUser
    stats: Stats
    sent: queue.Queue
    accepted: list = field(default_factory=list)
    failed: list = field(default_factory=list)
    crashed: str = ""

    def run(self, stop: threading.Event) -> None:
        try:
            client = Client(self.base_url, cookie=self.user.cookie, timeout=20)
            while not (stop.is_set() and self.sent.empty()):
                try:
                    report = self.sent.get(timeout=0.2)
                except queue.Empty:
                    continue
                path = f"{BASE}/arsredovisningar/{report}/granska/"
                page = timed(self.stats, "form", client, "GET", path)
                if page is None or page.status != 200:
                    self.failed.append(("review form", page.status if page else 0))
                    continue
                fields = [
                    ("csrfmiddlewaretoken", _csrf(page.text)),
                    ("lock_version", _lock_version(page.text)),
                    ("accept", ""),
                ]
                response = timed(self.stats, "submit", client, "POST", path, fields)
                if _location(response).endswith(f"{BASE}/arsredovisningar/{report}/"):
                    self.accepted.append(report)
                else:
                    self.failed.append(("accept", response.status if response else 0))
        except Exception:
            self.crashed = traceback.format_exc()
            raise


def _location(response) -> str:
    if response is None or response.status != 302:
        return ""
    return response.headers.get("location", "")


def _lock_version(html: str) -> str:
    match = re.search(r'name="lock_version" value="(\d+)"', html)
    return match.group(1) if match else ""


def check_reports(submitters: list[Submitter], acceptor: Acceptor) -> list[str]:
    """Every acknowledged step as the database holds it."""
    from django.db import connection

    from reporting.models import AcceptedFigures, AnnualReport

    connection.close()  # the database may have restarted since this process last used it
    problems = []
    reports = {
        report.pk: report
        for report in AnnualReport.objects.prefetch_related("versions").filter(
            pk__in=[pk for s in submitters for pk in s.started]
        )
    }
    for submitter in submitters:
        for pk in submitter.started:
            if pk not in reports:
                problems.append(f"{submitter.user.username}: report {pk} started, not found")
        for pk, count in submitter.saved.items():
            version = reports[pk].versions.order_by("-number").first()
            if version.content.get("ombud") != count:
                problems.append(f"report {pk}: saved ombud={count}, found {version.content}")
        for pk in submitter.submitted:
            version = reports[pk].versions.order_by("-number").first()
            if version.state == "utkast":
                problems.append(f"report {pk}: sent, but still a draft")
    figures = {f.version.report_id: f for f in AcceptedFigures.objects.select_related("version")}
    for pk in acceptor.accepted:
        report = reports[pk]
        if report.accepted_version_id is None or pk not in figures:
            problems.append(f"report {pk}: accepted, but no accepted version or figures")
        elif figures[pk].version_id != report.accepted_version_id:
            problems.append(f"report {pk}: figures of another version")
    return problems
