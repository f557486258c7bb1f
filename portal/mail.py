"""Sending e-mail without ever failing the action that sends it (issue 16).

Wagtail sends its workflow and comment notifications from inside the editor's request. Django's
SMTP backend raises when the mail server cannot be reached, and Wagtail catches only some of
those errors (a refused or timed-out connection for workflow mail; nothing for comment mail,
which then answers 500 after the page was saved). `ResilientSMTPBackend` never raises while
connecting: the editor's action goes on, the mail is dropped, and the log says so once per
outage, in one line:

    Mail server smtp.example.se:587 unreachable (ConnectionRefusedError: …): e-mail is not sent …

While it is down, no process waits for the server's timeout on every message: after a failure
the backend does not try again for EMAIL_PAUSE_SECONDS. A reminder is logged every
REMIND_SECONDS while the outage lasts, and when a message goes through again the log says how
many were lost meanwhile. A server that accepts the connection but refuses one message (an
unknown recipient) still raises, as before, for the caller to log (Wagtail does, per recipient).
"""

import contextlib
import logging
import threading
import time

from django.conf import settings
from django.core.mail.backends.smtp import EmailBackend

logger = logging.getLogger("portal.mail")

REMIND_SECONDS = 15 * 60


class _Outage:
    """What this process knows about the mail server being down (shared by every backend)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.since = None  # time.monotonic() of the first failure, None while all is well
        self.retry_at = 0.0
        self.logged_at = 0.0
        self.lost = 0

    def pausing(self) -> bool:
        with self.lock:
            return self.since is not None and time.monotonic() < self.retry_at

    def failed(self, server: str, error: BaseException) -> None:
        now = time.monotonic()
        with self.lock:
            pause = getattr(settings, "EMAIL_PAUSE_SECONDS", 30)
            self.retry_at = now + pause
            if self.since is None:
                self.since, self.logged_at = now, now
                logger.error(
                    "Mail server %s unreachable (%s: %s): e-mail is not sent, editors' actions "
                    "go on; tried again after %s s.",
                    server,
                    type(error).__name__,
                    error,
                    pause,
                )
            elif now - self.logged_at >= REMIND_SECONDS:
                self.logged_at = now
                logger.error(
                    "Mail server %s still unreachable after %d s (%s: %s): %d e-mails not sent.",
                    server,
                    now - self.since,
                    type(error).__name__,
                    error,
                    self.lost,
                )

    def dropped(self, count: int) -> None:
        with self.lock:
            self.lost += count

    def sent(self, server: str) -> None:
        with self.lock:
            if self.since is None:
                return
            logger.warning(
                "Mail server %s answers again after %d s; %d e-mails were not sent meanwhile.",
                server,
                time.monotonic() - self.since,
                self.lost,
            )
            self.reset()


outage = _Outage()


class ResilientSMTPBackend(EmailBackend):
    @property
    def server(self) -> str:
        return f"{self.host}:{self.port}"

    def open(self):
        if self.connection:
            return False
        if outage.pausing():
            return None
        # Django's open() either raises or stays silent; here it raises to us, and we log.
        fail_silently, self.fail_silently = self.fail_silently, False
        try:
            return super().open()
        except OSError as error:  # refused, timed out, unknown host, TLS, login (SMTPException)
            self._forget_connection()
            outage.failed(self.server, error)
            return None
        finally:
            self.fail_silently = fail_silently

    def _forget_connection(self):
        """Django keeps the connection object when STARTTLS or the login fails after it."""
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(OSError):
                connection.close()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        sent = super().send_messages(email_messages)
        if self.connection is None and not sent:
            outage.dropped(len(email_messages))
        elif sent:
            outage.sent(self.server)
        return sent
