"""StreamField blocks of the eligibility guide: questions with answers, and outcomes."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from eligibility import guide
from eligibility.messages import problem_message
from guidance.blocks import CitationBlock
from portal.blocks import RICH_TEXT_FEATURES

KEY_HELP = _(
    "Kort nyckel (a–z, 0–9, bindestreck) som svaren pekar på. Den syns i adressen till guiden; "
    "ändra den inte i onödan, för då slutar sparade länkar att fungera."
)


def key_block(label=None, help_text=KEY_HELP):
    return blocks.RegexBlock(
        regex=guide.KEY_PATTERN,
        max_length=guide.MAX_KEY_LENGTH,
        label=label or _("Nyckel"),
        help_text=help_text,
        error_messages={"invalid": _("Bara a–z, 0–9 och bindestreck.")},
    )


class AnswerBlock(blocks.StructBlock):
    key = key_block(help_text=_("Kort nyckel för svaret, t.ex. 'alder-ja'. Syns i adressen."))
    label = blocks.CharBlock(label=_("Svar"), max_length=200)
    next = key_block(
        label=_("Leder till"),
        help_text=_("Nyckeln till nästa fråga eller till ett resultat i den här guiden."),
    )

    class Meta:
        icon = "arrow-right"
        label = _("Svarsalternativ")
        template = "blocks/eligibility_answer_block.html"
        description = _("Ett svar som läsaren kan välja, och vart det leder.")
        preview_value = {"key": "alder-ja", "label": "Ja", "next": "diagnos"}


class QuestionBlock(blocks.StructBlock):
    key = key_block()
    question = blocks.CharBlock(label=_("Fråga"), max_length=200)
    help_text = blocks.RichTextBlock(
        label=_("Förklaring"),
        features=RICH_TEXT_FEATURES,
        required=False,
        help_text=_("Kort förklaring i klarspråk som visas under frågan."),
    )
    answers = blocks.ListBlock(AnswerBlock(), label=_("Svarsalternativ"), min_num=2, max_num=6)
    citations = blocks.ListBlock(
        CitationBlock(), label=_("Källhänvisningar"), min_num=0, default=[]
    )

    class Meta:
        icon = "help"
        label = _("Fråga")
        template = "blocks/eligibility_question_block.html"
        description = _("En fråga på en egen skärm. Den första frågan i guiden är starten.")
        preview_value = {
            "key": "alder",
            "question": "Är du 18 år eller äldre?",
            "help_text": "<p>Personligt ombud är ett stöd för vuxna.</p>",
            "answers": [
                {"key": "alder-ja", "label": "Ja", "next": "troligen"},
                {"key": "alder-nej", "label": "Nej", "next": "andra-vagar"},
            ],
            "citations": [],
        }


class OutcomeKind(blocks.ChoiceBlock):
    def __init__(self, **kwargs):
        super().__init__(
            choices=[
                ("likely", _("Troligen")),
                ("maybe", _("Kanske")),
                ("unlikely", _("Troligen inte")),
            ],
            **kwargs,
        )


class OutcomeBlock(blocks.StructBlock):
    key = key_block()
    heading = blocks.CharBlock(label=_("Rubrik"), max_length=150)
    kind = OutcomeKind(label=_("Typ av resultat"), default="maybe")
    why = blocks.RichTextBlock(
        label=_("Varför"), features=RICH_TEXT_FEATURES, help_text=_("Förklara svaret i klarspråk.")
    )
    next_steps = blocks.RichTextBlock(label=_("Så gör du nu"), features=RICH_TEXT_FEATURES)
    links = blocks.ListBlock(
        blocks.PageChooserBlock(),
        label=_("Läs mer"),
        min_num=0,
        default=[],
        help_text=_("Sidor i portalen som hjälper läsaren vidare."),
    )
    show_directory_search = blocks.BooleanBlock(
        label=_("Visa sökningen efter ombud"),
        required=False,
        default=False,
        help_text=_("Visar ett sökfält till sidan 'Hitta ombud' om sidan är vald för guiden."),
    )
    citations = blocks.ListBlock(CitationBlock(), label=_("Källhänvisningar"), min_num=1)

    class Meta:
        icon = "flag"
        label = _("Resultat")
        template = "blocks/eligibility_outcome_block.html"
        description = _("Ett resultat som en väg genom frågorna slutar i, med nästa steg.")
        preview_value = {
            "key": "troligen",
            "heading": "Du kan troligen få stöd",
            "kind": "likely",
            "why": "<p>Dina svar stämmer med hur målgruppen beskrivs.</p>",
            "next_steps": "<p>Kontakta ombuden i din kommun.</p>",
            "links": [],
            "show_directory_search": True,
            "citations": [],
        }


class EligibilityStreamBlock(blocks.StreamBlock):
    question = QuestionBlock()
    outcome = OutcomeBlock()

    class Meta:
        min_num = 2

    def clean(self, value):
        value = super().clean(value)
        found = guide.problems(steps_of(value))
        if found:
            raise ValidationError(" ".join(str(problem_message(p)) for p in found))
        return value


def steps_of(stream) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The guide's steps as plain tuples, for eligibility.guide."""
    steps = []
    for child in stream:
        value = child.value
        answers = (
            [(answer["key"], answer["next"]) for answer in value["answers"]]
            if child.block_type == "question"
            else []
        )
        steps.append((child.block_type, value["key"], answers))
    return steps
