"""The passwords of private pages and documents are throttled like sign-ins.

Wagtail checks them in its own views (`wagtailcore_authenticate_with_password`,
`wagtaildocs_authenticate_with_password`), which count nothing: a shared password could be
guessed at leisure. Here each wrong password is reported to django-axes as a failed sign-in for
the restriction, so five wrong ones from one address lock that address out of that restriction
for AXES_COOLOFF_TIME, with the same 429 page, records and log line as the sign-in.
"""

import functools

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from wagtail.documents.views import serve as document_views
from wagtail.views import authenticate_with_password as page_password_view

from accounts.views import locked_out


def _throttled(view, kind: str, restriction_argument: str):
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        credentials = {"username": f"{kind}-{kwargs[restriction_argument]}"}
        if not AxesProxyHandler.is_allowed(request, credentials):
            return locked_out(request, credentials=credentials)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:  # the form again: the password was wrong
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return response

    return wrapped


page_password = _throttled(page_password_view, "sidlosenord", "page_view_restriction_id")
document_password = _throttled(
    document_views.authenticate_with_password, "dokumentlosenord", "restriction_id"
)
