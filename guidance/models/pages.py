"""The guidance page types: editorial pages with a review cycle, the glossary, the sources,
rule sets, dilemmas and the role comparison."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from guidance.blocks import GUIDANCE_FEATURES, DilemmaReferenceBlock, GuidanceStreamBlock
from guidance.choices import (
    ReadingLevel,
    RoleAttributeKind,
)
from guidance.citations import number_citations
from guidance.models.roles import RoleProfile
from guidance.models.sources import RuleSet
from portal.choices import Audience
from portal.models import BasePage


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


class ListingPage(BasePage):
    """A page listing every item of one kind in its language, after an introduction; one under
    each parent, with no pages under it."""

    parent_page_types = ["portal.HomePage", "guidance.GuidancePage"]
    subpage_types = []
    max_count_per_parent = 1

    intro = models.TextField(_("inledning"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def listing(self) -> dict:
        """What the template lists, by context name."""
        raise NotImplementedError

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing())
        return context


class GlossaryPage(ListingPage):
    """Every term of the page's language, A–Ö."""

    listed_models = ("guidance.Term",)

    class Meta:
        verbose_name = _("ordlista")
        verbose_name_plural = _("ordlistor")

    def listing(self) -> dict:
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import glossary_groups

        return {"groups": glossary_groups(locale=self.locale)}


class SourcesPage(ListingPage):
    """Every source, with the pages that cite it."""

    listed_models = ("guidance.Source",)

    class Meta:
        verbose_name = _("källförteckning")
        verbose_name_plural = _("källförteckningar")

    def listing(self) -> dict:
        # Imported here, not on top: `guidance.selectors` imports these models (a cycle).
        from guidance.selectors import sources_with_citing_pages

        return {"sources": sources_with_citing_pages(locale=self.locale)}


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
