import factory

from eligibility import models
from tests.factories.guidance import TODAY, SourceFactory, _EditorialFactory


def question(key: str, text: str, answers: list[tuple[str, str, str]], **extra) -> tuple:
    """A raw question block; `answers` are (key, label, next)."""
    return (
        "question",
        {
            "key": key,
            "question": text,
            "help_text": extra.get("help_text", ""),
            "answers": [{"key": k, "label": label, "next": nxt} for k, label, nxt in answers],
            "citations": extra.get("citations", []),
        },
    )


def outcome(key: str, heading: str, *, kind: str = "likely", source=None, **extra) -> tuple:
    return (
        "outcome",
        {
            "key": key,
            "heading": heading,
            "kind": kind,
            "why": extra.get("why", f"<p>Därför: {heading}.</p>"),
            "next_steps": extra.get("next_steps", "<p>Kontakta ombuden i din kommun.</p>"),
            "links": extra.get("links", []),
            "show_directory_search": extra.get("show_directory_search", False),
            "citations": [{"source": source or SourceFactory(), "locator": "avsnittet Målgruppen"}],
        },
    )


def guide_steps(source=None) -> list:
    """Three questions, three outcomes; the longest path has three questions.

    alder → (ja) behov → (ja) vill → (ja) troligen | (nej) inte-nu
                       → (osaker) kanske
          → (nej) andra-vagar
    """
    return [
        question(
            "alder",
            "Är du 18 år eller äldre?",
            [("alder-ja", "Ja", "behov"), ("alder-nej", "Nej", "andra-vagar")],
            help_text="<p>Stödet är för vuxna.</p>",
        ),
        question(
            "behov",
            "Behöver du stöd från flera håll?",
            [("behov-ja", "Ja", "vill"), ("behov-osaker", "Vet inte", "kanske")],
        ),
        question(
            "vill",
            "Vill du själv ha stödet?",
            [("vill-ja", "Ja", "troligen"), ("vill-nej", "Nej", "inte-nu")],
        ),
        outcome("troligen", "Du kan troligen få stöd", source=source),
        outcome("kanske", "Det kan vara möjligt", kind="maybe", source=source),
        outcome("andra-vagar", "Troligen inte rätt stöd", kind="unlikely", source=source),
        outcome("inte-nu", "Stödet bygger på att du vill", kind="unlikely", source=source),
    ]


class EligibilityGuidePageFactory(_EditorialFactory):
    title = "Kan jag få personligt ombud?"
    slug = factory.Sequence(lambda n: f"kan-jag-fa-ombud-{n}")
    intro = "<p>Svara på några frågor.</p>"
    steps = factory.LazyFunction(guide_steps)
    last_reviewed = TODAY

    class Meta:
        model = models.EligibilityGuidePage
