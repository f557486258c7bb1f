"""Error messages that both a form and the service behind it give (the form for the page, the
service for every other caller), defined once so that the two never drift apart."""

from django.utils.translation import gettext_lazy as _

RETURN_COMMENT_MISSING = _("Skriv vad verksamheten behöver rätta.")
NEW_VERSION_REASON_MISSING = _("Skriv varför redovisningen behöver en ny version.")
NO_REPORT_CHOSEN = _("Välj minst en rapport.")
