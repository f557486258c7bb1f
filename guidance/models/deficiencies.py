"""Examples of system deficiencies (systembrister) from the sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from guidance.choices import (
    DeficiencyActor,
    DeficiencyLevel,
)
from guidance.models.sources import Source, locator_field


class DeficiencyExample(models.Model):
    """An example of a system deficiency (systembrist) from the sources."""

    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=1500)
    level = models.CharField(_("nivå"), max_length=10, choices=DeficiencyLevel.choices)
    actor = models.CharField(_("aktör"), max_length=20, choices=DeficiencyActor.choices)
    source = models.ForeignKey(
        Source, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="+"
    )
    locator = locator_field()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("level"),
        FieldPanel("actor"),
        FieldPanel("source"),
        FieldPanel("locator"),
    ]

    class Meta:
        verbose_name = _("exempel på systembrist")
        verbose_name_plural = _("exempel på systembrister")
        ordering = ["level", "actor", "title"]

    def __str__(self) -> str:
        return self.title
