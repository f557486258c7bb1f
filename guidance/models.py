"""Guidance content: sources, rules, terms, role profiles, system deficiencies and their pages."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, TranslatableMixin
from wagtail.search import index

from guidance.blocks import GUIDANCE_FEATURES, DilemmaReferenceBlock, GuidanceStreamBlock
from guidance.choices import (
    DeficiencyActor,
    DeficiencyLevel,
    Force,
    ReadingLevel,
    RoleAttributeKind,
    RuleSetStatus,
    RuleTopic,
    SourceKind,
)
from guidance.citations import number_citations
from portal.choices import Audience
from portal.models import BasePage


def _locator_field():
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


class Source(index.Indexed, models.Model):
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

    search_fields = [
        index.SearchField("title"),
        index.SearchField("publisher"),
        index.SearchField("identifier"),
        index.SearchField("note"),
        index.AutocompleteField("title"),
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


class Term(TranslatableMixin, index.Indexed, models.Model):
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
    locator = _locator_field()

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

    search_fields = [
        index.SearchField("term"),
        index.SearchField("abbreviations"),
        index.SearchField("synonyms"),
        index.SearchField("definition"),
        index.AutocompleteField("term"),
        index.FilterField("locale_id"),
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


class Rule(index.Indexed, models.Model):
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
    locator = _locator_field()
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

    search_fields = [
        index.SearchField("text"),
        index.SearchField("key"),  # editors search the admin listing by a rule's key
        index.SearchField("change_note"),
        index.AutocompleteField("text"),
        index.AutocompleteField("key"),
        index.FilterField("topic"),
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
            pages = RuleSetPage.objects.live().public().filter(rule_set_id=self.rule_set_id)
            page = pages.filter(locale__language_code=get_language()).first() or pages.first()
        if page is None:
            return None
        return page.url + page.reverse_subpage("rule", kwargs={"key": self.key})


class RoleProfile(TranslatableMixin, index.Indexed, ClusterableModel):
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

    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.AutocompleteField("name"),
        index.RelatedFields("attributes", [index.SearchField("value")]),
        index.FilterField("locale_id"),
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
    locator = _locator_field()

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


class DeficiencyExample(index.Indexed, models.Model):
    """An example of a system deficiency (systembrist) from the sources."""

    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), max_length=1500)
    level = models.CharField(_("nivå"), max_length=10, choices=DeficiencyLevel.choices)
    actor = models.CharField(_("aktör"), max_length=20, choices=DeficiencyActor.choices)
    source = models.ForeignKey(
        Source, verbose_name=_("källa"), on_delete=models.PROTECT, related_name="+"
    )
    locator = _locator_field()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("level"),
        FieldPanel("actor"),
        FieldPanel("source"),
        FieldPanel("locator"),
    ]

    search_fields = [index.SearchField("title"), index.SearchField("description")]

    class Meta:
        verbose_name = _("exempel på systembrist")
        verbose_name_plural = _("exempel på systembrister")
        ordering = ["level", "actor", "title"]

    def __str__(self) -> str:
        return self.title


# Pages --------------------------------------------------------------------------------------


class EditorialPage(BasePage):
    """A page with an audience, an owner and a review cycle."""

    audience = models.CharField(_("målgrupp"), max_length=20, choices=Audience.choices)
    content_owner = models.CharField(
        _("ansvarig"), max_length=120, help_text=_("Vem som ansvarar för att sidan stämmer.")
    )
    last_reviewed = models.DateField(_("senast granskad"))
    next_review = models.DateField(_("nästa granskning"))

    editorial_panels = [
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("content_owner"),
                FieldPanel("last_reviewed"),
                FieldPanel("next_review"),
            ],
            heading=_("Redaktionellt"),
        )
    ]

    api_fields = [
        APIField("summary"),
        APIField("audience"),
        APIField("last_reviewed"),
        APIField("next_review"),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.last_reviewed and self.next_review and self.next_review <= self.last_reviewed:
            raise ValidationError(
                {"next_review": _("Nästa granskning måste ligga efter senaste granskningen.")}
            )

    @property
    def review_due(self) -> bool:
        return self.next_review <= timezone.localdate()


class GuidancePageBase(EditorialPage):
    reading_level = models.CharField(
        _("språknivå"), max_length=10, choices=ReadingLevel.choices, default=ReadingLevel.STANDARD
    )
    easy_read_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("lättläst version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(GuidanceStreamBlock(), verbose_name=_("innehåll"))

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("body"),
        *EditorialPage.editorial_panels,
        MultiFieldPanel(
            [FieldPanel("reading_level"), FieldPanel("easy_read_page")], heading=_("Lättläst")
        ),
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.FilterField("audience"),
    ]

    api_fields = [*EditorialPage.api_fields, APIField("reading_level"), APIField("body")]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `guidance.rich_text` and `guidance.selectors` import
        # these models.
        from guidance.rich_text import stream_term_ids, term_lookup
        from guidance.selectors import changes_note_for, rules_prepare, stream_rules

        context = super().get_context(request, *args, **kwargs)
        context["references"] = number_citations(self.body)
        context["changes_note"] = changes_note_for(
            page=self, sources=[reference.source for reference in context["references"].items]
        )
        rules_prepare(rules=stream_rules(self.body, ("rule_reference",)))
        term_lookup(request=request).terms_for(stream_term_ids(self.body))
        context["child_pages"] = self.get_children().live().public().specific()
        return context


class GuidancePage(GuidancePageBase):
    """A general guidance page: cited text, callouts, rules, terms, questions and answers."""

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    # Set when the apps are ready: every app's `guidance_section_page_types`, and dilemmas.
    subpage_types: list[str] = []
    search_kind = "vagledning"  # how search results name the page type (search.choices)

    class Meta:
        verbose_name = _("vägledningssida")
        verbose_name_plural = _("vägledningssidor")


class DeficiencyTaxonomyPage(GuidancePageBase):
    """Systembrister: text plus a table of examples by level and actor."""

    listed_models = ("guidance.DeficiencyExample",)

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    subpage_types = []
    max_count_per_parent = 1
    search_kind = "vagledning"

    class Meta:
        verbose_name = _("sida om systembrister")
        verbose_name_plural = _("sidor om systembrister")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import deficiency_matrix

        context = super().get_context(request, *args, **kwargs)
        context["matrix"] = deficiency_matrix()
        return context


class DilemmaPage(EditorialPage):
    """An ethical dilemma case: the situation, questions to reflect on and what to weigh."""

    search_kind = "dilemma"

    parent_page_types = ["guidance.GuidancePage"]
    subpage_types = []

    situation = RichTextField(_("situation"), features=GUIDANCE_FEATURES)
    questions = StreamField(
        [("question", blocks.CharBlock(label=_("Fråga"), max_length=300))],
        verbose_name=_("frågor att reflektera över"),
        min_num=1,
    )
    considerations = RichTextField(_("att väga in"), features=GUIDANCE_FEATURES)
    references = StreamField(
        DilemmaReferenceBlock(), verbose_name=_("regler och källor"), blank=True
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("situation"),
        FieldPanel("questions"),
        FieldPanel("considerations"),
        FieldPanel("references"),
        *EditorialPage.editorial_panels,
    ]

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("situation"),
        index.SearchField("questions"),
        index.SearchField("considerations"),
        index.FilterField("audience"),
    ]

    api_fields = [
        *EditorialPage.api_fields,
        APIField("situation"),
        APIField("questions"),
        APIField("considerations"),
        APIField("references"),
    ]

    class Meta:
        verbose_name = _("etiskt dilemma")
        verbose_name_plural = _("etiska dilemman")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import rules_prepare, stream_rules

        context = super().get_context(request, *args, **kwargs)
        rules_prepare(rules=stream_rules(self.references, ("rule",)))
        return context


class GlossaryPage(BasePage):
    """Every term of the page's language, A–Ö."""

    listed_models = ("guidance.Term",)

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = models.TextField(_("inledning"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("ordlista")
        verbose_name_plural = _("ordlistor")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import glossary_groups

        context = super().get_context(request, *args, **kwargs)
        context["groups"] = glossary_groups(locale=self.locale)
        return context


class SourcesPage(BasePage):
    """Every source, with the pages that cite it."""

    listed_models = ("guidance.Source",)

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = models.TextField(_("inledning"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("källförteckning")
        verbose_name_plural = _("källförteckningar")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import sources_with_citing_pages

        context = super().get_context(request, *args, **kwargs)
        context["sources"] = sources_with_citing_pages(locale=self.locale)
        return context


class RuleSetPage(RoutablePageMixin, BasePage):
    """A rule set's rules, filterable by date, each rule with its own stable address."""

    listed_models = ("guidance.Rule", "guidance.RuleSet")

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    subpage_types = []

    rule_set = models.ForeignKey(
        RuleSet, verbose_name=_("regelsamling"), on_delete=models.PROTECT, related_name="pages"
    )
    intro = models.TextField(_("inledning"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("rule_set"), FieldPanel("intro")]
    api_fields = [APIField("intro"), APIField("rule_set_key")]

    class Meta:
        verbose_name = _("regelsida")
        verbose_name_plural = _("regelsidor")

    @property
    def rule_set_key(self) -> str:
        return self.rule_set.key

    @path("")
    def index_route(self, request):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import rule_set_view

        day, error = _parse_day(request.GET.get("datum"))
        context = self.get_context(request)
        context.update(rule_set_view(rule_set=self.rule_set, day=day))
        context["date_error"] = error
        return self.render(request, context_overrides=context)

    @path("regel/<slug:key>/", name="rule")
    def rule_route(self, request, key):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import rules_prepare

        rule = (
            self.rule_set.rules.select_related("source", "superseded_by__rule_set")
            .filter(key=key)
            .first()
        )
        if rule is None:
            raise Http404
        rules_prepare(rules=[rule])
        context = self.get_context(request)
        context["rule"] = rule
        return render(request, "guidance/rule_detail.html", context)


def _parse_day(raw: str | None) -> tuple[datetime.date | None, str]:
    """A date from the query string, or None and a Swedish message when it is malformed."""
    if raw is None or not raw.strip():
        return None, ""
    try:
        day = datetime.date.fromisoformat(raw.strip()[:10])
    except ValueError:
        return None, _("Datumet kunde inte läsas. Skriv det som ÅÅÅÅ-MM-DD, t.ex. 2012-01-01.")
    if not 1990 <= day.year <= 2100:
        return None, _("Välj ett datum mellan år 1990 och 2100.")
    return day, ""


class RoleComparisonPage(BasePage):
    """'Vem gör vad?': chosen roles compared on chosen attributes."""

    listed_models = ("guidance.RoleProfile",)

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    subpage_types = []

    intro = models.TextField(_("inledning"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        InlinePanel("compared_roles", label=_("Roller"), min_num=2),
        InlinePanel("compared_attributes", label=_("Egenskaper"), min_num=1),
    ]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("jämförelse av roller")
        verbose_name_plural = _("jämförelser av roller")

    def get_context(self, request, *args, **kwargs):
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import role_comparison

        context = super().get_context(request, *args, **kwargs)
        context["comparison"] = role_comparison(page=self, chosen=request.GET.getlist("roll"))
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        comparison = getattr(response, "context_data", {}).get("comparison")
        if comparison is not None and comparison["selection"].error:
            response.status_code = 400  # the page still answers, with the message and the picker
        return response


class ComparedRole(Orderable):
    page = ParentalKey(RoleComparisonPage, on_delete=models.CASCADE, related_name="compared_roles")
    role = models.ForeignKey(
        RoleProfile, verbose_name=_("roll"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("role")]


class ComparedAttribute(Orderable):
    page = ParentalKey(
        RoleComparisonPage, on_delete=models.CASCADE, related_name="compared_attributes"
    )
    attribute = models.CharField(_("egenskap"), max_length=20, choices=RoleAttributeKind.choices)

    panels = [FieldPanel("attribute")]
