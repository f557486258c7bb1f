"""Vocabularies of the figures app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChartKind(models.TextChoices):
    BAR = "stapel", _("Stapeldiagram")
    LINE = "linje", _("Linjediagram")
