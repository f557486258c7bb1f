"""Vocabularies shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    SUPPORT = "stod", _("Dig som söker stöd och dina närstående")
    OMBUD = "ombud", _("Personliga ombud")
    COUNTY = "lansstyrelse", _("Länsstyrelser och ledning")
    EDITORS = "redaktor", _("Redaktörer")
