"""Vocabularies of systembrist reports and annual reports.

The categories of the annual report follow what the sources show programmes reporting:
age bands, gender and contact reasons as Stockholms stad reported them to its länsstyrelse for
2023 (seed 003, "Redovisning av uppgifter om målgruppen 2023" and "Kontaktorsaker"), and the
ways into the programme as Socialstyrelsen's survey of December 2004 counted them (seed 000,
Tabell 3, "Väg in till PO-verksamheten"). Keys never change: accepted reports are summed by
them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Groups that carry the roles (created by migration reporting 0002); which programmes a member
# works for is in ProgrammeMembership.
OMBUD_GROUP = "Personligt ombud"
STEERING_GROUP = "Ledningsgrupp"


class ProgrammeRole(models.TextChoices):
    OMBUD = "ombud", _("Personligt ombud")
    STEERING = "ledningsgrupp", _("Ledamot i ledningsgruppen")


class CaseStatus(models.TextChoices):
    """Where the ledningsgrupp's work on a systembrist stands (seed 002, "En arbetsmodell")."""

    NEW = "ny", _("Ny")
    ANALYSIS = "analys", _("Under analys")
    DECIDED = "beslutad", _("Åtgärd beslutad")
    RAISED = "lyft", _("Lyft till annan instans")
    CLOSED = "avslutad", _("Avslutad med resultat")


class VersionState(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    SUBMITTED = "inskickad", _("Inskickad")
    RETURNED = "aterskickad", _("Återsänd med kommentarer")
    ACCEPTED = "godkand", _("Godkänd")


# A version in these states is frozen: nothing in it changes, a correction is a new version.
FROZEN_STATES = (VersionState.SUBMITTED, VersionState.RETURNED, VersionState.ACCEPTED)
# The county sees a version once the programme has sent it.
SENT_STATES = FROZEN_STATES


class Gender(models.TextChoices):
    WOMEN = "kvinnor", _("Kvinnor")
    MEN = "man", _("Män")
    # The sources count women and men only; without this column the totals could not add up
    # for people who are neither or whose gender is not recorded.
    OTHER = "annat", _("Annat eller uppgift saknas")


class AgeBand(models.TextChoices):
    AGE_18_29 = "18-29", _("18–29 år")
    AGE_30_49 = "30-49", _("30–49 år")
    AGE_50_64 = "50-64", _("50–64 år")
    AGE_65 = "65-", _("65 år och äldre")


class ClientFlow(models.TextChoices):
    """Clients during the year: new ones and those from earlier years; some of them ended."""

    NEW = "nya", _("Nya under året")
    ONGOING = "pagaende", _("Med stöd sedan tidigare år")
    ENDED = "avslutade", _("Avslutade under året")


class ClientPath(models.TextChoices):
    AUTHORITY = "myndighet", _("Via myndighet")
    USER_ORGANISATION = "brukarorganisation", _("Via brukarorganisation")
    SELF = "sjalv", _("Sökte själv")
    RELATIVE = "anhorig", _("Via anhörig eller närstående")
    GUARDIAN = "god-man", _("Via god man eller förvaltare")
    OUTREACH = "uppsokande", _("Genom verksamhetens uppsökande arbete")
    OTHER = "annan", _("Annan väg")


class ContactReason(models.TextChoices):
    ECONOMY = "ekonomi", _("Ekonomi")
    HOUSING = "bostad", _("Bostad")
    OCCUPATION = "sysselsattning", _("Sysselsättning")
    STRUCTURE = "struktur", _("Struktur i vardagen")
    AUTHORITIES = "myndigheter", _("Stöd i kontakten med myndigheter")
    HEALTH_CARE = "sjukvard", _("Stöd i kontakten med sjukvården")
    OTHER = "annat", _("Annan kontaktorsak")


class AuditAction(models.TextChoices):
    REPORTED = "rapporterad", _("Systembrist rapporterad")
    REPORT_CHANGED = "rapport-andrad", _("Systembrist ändrad")
    CASE_OPENED = "arende-oppnat", _("Ärende öppnat")
    CASE_CHANGED = "arende-andrat", _("Ärende ändrat")
    CASE_REPORTS = "arende-rapporter", _("Rapporter i ärendet ändrade")
    STARTED = "paborjad", _("Årsredovisning påbörjad")
    SAVED = "sparad", _("Årsredovisning sparad")
    SUBMITTED = "inskickad", _("Årsredovisning inskickad")
    RETURNED = "aterskickad", _("Återsänd med kommentarer")
    ACCEPTED = "godkand", _("Årsredovisning godkänd")
    NEW_VERSION = "ny-version", _("Ny version påbörjad")
    EXPORTED = "exporterad", _("Exporterad")
    CONFLICT = "krock", _("Sparning stoppad: någon annan hade sparat")
    MEMBERSHIP = "behorighet", _("Behörighet ändrad")
