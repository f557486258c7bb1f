from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.choices import Audience

ALL_AUDIENCES = "alla"
# A document for everyone (a glossary term, a rule) matches every audience filter.
AUDIENCE_CHOICES = [(ALL_AUDIENCES, _("Alla")), *Audience.choices]


class DocumentKind(models.TextChoices):
    PAGE = "sida", _("Sida")
    GUIDANCE = "vagledning", _("Vägledning")
    DILEMMA = "dilemma", _("Etiskt dilemma")
    CHECKLIST = "checklista", _("Checklista")
    TERM = "begrepp", _("Begrepp")
    ROLE = "roll", _("Stödform")
    RULE = "regel", _("Regel")
    SOURCE = "kalla", _("Källa")
    DOCUMENT = "dokument", _("Dokument")
