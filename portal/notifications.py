"""Wagtail's e-mail notifications in the site's language (issue 16).

Wagtail renders each notification in the recipient's preferred admin language; a recipient who
has chosen none gets the language active in the request that triggered it. So an editor using
the admin in English would send English workflow and comment mail to every reviewer who never
chose a language. Here every notification is rendered with the site's language
(LANGUAGE_CODE, Swedish) active: recipients get Swedish unless they have chosen another
language themselves (Konto → Inställningar → Språk).

Wagtail's receivers are replaced by the same notifiers wrapped, under Wagtail's own dispatch
uids (whichever app's ready() runs first, only one receiver per signal stays connected), and
the comment view's reference to `send_notification` is wrapped in the same way.
"""

import functools

from django.conf import settings
from django.utils import translation


def in_site_language(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return function(*args, **kwargs)

    wrapper.in_site_language = True
    return wrapper


def _receivers():
    from wagtail.admin import signal_handlers as handlers
    from wagtail.models import TaskState, WorkflowState
    from wagtail.signals import (
        task_submitted,
        workflow_approved,
        workflow_rejected,
        workflow_submitted,
    )

    return [
        (
            task_submitted,
            TaskState,
            handlers.task_submission_email_notifier,
            "group_approval_task_submitted_email_notification",
        ),
        (
            workflow_submitted,
            WorkflowState,
            handlers.workflow_submission_email_notifier,
            "workflow_state_submitted_email_notification",
        ),
        (
            workflow_rejected,
            WorkflowState,
            handlers.workflow_rejection_email_notifier,
            "workflow_state_rejected_email_notification",
        ),
        (
            workflow_approved,
            WorkflowState,
            handlers.workflow_approval_email_notifier,
            "workflow_state_approved_email_notification",
        ),
    ]


def install():
    from wagtail.admin.views.pages import edit

    for signal, sender, notifier, uid in _receivers():
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(in_site_language(notifier), sender=sender, dispatch_uid=uid, weak=False)
    if not getattr(edit.send_notification, "in_site_language", False):
        # The page editor calls it for comment notifications (send_commenting_notifications);
        # tests/editorial/test_notifications.py fails should Wagtail stop doing so.
        edit.send_notification = in_site_language(edit.send_notification)
