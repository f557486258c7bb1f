"""Sources and the rules that cite them: the documents the portal builds on, and each
normative document's rules with their validity."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField

from guidance.choices import (
    Force,
    RuleSetStatus,
    RuleTopic,
    SourceKind,
)


def locator_field():
    return models.CharField(
        _("var i källan"),
        max_length=200,
        help_text=_("Avsnitt, kapitel eller sida, t.ex. 'avsnittet Målgruppen'."),
    )


def _validity_errors(valid_from, valid_to) -> dict:
    if valid_from and valid_to and valid_to < valid_from:
        return {"valid_to": _("Slutdatum kan inte ligga före startdatum.")}
    return {}


# Snippets -----------------------------------------------------------------------------------


class Source(models.Model):
    """A document the portal builds on; every citation points at one."""

    key = models.SlugField(
        _("nyckel"), max_length=80, unique=True, help_text=_("Stabil kort nyckel, ändras aldrig.")
    )
    title = models.CharField(_("titel"), max_length=400)
    publisher = models.CharField(_("utgivare"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("år"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    published = models.CharField(
        _("utgiven"),
        max_length=80,
        blank=True,
        help_text=_("Som dokumentet anger, t.ex. 'juni 2011'."),
    )
    kind = models.CharField(_("typ"), max_length=20, choices=SourceKind.choices)
    identifier = models.CharField(
        _("beteckning"),
        max_length=120,
        blank=True,
        help_text=_("Artikelnummer, SFS-nummer, diarienummer eller liknande."),
    )
    url = models.URLField(_("länk"), blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("fil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("anmärkning"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        FieldPanel("publisher"),
        FieldPanel("year"),
        FieldPanel("published"),
        FieldPanel("kind"),
        FieldPanel("identifier"),
        FieldPanel("url"),
        FieldPanel("document"),
        FieldPanel("note"),
    ]

    api_fields = [
        APIField(name)
        for name in ("key", "title", "publisher", "year", "published", "kind", "identifier", "url")
    ]

    class Meta:
        verbose_name = _("källa")
        verbose_name_plural = _("källor")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        label = f"{self.publisher} {self.year}: {self.title}"
        return f"{label} ({self.identifier})" if self.identifier else label


class RuleSet(models.Model):
    """One normative document's rules, e.g. Meddelandeblad 5/2011."""

    key = models.SlugField(_("nyckel"), max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    short_title = models.CharField(_("kort titel"), max_length=80)
    source = models.ForeignKey(
        Source, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="rule_sets"
    )
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    summary = models.TextField(_("sammanfattning"), blank=True)
    status_note = models.TextField(
        _("status"), blank=True, help_text=_("T.ex. vad som ersatte dokumentet och hur vi vet det.")
    )
    status = models.CharField(
        _("gäller i dag?"),
        max_length=10,
        choices=RuleSetStatus.choices,
        default=RuleSetStatus.UNKNOWN,
        help_text=_("Gäller regelsamlingen, är den ersatt, eller vet vi inte?"),
    )
    status_basis = models.TextField(
        _("grund för bedömningen"),
        blank=True,
        help_text=_("Varifrån vi vet statusen: källa med adress och datum då den lästes."),
    )
    status_checked = models.DateField(_("status kontrollerad"), null=True, blank=True)
    issued_on = models.DateField(
        _("utfärdad"),
        null=True,
        blank=True,
        help_text=_("Dagen dokumentet utfärdades, om vi vet den men inte dagen det började gälla."),
    )
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("ersatt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    panels = [
        FieldPanel("key"),
        FieldPanel("title"),
        FieldPanel("short_title"),
        FieldPanel("source"),
        FieldPanel("valid_from"),
        FieldPanel("valid_to"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("status_basis"),
                FieldPanel("status_checked"),
                FieldPanel("issued_on"),
                FieldPanel("replaced_by"),
                FieldPanel("status_note"),
            ],
            heading=_("Gäller den i dag?"),
        ),
    ]

    class Meta:
        verbose_name = _("regelsamling")
        verbose_name_plural = _("regelsamlingar")
        ordering = ["-valid_from", "title"]

    def __str__(self) -> str:
        return self.short_title

    def clean(self):
        errors = _validity_errors(self.valid_from, self.valid_to)
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = _("En regelsamling kan inte ersätta sig själv.")
        if self.status == RuleSetStatus.REPLACED and not self.replaced_by_id and not self.valid_to:
            errors["status"] = _(
                "En ersatt regelsamling behöver ett slutdatum eller den regelsamling som ersatte "
                "den."
            )
        if self.status != RuleSetStatus.UNKNOWN and not self.status_basis.strip():
            errors["status_basis"] = _(
                "Skriv varifrån vi vet att regelsamlingen gäller eller är ersatt."
            )
        if errors:
            raise ValidationError(errors)


class Rule(models.Model):
    """One numbered rule of a rule set, with its force, validity and source."""

    key = models.SlugField(
        _("nyckel"),
        max_length=80,
        unique=True,
        help_text=_("Permanent ankare och adress för regeln, t.ex. 'mb2011-malgrupp-1'."),
    )
    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("regelsamling"), on_delete=models.PROTECT, related_name="rules"
    )
    number = models.CharField(_("nummer"), max_length=20)
    topic = models.CharField(_("ämne"), max_length=30, choices=RuleTopic.choices)
    force = models.CharField(_("styrka"), max_length=3, choices=Force.choices)
    text = models.TextField(_("regeltext"), max_length=3000)
    is_quote = models.BooleanField(_("ordagrant citat"), default=False)
    source = models.ForeignKey(
        Source, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="rules"
    )
    locator = locator_field()
    valid_from = models.DateField(_("gäller från"), null=True, blank=True)
    valid_to = models.DateField(_("gäller till"), null=True, blank=True)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("ersatt av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supersedes",
    )
    change_note = models.TextField(_("om ändringen"), blank=True)

    panels = [
        FieldPanel("key"),
        FieldPanel("rule_set"),
        FieldPanel("number"),
        FieldPanel("topic"),
        FieldPanel("force"),
        FieldPanel("text"),
        FieldPanel("is_quote"),
        MultiFieldPanel([FieldPanel("source"), FieldPanel("locator")], heading=_("Källa")),
        MultiFieldPanel(
            [
                FieldPanel("valid_from"),
                FieldPanel("valid_to"),
                FieldPanel("superseded_by"),
                FieldPanel("change_note"),
            ],
            heading=_("Giltighet"),
        ),
    ]

    api_fields = [
        APIField(name)
        for name in (
            "key",
            "number",
            "topic",
            "force",
            "text",
            "is_quote",
            "locator",
            "valid_from",
            "valid_to",
            "change_note",
        )
    ] + [APIField("rule_set_key"), APIField("source_key"), APIField("superseded_by_key")]

    class Meta:
        verbose_name = _("regel")
        verbose_name_plural = _("regler")
        ordering = ["rule_set", "id"]

    def __str__(self) -> str:
        return f"{self.rule_set} {self.number}: {self.text[:60]}"

    def clean(self):
        errors = _validity_errors(self.valid_from, self.valid_to)
        if self.superseded_by_id and self.superseded_by_id == self.pk:
            errors["superseded_by"] = _("En regel kan inte ersätta sig själv.")
        if errors:
            raise ValidationError(errors)

    def applies_on(self, day: datetime.date) -> bool:
        starts = self.valid_from or self.rule_set.valid_from
        ends = self.valid_to or self.rule_set.valid_to
        return (starts is None or starts <= day) and (ends is None or day <= ends)

    @property
    def rule_set_key(self) -> str:
        return self.rule_set.key

    @property
    def source_key(self) -> str:
        return self.source.key

    @property
    def superseded_by_key(self) -> str | None:
        return self.superseded_by.key if self.superseded_by_id else None

    @property
    def anchor(self) -> str:
        return self.key

    def get_url(self, request=None) -> str | None:
        """The rule's own page under the live rule-set page that publishes its rule set."""
        if hasattr(self, "rule_set_page"):  # read for many rules at once (rules_prepare)
            page = self.rule_set_page
        else:
            # The page type is looked up, not imported: its module imports this one.
            pages = (
                apps.get_model("guidance", "RuleSetPage")
                .objects.live()
                .public()
                .filter(rule_set_id=self.rule_set_id)
            )
            page = pages.filter(locale__language_code=get_language()).first() or pages.first()
        if page is None:
            return None
        return page.url + page.reverse_subpage("rule", kwargs={"key": self.key})
