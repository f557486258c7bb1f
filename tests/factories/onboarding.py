import factory

from onboarding import models
from tests.factories.guidance import TODAY, SourceFactory, _EditorialFactory


def scenario(key: str = "hyran", *, source=None, correct: str = "god-man") -> dict:
    """Raw data for one 'Is this my task?' scenario with three options."""
    return {
        "key": key,
        "situation": "Klienten har god man och ber dig betala hyran varje månad.",
        "question": "Vems uppgift är det här?",
        "options": [
            {"key": "ombud", "label": "Ombudet"},
            {"key": "god-man", "label": "Den gode mannen"},
            {"key": "boendestod", "label": "Boendestödet"},
        ],
        "correct": correct,
        "feedback": "<p>Den gode mannen kan förvalta klientens egendom.</p>",
        "citations": [
            {"source": source or SourceFactory(), "locator": "Bilaga 3, avsnittet God man"}
        ],
    }


def onboarding_modules(*, pages=(), keys=("uppdraget", "malgruppen", "avgransningar")) -> list:
    """Raw StreamField data: one module per key; the last one has a scenario."""
    source = SourceFactory()
    return [
        (
            "module",
            {
                "key": key,
                "title": f"Modul {key}",
                "intro": f"<p>Inledning till {key}.</p>",
                "pages": list(pages),
                "questions": [f"Vad betyder {key} för dig?"],
                "scenarios": [scenario(source=source)] if number == len(keys) else [],
            },
        )
        for number, key in enumerate(keys, start=1)
    ]


class OnboardingPageFactory(_EditorialFactory):
    title = "Introduktion för nya ombud"
    slug = factory.Sequence(lambda n: f"introduktion-{n}")
    audience = "ombud"
    intro = "<p>Gå igenom modulerna i din egen takt.</p>"
    modules = factory.LazyFunction(onboarding_modules)
    last_reviewed = TODAY

    class Meta:
        model = models.OnboardingPage
