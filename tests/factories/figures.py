import factory
from factory.django import DjangoModelFactory
from wagtail.models import Locale

from figures import models
from tests.factories.guidance import TODAY, SourceFactory, _EditorialFactory

DATA = "Län;Verksamheter;Ombud\nStockholm;15;56\nJämtland;1;4\nSkåne;18;37"


class DataSetFactory(DjangoModelFactory):
    key = factory.Sequence(lambda n: f"dataserie-{n}")
    title = factory.Sequence(lambda n: f"Ombud per län {n}")
    description = "Hur många verksamheter och ombud varje län hade."
    unit = "antal"
    kind = "stapel"
    source = factory.SubFactory(SourceFactory, year=2005, title="Uppbyggnaden 2000–2004")
    locator = "tabell 1"
    period = "december 2004"
    data = DATA
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = models.DataSet


def chart_body(*datasets, heading: str = "") -> list:
    """Raw StreamField data: a text, then one chart per data set."""
    return [
        ("text", "<p>Siffror ur dokumenten.</p>"),
        *(("chart", {"dataset": dataset, "heading": heading}) for dataset in datasets),
    ]


class FiguresPageFactory(_EditorialFactory):
    title = "PO i siffror"
    slug = factory.Sequence(lambda n: f"po-i-siffror-{n}")
    audience = "lansstyrelse"
    intro = "<p>Siffror ur dokumenten.</p>"
    body = factory.LazyFunction(lambda: chart_body(DataSetFactory()))
    last_reviewed = TODAY

    class Meta:
        model = models.FiguresPage
