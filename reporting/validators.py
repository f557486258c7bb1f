"""The one guard against personal data in free text: every text field of the reporting tool
(forms, services and models alike) refuses what `search.personal_data` finds, the rules that
also mask search statistics."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from search import personal_data

WHAT = {
    personal_data.IDENTITY_NUMBER: gettext_lazy("ett personnummer eller samordningsnummer"),
    personal_data.PHONE: gettext_lazy("ett telefonnummer"),
    personal_data.EMAIL: gettext_lazy("en e-postadress"),
    personal_data.ADDRESS: gettext_lazy("en gatuadress eller postadress"),
}

NO_CLIENT_IDENTITY = gettext_lazy(
    "Skriv aldrig något som kan peka ut en klient: inga namn, personnummer, telefonnummer, "
    "e-postadresser eller adresser."
)


def personal_data_message(text: str) -> str | None:
    """The Swedish refusal for a text that looks like it contains personal data, else None."""
    kinds = personal_data.kinds_found(text or "")
    if not kinds:
        return None
    what = [str(WHAT[kind]) for kind in kinds]
    listed = (
        what[0]
        if len(what) == 1
        else _("%(first)s och %(last)s")
        % {
            "first": ", ".join(what[:-1]),
            "last": what[-1],
        }
    )
    return _(
        "Texten innehåller något som ser ut som %(what)s. Ta bort det: inga uppgifter som kan "
        "peka ut en person får sparas. Ingenting har sparats."
    ) % {"what": listed}


def no_personal_data(value) -> None:
    message = personal_data_message(str(value or ""))
    if message:
        raise ValidationError(message, code="personal_data")
