"""Support roles and how each compares with personligt ombud, attribute by attribute."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, TranslatableMixin

from guidance.choices import (
    RoleAttributeKind,
)
from guidance.models.sources import Source, locator_field


class RoleProfile(TranslatableMixin, ClusterableModel):
    """A support role and how it compares with personligt ombud."""

    name = models.CharField(_("namn"), max_length=120)
    slug = models.SlugField(_("kortnamn"), max_length=120)
    summary = models.TextField(_("sammanfattning"), max_length=600)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        InlinePanel("attributes", label=_("Egenskaper"), min_num=1),
    ]

    api_fields = [APIField("name"), APIField("slug"), APIField("summary"), APIField("language")]
    # RoleAttribute's own api_fields describe each attribute in the role's detail view.

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("roll")
        verbose_name_plural = _("roller")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_role_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def language(self) -> str:
        return self.locale.language_code

    @staticmethod
    def attribute_errors(kinds: list[str]) -> list[str]:
        """Rules for a role's set of attributes, shared by the admin form and the loader."""
        errors = []
        if RoleAttributeKind.LEGAL_BASIS not in kinds:
            errors.append(_("En roll måste ha ett lagrum (egenskapen 'Lagrum')."))
        duplicates = sorted({kind for kind in kinds if kinds.count(kind) > 1})
        if duplicates:
            errors.append(_("Varje egenskap får bara finnas en gång: %s.") % ", ".join(duplicates))
        return errors

    def child_errors(self) -> list[str]:
        return self.attribute_errors([attribute.attribute for attribute in self.attributes.all()])

    def attribute_map(self) -> dict:
        return {attribute.attribute: attribute for attribute in self.attributes.all()}


class RoleAttribute(Orderable):
    role = ParentalKey(RoleProfile, on_delete=models.CASCADE, related_name="attributes")
    attribute = models.CharField(_("egenskap"), max_length=20, choices=RoleAttributeKind.choices)
    value = models.TextField(_("värde"), max_length=1500)
    source = models.ForeignKey(
        Source, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="+"
    )
    locator = locator_field()

    panels = [
        FieldPanel("attribute"),
        FieldPanel("value"),
        FieldPanel("source"),
        FieldPanel("locator"),
    ]

    api_fields = [
        APIField("attribute"),
        APIField("value"),
        APIField("source_key"),
        APIField("locator"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("egenskap")
        verbose_name_plural = _("egenskaper")

    @property
    def source_key(self) -> str:
        return self.source.key
