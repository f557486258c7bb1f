"""Guards for what needs a user signed in with a second factor (the tillsyn tool, the admin,
restricted pages and documents)."""

import functools

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from accounts import selectors


def is_verified(user) -> bool:
    """Signed in with a second factor in this session (django-otp's middleware decides)."""
    return bool(user.is_authenticated and getattr(user, "is_verified", lambda: False)())


def second_factor_step(request: HttpRequest) -> HttpResponse | None:
    """For a user signed in with the password only: the code prompt (or enrolment, for someone
    who has no app yet), coming back here afterwards. None for everyone else."""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return None
    step = "accounts:verify" if selectors.totp_enrolled(user=user) else "accounts:enroll"
    response = redirect_to_login(request.get_full_path(), reverse(step))
    add_never_cache_headers(response)
    return response


def second_factor_required(view):
    """Anonymous → sign in; password only → the code prompt (or enrolment); else the view.

    The response is marked never to be cached: these pages show what only staff may see.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), reverse("accounts:login"))
        else:
            response = second_factor_step(request) or view(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapped
