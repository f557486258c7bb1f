"""Sign-in forms: password, a code from the app, a backup code. Swedish errors for each case."""

import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Room for a code typed with spaces or dashes; anything longer is not a code.
CODE_INPUT_MAX_LENGTH = 20
TOTP_DIGITS = 6
BACKUP_CODE_PATTERN = re.compile(r"[a-z2-7]{8}")  # django-otp's static tokens: 5 random bytes


def _compact(value: str) -> str:
    """Codes are often typed in groups ("123 456", "abcd-efgh"); the groups do not matter."""
    return re.sub(r"[\s\-]", "", value)


class LoginForm(AuthenticationForm):
    """Django's form (so authenticate() gets the request and axes sees every attempt)."""

    error_messages = {
        "invalid_login": _(
            "Användarnamnet eller lösenordet är fel. Efter fem misslyckade försök spärras "
            "inloggningen i 15 minuter."
        ),
        "inactive": _("Kontot är avstängt. Kontakta den som administrerar PO-portalen."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.label, password.label = _("Användarnamn"), _("Lösenord")
        username.error_messages.update(required=_("Skriv ditt användarnamn."))
        password.error_messages.update(required=_("Skriv ditt lösenord."))

    def clean_username(self) -> str:
        # Django sets the field's max_length after its validators exist, so check it here.
        username = self.cleaned_data["username"]
        limit = self.fields["username"].max_length
        if len(username) > limit:
            raise ValidationError(
                _("Användarnamnet är för långt. Det har högst %(limit)d tecken."),
                code="max_length",
                params={"limit": limit},
            )
        return username


class TotpCodeForm(forms.Form):
    """The six digits the authenticator app shows right now."""

    token = forms.CharField(
        label=_("Kod från appen"),
        max_length=CODE_INPUT_MAX_LENGTH,
        error_messages={
            "required": _("Skriv koden från autentiseringsappen."),
            "max_length": _("Koden är för lång. Skriv de sex siffrorna som appen visar."),
        },
    )

    def clean_token(self) -> str:
        code = _compact(self.cleaned_data["token"])
        if not re.fullmatch(r"[0-9]+", code):
            raise ValidationError(
                _("Koden består bara av siffror. Skriv de sex siffrorna som appen visar."),
                code="malformed",
            )
        if len(code) != TOTP_DIGITS:
            raise ValidationError(
                _("Koden ska ha sex siffror, men du skrev %(count)d."),
                code="malformed",
                params={"count": len(code)},
            )
        return code

    @property
    def code(self) -> str:
        return self.cleaned_data["token"]


class BackupCodeForm(forms.Form):
    """One of the single-use backup codes the user got when setting up the app."""

    backup_code = forms.CharField(
        label=_("Reservkod"),
        max_length=CODE_INPUT_MAX_LENGTH,
        error_messages={
            "required": _("Skriv en av dina reservkoder."),
            "max_length": _("Reservkoden är för lång. En reservkod har åtta tecken."),
        },
    )

    def clean_backup_code(self) -> str:
        code = _compact(self.cleaned_data["backup_code"]).lower()
        if not BACKUP_CODE_PATTERN.fullmatch(code):
            raise ValidationError(
                _("En reservkod har åtta tecken: bokstäverna a–z och siffrorna 2–7."),
                code="malformed",
            )
        return code

    @property
    def code(self) -> str:
        return self.cleaned_data["backup_code"]


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form with Swedish labels and errors; the validators come from settings."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Nuvarande lösenord")
        self.fields["new_password1"].label = _("Nytt lösenord")
        self.fields["new_password2"].label = _("Nytt lösenord en gång till")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Det nuvarande lösenordet är fel."),
            "password_mismatch": _("De två nya lösenorden är inte likadana."),
        }
        for field in self.fields.values():
            field.error_messages["required"] = _("Fyll i fältet.")
