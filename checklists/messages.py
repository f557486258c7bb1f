"""Error messages that both a form and the service behind it give (the form for the page, the
service for every other caller), defined once so that the two never drift apart."""

from django.utils.translation import gettext_lazy as _

REOPEN_REASON_MISSING = _("Skriv varför bedömningen öppnas igen.")
