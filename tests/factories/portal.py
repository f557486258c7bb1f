import factory
import wagtail_factories

from portal.choices import Audience
from portal.models import HomePage, StandardPage


def _entry_points():
    return [
        (
            "entry_point",
            {"audience": audience.value, "heading": f"Ingång {audience.label}", "text": "Text."},
        )
        for audience in Audience
    ]


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Personligt ombud"
    slug = factory.Sequence(lambda n: f"start-{n}")
    intro = "Om personligt ombud."
    entry_points = factory.LazyFunction(_entry_points)

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Informationssida {n}")
    slug = factory.Sequence(lambda n: f"sida-{n}")
    summary = "En kort sammanfattning."
    body = factory.LazyFunction(
        lambda: [
            ("heading", {"text": "Ett avsnitt", "level": "h2"}),
            ("paragraph", "<p>Brödtext med <a href='https://example.org'>länk</a>.</p>"),
        ]
    )

    class Meta:
        model = StandardPage
