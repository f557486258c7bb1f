"""Workflow and comment notifications reach people, in Swedish, through a real SMTP server
(aiosmtpd, started by the tests); a mail server that is down fails no editor's action (issue 16).
"""

import email
import logging
import socket
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page, PageSubscription
from wagtail.users.models import UserProfile

from portal import mail as portal_mail
from tests.factories import StandardPageFactory
from tests.portal.test_translation_review import form_fields

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"

    def to(self, address: str) -> list:
        return [message for recipients, message in self.messages if address in recipients]

    def wait_for(self, count: int, seconds: float = 3.0) -> None:
        deadline = time.monotonic() + seconds
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(autouse=True)
def _no_outage_left_over():
    portal_mail.outage.reset()
    yield
    portal_mail.outage.reset()


@pytest.fixture
def smtp(settings):
    """A real SMTP server on a free local port, and the portal's backend pointed at it."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "portal.mail.ResilientSMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "PO-portalen <noreply@po.example.se>"
    settings.WAGTAILADMIN_BASE_URL = "https://po.example.se"
    inbox.controller = controller
    yield inbox
    if inbox.controller.loop.is_running():
        inbox.controller.stop()


def member_of(group: str, name: str, language: str = ""):
    user = get_user_model().objects.create_user(name, f"{name}@example.se", "x")
    user.groups.add(Group.objects.get(name=group))
    if language:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
    return user


@pytest.fixture
def people(db):
    return {
        "editor": member_of("Redaktör", "redaktor"),
        "reviewer": member_of("Granskare", "granskare"),
        "english_reviewer": member_of("Granskare", "reviewer", language="en"),
    }


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="Om ombud", slug="om-ombud")


def submit(page, user):
    """The editor submits a change for review, with the admin in English (their language)."""
    page.title = "Om ombud, ändrad"
    page.save_revision(user=user)
    with translation.override("en"):
        Page.get_first_root_node().get_workflow().start(page, user)
    page.refresh_from_db()


def subject(message) -> str:
    return str(message["Subject"]).strip()


def body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def test_a_submission_reaches_the_reviewers_in_swedish(smtp, people, page):
    submit(page, people["editor"])
    smtp.wait_for(2)
    [to_reviewer] = smtp.to("granskare@example.se")
    assert subject(to_reviewer) == (
        'Sidan "Om ombud, ändrad" har skickats in för godkännande i modereringssteget "Granskning"'
    )
    assert body(to_reviewer).startswith("Hej granskare,")
    assert "Granskning" in body(to_reviewer)
    assert f"https://po.example.se/admin/pages/{page.pk}/edit/" in body(to_reviewer)
    assert to_reviewer["From"] == "PO-portalen <noreply@po.example.se>"
    # A reviewer who chose English in their profile gets English; the editor gets nothing.
    [to_english] = smtp.to("reviewer@example.se")
    assert subject(to_english).startswith('The page "Om ombud, ändrad" has been submitted')
    assert smtp.to("redaktor@example.se") == []


def test_approval_and_rejection_reach_the_editor_in_swedish(smtp, people, page):
    submit(page, people["editor"])
    smtp.wait_for(2)
    state = page.current_workflow_task_state.specific
    with translation.override("en"):
        state.reject(user=people["reviewer"], comment="Källan saknas.")
    smtp.wait_for(3)
    [rejected] = smtp.to("redaktor@example.se")
    assert subject(rejected) == 'Sidan "Om ombud, ändrad" blivit avvisad i "Granska och publicera".'
    assert 'Följande kommentar lämnades: "Källan saknas."' in body(rejected)

    page.refresh_from_db()
    page.current_workflow_state.resume(people["editor"])  # "Skicka in igen"
    page.refresh_from_db()
    with translation.override("en"):
        page.current_workflow_task_state.specific.approve(user=people["reviewer"])
    smtp.wait_for(6)
    approved = smtp.to("redaktor@example.se")[-1]
    assert (
        subject(approved)
        == 'Sidan "Om ombud, ändrad" har blivit godkänd i "Granska och publicera".'
    )
    assert "Hej redaktor," in body(approved)
    page.refresh_from_db()
    assert page.live and page.title == "Om ombud, ändrad"


def comment_on(client, page, text: str):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = form_fields(client.get(url).content.decode())
    data.update(
        {
            "body-count": data.get("body-count", "0"),
            "comments-TOTAL_FORMS": "1",
            "comments-INITIAL_FORMS": "0",
            "comments-0-id": "",
            "comments-0-contentpath": "title",
            "comments-0-text": text,
            "comments-0-position": "",
            "comments-0-resolved": "",
            "comments-0-replies-TOTAL_FORMS": "0",
            "comments-0-replies-INITIAL_FORMS": "0",
        }
    )
    return client.post(url, data)


def test_a_comment_reaches_the_pages_subscribers_in_swedish(client, smtp, people, page):
    PageSubscription.objects.create(page=page, user=people["reviewer"], comment_notifications=True)
    client.force_login(people["editor"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = comment_on(client, page, "Kolla årtalet, @granskare.")
    assert response.status_code == 302, response.content.decode()[:2000]
    smtp.wait_for(1)
    [message] = smtp.to("granskare@example.se")
    assert subject(message) == 'redaktor har uppdaterat kommentarer på "Om ombud"'
    assert 'Nya kommentarer:\n - "Kolla årtalet, @granskare."' in body(message)


def test_with_the_mail_server_down_the_workflow_goes_on_and_one_line_says_why(
    client, smtp, people, page, caplog
):
    smtp.controller.stop()
    caplog.set_level(logging.INFO)
    PageSubscription.objects.create(page=page, user=people["reviewer"], comment_notifications=True)
    client.force_login(people["editor"])
    assert comment_on(client, page, "Ny kommentar").status_code == 302  # saved, no 500
    submit(page, people["editor"])
    assert page.current_workflow_task_state is not None  # the submission went through
    page.refresh_from_db()
    page.current_workflow_task_state.specific.approve(user=people["reviewer"])
    page.refresh_from_db()
    assert page.live and page.title == "Om ombud, ändrad"

    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1, [r.getMessage() for r in failures]
    line = failures[0].getMessage()
    assert failures[0].name == "portal.mail"
    assert line.startswith(f"Mail server 127.0.0.1:{smtp.controller.port} unreachable")
    assert "ConnectionRefusedError" in line
    assert smtp.messages == []


def test_wagtails_notifiers_and_comment_mail_are_wrapped():
    from wagtail.admin.views.pages import edit
    from wagtail.signals import (
        task_submitted,
        workflow_approved,
        workflow_rejected,
        workflow_submitted,
    )

    assert getattr(edit.send_notification, "in_site_language", False)
    for signal in (task_submitted, workflow_submitted, workflow_approved, workflow_rejected):
        receivers = [receiver for _key, receiver, _weak in signal.receivers]
        assert receivers and all(getattr(r, "in_site_language", False) for r in receivers)


def test_a_server_error_reaches_the_operators_by_mail(smtp, settings, home):
    settings.ADMINS = [("drift@example.se", "drift@example.se")]
    settings.ROOT_URLCONF = "tests.portal.test_ops"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    smtp.wait_for(1)
    [report] = smtp.to("drift@example.se")
    assert subject(report).startswith("[PO-portalen] ERROR")
    assert "/boom/" in subject(report)
    assert "RuntimeError at /boom/\na bug" in body(report)
    assert settings.EMAIL_HOST_PASSWORD == "" or settings.EMAIL_HOST_PASSWORD not in body(report)


def test_a_server_error_with_the_mail_server_down_is_still_a_plain_500(
    smtp, settings, home, caplog
):
    smtp.controller.stop()
    settings.ADMINS = [("drift@example.se", "drift@example.se")]
    settings.ROOT_URLCONF = "tests.portal.test_ops"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert [r.name for r in caplog.records if r.name == "portal.mail"] == ["portal.mail"]


def test_the_mail_server_is_tried_again_after_the_pause_and_recovery_is_logged(
    smtp, settings, caplog
):
    from django.core.mail import send_mail

    settings.EMAIL_PAUSE_SECONDS = 0
    smtp.controller.stop()
    assert send_mail("Ett", "a", None, ["a@example.se"]) == 0
    assert send_mail("Två", "b", None, ["a@example.se"]) == 0
    smtp.controller = Controller(smtp, hostname="127.0.0.1", port=smtp.controller.port)
    smtp.controller.start()
    assert send_mail("Tre", "c", None, ["a@example.se"]) == 1
    smtp.wait_for(1)
    assert [subject(m) for _to, m in smtp.messages] == ["Tre"]
    lines = [r.getMessage() for r in caplog.records if r.name == "portal.mail"]
    assert len(lines) == 2
    assert lines[1].endswith("2 e-mails were not sent meanwhile.")
