"""Sign-in in two steps (password, then a code from the app), enrolment, sign-out, lockout page.

Views are thin: they parse the form, call accounts.services, and keep the session's state.
Every page is Swedish, never cached, and works without JavaScript.
"""

import functools
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice

from accounts import selectors, services
from accounts.decorators import is_verified, second_factor_required
from accounts.forms import BackupCodeForm, LoginForm, PasswordChangeForm, TotpCodeForm
from accounts.qr import totp_qr_svg, totp_secret_groups
from portal.forms import form_error_summary as error_summary

logger = logging.getLogger("accounts")

# Wrong codes at the second step in one sign-in. Each one is also a failed login for axes,
# so the fifth locks the username and address out for AXES_COOLOFF_TIME as well.
MAX_WRONG_CODES = 5
WRONG_CODES_SESSION_KEY = "accounts_wrong_codes"


def swedish(view):
    """The account pages exist only in Swedish, whatever language the browser asks for."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        with override("sv"):
            return view(request, *args, **kwargs)

    return wrapped


def next_url(request: HttpRequest) -> str:
    """Where to go after signing in: the `next` parameter if it stays on this site."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return selectors.landing_url(user=request.user)


def _with_next(url_name: str, next_: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_})}"


def _second_step(user, next_: str) -> str:
    """The code prompt, or the enrolment page for someone who has no app yet."""
    step = "accounts:verify" if selectors.totp_enrolled(user=user) else "accounts:enroll"
    return _with_next(step, next_)


def _signed_out(request: HttpRequest, next_: str) -> HttpResponse:
    """A step after the password was reached without a signed-in session."""
    if request.method == "POST":
        messages.error(
            request,
            _("Din inloggning har gått ut eller avbrutits. Logga in igen för att fortsätta."),
        )
    return redirect(_with_next("accounts:login", next_))


def _second_factor_accepted(request: HttpRequest, device: Device) -> None:
    request.session.cycle_key()  # a new session id for the stronger sign-in
    otp_login(request, device)
    request.session.pop(WRONG_CODES_SESSION_KEY, None)
    logger.info(
        "Second factor accepted",
        extra={"user_id": request.user.pk, "device": device.persistent_id},
    )


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Vänta %(seconds)d sekund och försök sedan igen.",
        "Vänta %(seconds)d sekunder och försök sedan igen.",
        seconds,
    ) % {"seconds": seconds}


@swedish
@never_cache
@sensitive_post_parameters("password")
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_ = next_url(request)
    if is_verified(request.user):
        return redirect(next_)
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        user = form.get_user()
        # A password alone never carries over a second factor from an earlier sign-in.
        request.session.pop(DEVICE_ID_SESSION_KEY, None)
        auth_login(request, user)
        logger.info("Password accepted", extra={"user_id": user.pk})
        if next_ == resolve_url(settings.LOGIN_REDIRECT_URL):
            # The default, not a page asked for: where this user starts (ombud elsewhere).
            next_ = selectors.landing_url(user=user)
        return redirect(_second_step(user, next_))
    context = {"form": form, "next": next_, "errors": error_summary(form)}
    return render(request, "accounts/login.html", context)


@swedish
@never_cache
@sensitive_post_parameters("token", "backup_code")
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    next_ = next_url(request)
    user = request.user
    if not user.is_authenticated:
        return _signed_out(request, next_)
    if is_verified(user):
        return redirect(next_)
    if not selectors.totp_enrolled(user=user):
        return redirect(_with_next("accounts:enroll", next_))

    totp_form, backup_form = TotpCodeForm(), BackupCodeForm()
    if request.method == "POST":
        if "backup_code" in request.POST:
            form = backup_form = BackupCodeForm(request.POST)
            kind, field = "backup", "backup_code"
        else:
            form = totp_form = TotpCodeForm(request.POST)
            kind, field = "totp", "token"
        if form.is_valid():
            try:
                device = services.second_factor_verify(user=user, code=form.code, kind=kind)
            except services.SecondFactorThrottled as throttled:
                form.add_error(field, _wait_message(throttled.wait_seconds))
            else:
                if device is not None:
                    _second_factor_accepted(request, device)
                    if isinstance(device, StaticDevice):
                        _backup_code_used(request, user)
                    return redirect(next_)
                signed_out = _wrong_code(request, user, kind, next_)
                if signed_out:
                    return signed_out
                form.add_error(field, _wrong_code_message(request, kind))

    context = {
        "totp_form": totp_form,
        "backup_form": backup_form,
        "next": next_,
        "errors": error_summary(totp_form, backup_form),
    }
    return render(request, "accounts/verify.html", context)


def _backup_code_used(request: HttpRequest, user) -> None:
    left = selectors.backup_codes_left(user=user)
    messages.warning(
        request,
        ngettext(
            "Du loggade in med en reservkod. Du har %(count)d reservkod kvar.",
            "Du loggade in med en reservkod. Du har %(count)d reservkoder kvar.",
            left,
        )
        % {"count": left},
    )


def _wrong_code(request: HttpRequest, user, kind: str, next_: str) -> HttpResponse | None:
    """Count a wrong code; sign the user out after too many. Returns the response if so."""
    wrong = request.session.get(WRONG_CODES_SESSION_KEY, 0) + 1
    request.session[WRONG_CODES_SESSION_KEY] = wrong
    logger.warning(
        "Wrong second-factor code",
        extra={"user_id": user.pk, "kind": kind, "wrong_codes": wrong},
    )
    # Axes records it like a wrong password: AccessAttempt, AccessFailureLog, its log line,
    # and a lockout of the username and address at the limit.
    user_login_failed.send(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    if wrong < MAX_WRONG_CODES and not getattr(request, "axes_locked_out", False):
        return None
    logger.warning("Too many wrong codes, signed out", extra={"user_id": user.pk})
    auth_logout(request)
    messages.error(
        request, _("Du skrev fel kod för många gånger och har loggats ut. Logga in igen.")
    )
    return redirect(_with_next("accounts:login", next_))


def _wrong_code_message(request: HttpRequest, kind: str) -> str:
    left = MAX_WRONG_CODES - request.session.get(WRONG_CODES_SESSION_KEY, 0)
    if kind == "backup":
        message = _("Reservkoden stämmer inte, eller så har den redan använts.")
    else:
        message = _(
            "Koden stämmer inte. Skriv koden som appen visar just nu; den byts var 30:e sekund."
        )
    remaining = ngettext(
        "Du har %(count)d försök kvar innan du loggas ut.",
        "Du har %(count)d försök kvar innan du loggas ut.",
        left,
    ) % {"count": left}
    return f"{message} {remaining}"


@swedish
@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def enroll_view(request: HttpRequest) -> HttpResponse:
    next_ = next_url(request)
    user = request.user
    if not user.is_authenticated:
        return _signed_out(request, next_)
    if selectors.totp_enrolled(user=user):
        return redirect(next_ if is_verified(user) else _with_next("accounts:verify", next_))

    device = services.totp_device_pending(user=user)
    form = TotpCodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            codes = services.totp_device_confirm(device=device, token=form.code)
        except services.SecondFactorThrottled as throttled:
            form.add_error("token", _wait_message(throttled.wait_seconds))
        else:
            if codes is not None:
                device.refresh_from_db()
                _second_factor_accepted(request, device)
                logger.info("Authenticator app enrolled", extra={"user_id": user.pk})
                context = {"codes": codes, "next": next_}
                return render(request, "accounts/backup_codes.html", context)
            logger.info("Wrong code while enrolling", extra={"user_id": user.pk})
            form.add_error(
                "token",
                _(
                    "Koden stämmer inte. Kontrollera att du skannade koden på den här sidan "
                    "och att klockan i telefonen går rätt, och skriv sedan den kod som visas nu."
                ),
            )

    context = {
        "form": form,
        "next": next_,
        "errors": error_summary(form),
        "qr_svg": totp_qr_svg(
            device=device,
            title=_("QR-kod som lägger till PO-portalen i autentiseringsappen"),
        ),
        "secret": totp_secret_groups(device=device),
        "issuer": settings.OTP_TOTP_ISSUER,
    }
    return render(request, "accounts/enroll.html", context)


@swedish
@never_cache
@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, _("Du är utloggad."))
    return redirect("accounts:login")


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Axes' lockout response (AXES_LOCKOUT_CALLABLE): a Swedish page with status 429."""
    cool_off = settings.AXES_COOLOFF_TIME
    minutes = int(cool_off.total_seconds() // 60)
    with override("sv"):
        response = render(
            request,
            "accounts/locked_out.html",
            {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
            status=429,
        )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    add_never_cache_headers(response)
    return response


@swedish
@second_factor_required
@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Staff replace the one-time password they were given (or any later one)."""
    form = PasswordChangeForm(request.user, request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in, second factor included
        logger.info("Password changed", extra={"user_id": user.pk})
        messages.success(request, _("Ditt lösenord är bytt."))
        return redirect(selectors.landing_url(user=user))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "errors": error_summary(form)},
        status=400 if form.is_bound else 200,
    )
