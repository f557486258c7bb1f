"""Vocabularies of the tillsyn tool."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Groups that carry the tool's roles (created by migration checklists 0002). Editors
# ("Redaktör") and administrators (superusers) come from the rest of the portal.
COUNTY_STAFF_GROUP = "Länsstyrelse"
REVIEWER_GROUP = "Nationell granskare"


class OperationForm(models.TextChoices):
    MUNICIPAL = "kommunal", _("Kommunal verksamhet")
    JOINT = "samverkan", _("Kommuner i samverkan")
    CONTRACTED = "entreprenad", _("Entreprenad eller förening")


class MunicipalityListing(models.TextChoices):
    """What the source documents say about personligt ombud in a municipality."""

    NOT_MENTIONED = "okand", _("Källorna säger inget")
    WITH_PO = "med_po", _("Nämns med personligt ombud")
    WITHOUT_PO = "utan_po", _("Nämns utan personligt ombud")
    UNCERTAIN = "osaker", _("Nämns som osäker")


class AnswerStatus(models.TextChoices):
    MET = "uppfyllt", _("Uppfyllt")
    PARTLY = "delvis", _("Delvis uppfyllt")
    NOT_MET = "ej_uppfyllt", _("Ej uppfyllt")
    NOT_ASSESSED = "ej_bedomt", _("Ej bedömt")
    NOT_APPLICABLE = "ej_tillampligt", _("Ej tillämpligt")


# Answers that need follow-up with the programme.
FOLLOW_UP_STATUSES = (AnswerStatus.PARTLY, AnswerStatus.NOT_MET)


class AssessmentState(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    COMPLETED = "klar", _("Klar")


class AuditAction(models.TextChoices):
    CREATED = "skapad", _("Påbörjad")
    SAVED = "sparad", _("Svar sparade")
    COMPLETED = "klar", _("Markerad som klar")
    REOPENED = "ateroppnad", _("Återöppnad")
    EXPORTED = "exporterad", _("Exporterad")
    CONFLICT = "krock", _("Sparning stoppad: någon annan hade sparat")
