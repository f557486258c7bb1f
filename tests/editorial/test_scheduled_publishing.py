"""Scheduled publishing runs by itself in the production start, one runner at a time (issue 16)."""

import contextlib
import importlib.util
import threading
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, Revision

from portal import scheduling
from tests.factories import StandardPageFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _lock_file_of_its_own(settings, tmp_path):
    settings.PORTAL_SCHEDULER_LOCK_FILE = tmp_path / "publish-scheduled.lock"


def scheduled(home, *, minutes: int, title: str = "Ny rubrik") -> Page:
    """A live page with a change approved to go live `minutes` from now (negative: the past)."""
    page = StandardPageFactory(parent=home, title="Gammal rubrik", slug=f"sida-{minutes}")
    page.title = title
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() + timedelta(minutes=minutes)
    revision.save(update_fields=["approved_go_live_at"])
    return page


def scheduled_new_page(home) -> Page:
    page = StandardPageFactory(parent=home, title="Kommer snart", slug="kommer-snart", live=False)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(seconds=5)
    revision.save(update_fields=["approved_go_live_at"])
    return page


def publications(page) -> int:
    return PageLogEntry.objects.filter(page=page, action="wagtail.publish.scheduled").count()


@pytest.mark.django_db
def test_what_is_due_is_published_and_what_is_not_waits(home):
    due, later, new = (
        scheduled(home, minutes=-1),
        scheduled(home, minutes=60),
        scheduled_new_page(home),
    )
    expiring = StandardPageFactory(parent=home, slug="gar-ut")
    expiring.expire_at = timezone.now() - timedelta(minutes=1)
    expiring.save()

    assert scheduling.publish_due() == 3
    for page in (due, later, new, expiring):
        page.refresh_from_db()
    assert due.title == "Ny rubrik" and due.live
    assert later.title == "Gammal rubrik"
    assert new.live and new.title == "Kommer snart"
    assert not expiring.live and expiring.expired
    assert scheduling.publish_due() == 0  # nothing twice
    assert publications(due) == 1


@contextlib.contextmanager
def lock_held_by_another_runner():
    """Another runner's lock: its own database connection (PostgreSQL's advisory locks are
    per session), or its own open file (SQLite)."""
    if connection.vendor == "postgresql":
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [scheduling.ADVISORY_LOCK_KEY])
            yield
        finally:
            other.close()
    else:
        with scheduling.exclusive() as held:
            assert held
            yield


@pytest.mark.django_db
def test_a_runner_finding_the_lock_taken_does_nothing(home):
    page = scheduled(home, minutes=-1)
    with lock_held_by_another_runner():
        assert scheduling.publish_due() is None
        out = StringIO()
        call_command("publish_scheduled", stdout=out)
        assert "En annan körning publicerar redan" in out.getvalue()
    page.refresh_from_db()
    assert page.title == "Gammal rubrik"
    call_command("publish_scheduled", stdout=StringIO())  # the lock is free again
    page.refresh_from_db()
    assert page.title == "Ny rubrik"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_background_runner_publishes_a_page_scheduled_in_the_past(home, settings):
    settings.PORTAL_PUBLISH_SCHEDULED_SECONDS = 0.05
    page = scheduled(home, minutes=-1)
    publisher = scheduling.start_in_background()
    try:
        # Not reading the page meanwhile: SQLite's shared in-memory test database refuses a
        # read while another connection writes (a file database waits instead).
        deadline = time.monotonic() + 5
        while publisher.rounds < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        publisher.stop()
        publisher.join(5)
        scheduling._publisher = None
    assert page.title == "Ny rubrik" and page.live
    assert publications(page) == 1
    assert not publisher.is_alive()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runners_at_once_publish_once_and_neither_crashes(home):
    pages = [scheduled(home, minutes=-1 - i, title=f"Ny rubrik {i}") for i in range(3)]
    publish = Revision.publish
    results, errors = [], []
    start = threading.Barrier(2)

    def slow_publish(self, *args, **kwargs):
        time.sleep(0.2)  # both runners are surely at work at the same time
        return publish(self, *args, **kwargs)

    def runner():
        try:
            start.wait(5)
            results.append(scheduling.publish_due())
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    with mock.patch.object(Revision, "publish", slow_publish):
        threads = [threading.Thread(target=runner) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert errors == []
    assert sorted(results, key=str) == [3, None] or sorted(results) == [0, 3]
    for i, page in enumerate(pages):
        page.refresh_from_db()
        assert page.title == f"Ny rubrik {i}"
        assert publications(page) == 1


def test_a_failing_round_is_logged_once_and_the_runner_goes_on(caplog):
    publisher = scheduling.ScheduledPublisher(60)
    outcomes = [RuntimeError("trasig"), RuntimeError("trasig"), 0, 0]
    with (
        mock.patch.object(scheduling, "publish_due", side_effect=outcomes),
        mock.patch.object(scheduling, "connection") as thread_connection,
    ):
        for _ in outcomes:
            publisher.run_once()
    assert thread_connection.close.call_count == 4  # after every round, failed or not
    assert publisher.rounds == 4
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.scheduling"]
    assert lines == [
        "Scheduled publishing failed; tried again every 60 s.",
        "Scheduled publishing works again.",
    ]


def test_every_gunicorn_worker_starts_the_runner_and_zero_turns_it_off(settings):
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "portal/gunicorn_conf.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    with mock.patch.object(scheduling, "start_in_background") as start:
        conf.post_worker_init(worker=None)
    start.assert_called_once_with()
    settings.PORTAL_PUBLISH_SCHEDULED_SECONDS = 0
    assert scheduling.start_in_background() is None


def test_portals_command_replaces_wagtails():
    from django.core.management import get_commands

    assert get_commands()["publish_scheduled"] == "portal"
