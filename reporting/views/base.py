"""What every view of the reporting tool shares: the guard, errors and downloads.

Every view requires a signed-in user with a verified second factor and a role in the tool
(reporting.access). Nothing here is cached: every response is `no-store`.
"""

import functools

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from accounts.decorators import second_factor_required
from portal.forms import form_error_summary
from reporting.access import access_for


def tool_view(view):
    """Second factor, a role in the tool, and no caching anywhere."""

    @second_factor_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        access = access_for(request.user)
        if not access.allowed:
            response = render(request, "reporting/no_access.html", status=403)
        else:
            request.access = access
            response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private"
        return response

    return wrapped


def add_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: per field where the form has the field."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def conflict_message(error) -> str:
    return _(
        "%(name)s sparade %(time)s, efter att du öppnade sidan. Ingenting av det du skrev är "
        "sparat, men allt står kvar nedan. Jämför med det som nu är sparat och spara igen."
    ) % {
        "name": error.saved_by or _("Någon annan"),
        "time": timezone.localtime(error.saved_at).strftime("%Y-%m-%d %H:%M"),
    }


def form_status(form, conflict=None) -> int:
    if conflict:
        return 409
    return 400 if form.is_bound and form.errors else 200


def errors_of(*forms) -> list[dict]:
    return form_error_summary(*forms)


def download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
