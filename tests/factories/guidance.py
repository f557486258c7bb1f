import datetime

import factory
import wagtail_factories
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from guidance import models

TODAY = datetime.date(2026, 11, 24)


class SourceFactory(DjangoModelFactory):
    key = factory.Sequence(lambda n: f"kalla-{n}")
    title = factory.Sequence(lambda n: f"Rapport {n}")
    publisher = "Socialstyrelsen"
    year = 2011
    kind = "meddelandeblad"

    class Meta:
        model = models.Source


class TermFactory(DjangoModelFactory):
    term = factory.Sequence(lambda n: f"Begrepp {n}")
    slug = factory.Sequence(lambda n: f"begrepp-{n}")
    definition = "En förklaring."
    source = factory.SubFactory(SourceFactory)
    locator = "avsnittet Bakgrund"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = models.Term


class RuleSetFactory(DjangoModelFactory):
    key = factory.Sequence(lambda n: f"regelsamling-{n}")
    title = "Meddelandeblad 5/2011"
    short_title = "MB 5/2011"
    source = factory.SubFactory(SourceFactory)
    valid_from = datetime.date(2011, 6, 1)

    class Meta:
        model = models.RuleSet


class RuleFactory(DjangoModelFactory):
    key = factory.Sequence(lambda n: f"regel-{n}")
    rule_set = factory.SubFactory(RuleSetFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    topic = "malgrupp"
    force = "ska"
    text = "Målgruppen är personer 18 år och äldre."
    source = factory.SelfAttribute("rule_set.source")
    locator = "avsnittet Målgruppen"

    class Meta:
        model = models.Rule


class RoleProfileFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Roll {n}")
    slug = factory.Sequence(lambda n: f"roll-{n}")
    summary = "En roll."
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = models.RoleProfile


class _EditorialFactory(wagtail_factories.PageFactory):
    summary = "Sammanfattning."
    audience = "stod"
    content_owner = "Redaktionen"
    last_reviewed = TODAY
    next_review = TODAY + datetime.timedelta(days=365)


class GuidancePageFactory(_EditorialFactory):
    title = factory.Sequence(lambda n: f"Vägledning {n}")
    slug = factory.Sequence(lambda n: f"vagledning-{n}")
    body = factory.LazyFunction(lambda: [("heading", {"text": "Avsnitt", "level": "h2"})])

    class Meta:
        model = models.GuidancePage


class DeficiencyTaxonomyPageFactory(GuidancePageFactory):
    title = "Systembrister"
    slug = factory.Sequence(lambda n: f"systembrister-{n}")

    class Meta:
        model = models.DeficiencyTaxonomyPage


class DilemmaPageFactory(_EditorialFactory):
    title = factory.Sequence(lambda n: f"Dilemma {n}")
    slug = factory.Sequence(lambda n: f"dilemma-{n}")
    audience = "ombud"
    situation = "<p>En situation.</p>"
    questions = factory.LazyFunction(lambda: [("question", "Vad gör du?")])
    considerations = "<p>Att väga in.</p>"

    class Meta:
        model = models.DilemmaPage


class GlossaryPageFactory(wagtail_factories.PageFactory):
    title = "Begrepp A–Ö"
    slug = factory.Sequence(lambda n: f"begrepp-{n}")

    class Meta:
        model = models.GlossaryPage


class SourcesPageFactory(wagtail_factories.PageFactory):
    title = "Källor"
    slug = factory.Sequence(lambda n: f"kallor-{n}")

    class Meta:
        model = models.SourcesPage


class RuleSetPageFactory(wagtail_factories.PageFactory):
    title = "Regler"
    slug = factory.Sequence(lambda n: f"regler-{n}")
    rule_set = factory.SubFactory(RuleSetFactory)

    class Meta:
        model = models.RuleSetPage


class RoleComparisonPageFactory(wagtail_factories.PageFactory):
    title = "Vem gör vad?"
    slug = factory.Sequence(lambda n: f"vem-gor-vad-{n}")

    class Meta:
        model = models.RoleComparisonPage
