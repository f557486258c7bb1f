"""Glossary terms, each with its definition and source."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import TranslatableMixin

from guidance.models.sources import Source, locator_field


class Term(TranslatableMixin, models.Model):
    """A glossary term with its definition and source."""

    term = models.CharField(_("begrepp"), max_length=120)
    slug = models.SlugField(_("kortnamn"), max_length=120)
    abbreviations = models.CharField(
        _("förkortningar"), max_length=200, blank=True, help_text=_("Kommaseparerade, t.ex. 'PO'.")
    )
    synonyms = models.CharField(
        _("andra ord"),
        max_length=400,
        blank=True,
        help_text=_("Kommaseparerade ord som betyder samma sak, även vardagliga och felstavade."),
    )
    definition = models.TextField(_("definition"), max_length=1500)
    is_quote = models.BooleanField(
        _("ordagrant citat"), default=False, help_text=_("Definitionen är citerad ordagrant.")
    )
    source = models.ForeignKey(
        Source, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="terms"
    )
    locator = locator_field()

    panels = [
        FieldPanel("term"),
        FieldPanel("slug"),
        FieldPanel("abbreviations"),
        FieldPanel("synonyms"),
        FieldPanel("definition"),
        FieldPanel("is_quote"),
        FieldPanel("source"),
        FieldPanel("locator"),
    ]

    api_fields = [
        APIField(name)
        for name in ("term", "slug", "abbreviations", "synonyms", "definition", "is_quote")
    ] + [APIField("source_key"), APIField("locator"), APIField("language")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("begrepp")
        verbose_name_plural = _("begrepp")
        ordering = ["term"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_term_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.term

    @property
    def source_key(self) -> str:
        return self.source.key

    @property
    def language(self) -> str:
        return self.locale.language_code

    @property
    def abbreviation_list(self) -> list[str]:
        return [a.strip() for a in self.abbreviations.split(",") if a.strip()]

    @property
    def synonym_list(self) -> list[str]:
        return [s.strip() for s in self.synonyms.split(",") if s.strip()]
