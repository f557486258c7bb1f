import factory
from factory.django import DjangoModelFactory

from checklists import models
from tests.factories.guidance import TODAY, SourceFactory, _EditorialFactory


def checklist_areas(*, source=None, rules=(), areas: int = 2, items_per_area: int = 3) -> list:
    """Raw StreamField data: `areas` areas of `items_per_area` items, keys omr-N and punkt-N-M."""
    source = source or SourceFactory()
    return [
        (
            "area",
            {
                "key": f"omr-{a}",
                "title": f"Område {a}",
                "intro": "",
                "items": [
                    {
                        "key": f"punkt-{a}-{i}",
                        "question": f"Fråga {a}.{i}: finns en ledningsgrupp?",
                        "guidance": "<p>Uppfyllt när protokollen visar det.</p>",
                        "evidence": "Protokoll",
                        "rules": list(rules),
                        "citations": [{"source": source, "locator": "Bilaga 2"}],
                    }
                    for i in range(1, items_per_area + 1)
                ],
            },
        )
        for a in range(1, areas + 1)
    ]


class ChecklistPageFactory(_EditorialFactory):
    title = "Tillsyn och uppföljning"
    slug = factory.Sequence(lambda n: f"checklista-{n}")
    audience = "lansstyrelse"
    intro = "<p>Så använder du checklistan.</p>"
    areas = factory.LazyFunction(checklist_areas)
    last_reviewed = TODAY

    class Meta:
        model = models.ChecklistPage


class ProgrammeFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"PO Verksamhet {n}")
    county = factory.LazyFunction(lambda: models.County.objects.get(code="AB"))
    operation_form = "kommunal"
    employer = "Socialförvaltningen"
    phone = "08-123 456"

    class Meta:
        model = models.Programme


def publish(page):
    """Publish the page's current state; a ChecklistPage then freezes a new version."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page
