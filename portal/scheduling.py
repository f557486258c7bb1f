"""Scheduled publishing that runs by itself (issue 16).

Wagtail publishes a page whose "Publiceringsdatum" has come, and unpublishes one whose
"Avpubliceringsdatum" has passed, only when `manage.py publish_scheduled` runs. In production
every gunicorn worker runs a small thread (`start_in_background`, from `post_worker_init` in
portal/gunicorn_conf.py) that calls `publish_due` every PORTAL_PUBLISH_SCHEDULED_SECONDS.

One runner at a time per installation: `publish_due` holds a lock while it works, and a runner
that finds it taken does nothing. On PostgreSQL the lock is an advisory lock in the database,
so it spans every machine; on SQLite (one machine by nature) it is a file lock beside the
other state in VAR_DIR. The command `publish_scheduled` takes the same lock (portal's command
replaces Wagtail's), so cron, a systemd timer or a Kubernetes CronJob can run it as well, at
the same time as the workers, without publishing anything twice.
"""

import contextlib
import fcntl
import logging
import random
import threading
from io import StringIO

from django.conf import settings
from django.db import connection
from django.utils import timezone

logger = logging.getLogger("portal.scheduling")

# pg_try_advisory_lock's key: "POPU" (PO-portalen, publish), the same in every process.
ADVISORY_LOCK_KEY = 0x504F5055


@contextlib.contextmanager
def exclusive():
    """Yields True while this runner holds the installation's publishing lock, else False."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
            held = cursor.fetchone()[0]
        try:
            yield held
        finally:
            if held:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])
        return
    path = settings.PORTAL_SCHEDULER_LOCK_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def _due() -> int:
    from wagtail.models import Page, Revision

    now = timezone.now()
    return (
        Revision.objects.filter(approved_go_live_at__lt=now).count()
        + Page.objects.filter(live=True, expire_at__lt=now).count()
    )


def publish_due() -> int | None:
    """Publish and unpublish what is due, as Wagtail's command does. Returns how many objects
    were due, or None when another runner holds the lock."""
    from wagtail.management.commands.publish_scheduled import Command

    with exclusive() as held:
        if not held:
            return None
        due = _due()
        if due:
            Command(stdout=StringIO(), stderr=StringIO()).handle(dryrun=False)
            logger.info(
                "Scheduled publishing: %d due pages and objects published or unpublished.", due
            )
        return due


class ScheduledPublisher(threading.Thread):
    """Calls publish_due every `seconds` (with some jitter, so that workers started together
    do not all knock at once) until stopped. An error is logged and the next round tried."""

    def __init__(self, seconds: float):
        super().__init__(name="publish-scheduled", daemon=True)
        self.seconds = seconds
        self.stopped = threading.Event()
        self.failing = False
        self.rounds = 0

    def run(self):
        while not self.stopped.wait(self.seconds * random.uniform(0.8, 1.2)):  # noqa: S311
            self.run_once()

    def run_once(self):
        try:
            publish_due()
            if self.failing:
                logger.warning("Scheduled publishing works again.")
            self.failing = False
        except Exception:
            # Once per streak of failures, with the traceback; the next rounds go on trying.
            if not self.failing:
                logger.exception(
                    "Scheduled publishing failed; tried again every %s s.", self.seconds
                )
            self.failing = True
        finally:
            # This thread's own connection: never left open (or holding a lock) between rounds.
            connection.close()
            self.rounds += 1

    def stop(self):
        self.stopped.set()


_publisher = None


def start_in_background() -> ScheduledPublisher | None:
    """Start this process's publisher thread (once), unless PORTAL_PUBLISH_SCHEDULED_SECONDS
    is 0."""
    global _publisher
    seconds = settings.PORTAL_PUBLISH_SCHEDULED_SECONDS
    if seconds <= 0 or (_publisher is not None and _publisher.is_alive()):
        return _publisher
    _publisher = ScheduledPublisher(seconds)
    _publisher.start()
    return _publisher
