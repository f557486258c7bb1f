"""StreamField blocks of the onboarding path: modules with reading, reflection and scenarios."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from guidance.blocks import CitationBlock
from portal.blocks import RICH_TEXT_FEATURES

KEY_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def key_block(**kwargs) -> blocks.RegexBlock:
    """A permanent key (a–z, 0–9, hyphens). RegexBlock is not offered for translation, so a
    translated page keeps the keys that addresses and saved progress rest on."""
    return blocks.RegexBlock(
        regex=KEY_PATTERN,
        max_length=60,
        error_messages={"invalid": _("Bara a–z, 0–9 och bindestreck.")},
        **kwargs,
    )


class ScenarioOptionBlock(blocks.StructBlock):
    key = key_block(label=_("Nyckel"), help_text=_("T.ex. ombud, god-man, boendestod."))
    label = blocks.CharBlock(label=_("Svarsalternativ"), max_length=120)

    class Meta:
        icon = "radio-full"
        label = _("Svarsalternativ")
        template = "blocks/onboarding_option_block.html"
        description = _("Ett svar läsaren kan välja, t.ex. ”Ombudet” eller ”Den gode mannen”.")
        preview_value = {"key": "god-man", "label": "Den gode mannen"}


class ScenarioBlock(blocks.StructBlock):
    key = key_block(label=_("Nyckel"), help_text=_("Kort och permanent; används i sidans adress."))
    situation = blocks.TextBlock(label=_("Situation"), max_length=800)
    question = blocks.CharBlock(
        label=_("Fråga"), max_length=200, default=_("Vems uppgift är det här?")
    )
    options = blocks.ListBlock(
        ScenarioOptionBlock(), label=_("Svarsalternativ"), min_num=2, max_num=6
    )
    correct = key_block(
        label=_("Rätt svar"), help_text=_("Nyckeln för det svarsalternativ som är rätt.")
    )
    feedback = blocks.RichTextBlock(
        label=_("Förklaring"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Visas efter svaret, rätt eller fel: varför, och vad ombudet gör i stället."),
    )
    citations = blocks.ListBlock(CitationBlock(), label=_("Källhänvisningar"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Övning: Är det här min uppgift?")
        template = "blocks/onboarding_scenario_block.html"
        description = _("En situation med svarsalternativ, rätt svar och en förklaring med källa.")
        preview_value = {
            "key": "rakningarna",
            "situation": "Klienten har god man och ber dig betala hyran varje månad.",
            "question": "Vems uppgift är det här?",
            "options": [
                {"key": "ombud", "label": "Ombudet"},
                {"key": "god-man", "label": "Den gode mannen"},
            ],
            "correct": "god-man",
            "feedback": "<p>Den gode mannen kan förvalta klientens egendom.</p>",
            "citations": [],
        }

    def clean(self, value):
        value = super().clean(value)
        keys = [option["key"] for option in value["options"]]
        errors = {}
        if len(set(keys)) != len(keys):
            errors["options"] = ListBlockValidationError(
                non_block_errors=[ValidationError(_("Två svarsalternativ har samma nyckel."))]
            )
        if value["correct"] not in keys:
            errors["correct"] = ValidationError(
                _("Rätt svar måste vara nyckeln för ett av svarsalternativen: %(keys)s.")
                % {"keys": ", ".join(keys)}
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ModuleBlock(blocks.StructBlock):
    key = key_block(
        label=_("Nyckel"),
        help_text=_(
            "Kort och permanent; används i adressen och i sparade framsteg. Ändra den aldrig."
        ),
    )
    title = blocks.CharBlock(label=_("Rubrik"), max_length=120)
    intro = blocks.RichTextBlock(label=_("Inledning"), features=RICH_TEXT_FEATURES)
    citations = blocks.ListBlock(
        CitationBlock(),
        label=_("Källor till inledningen"),
        default=[],
        help_text=_("Ange källan när inledningen återger fakta, t.ex. om en utbildning."),
    )
    pages = blocks.ListBlock(
        blocks.PageChooserBlock(), label=_("Sidor att läsa"), min_num=1, max_num=6
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(max_length=300), label=_("Frågor att reflektera över"), default=[]
    )
    scenarios = blocks.ListBlock(ScenarioBlock(), label=_("Övningar"), default=[])

    class Meta:
        icon = "list-ol"
        label = _("Modul")
        template = "blocks/onboarding_module_block.html"
        description = _("Ett steg i introduktionen: sidor att läsa, frågor och övningar.")
        preview_value = {
            "key": "uppdraget",
            "title": "Uppdraget",
            "intro": "<p>Varför personligt ombud finns och vad uppdraget är.</p>",
            "citations": [],
            "pages": [],
            "questions": ["Vem ger dig ditt uppdrag?"],
            "scenarios": [],
        }

    def get_context(self, value, parent_context=None):
        # Imported here, not on top: `onboarding.selectors` imports these models (a cycle).
        from onboarding.selectors import module_reading

        context = super().get_context(value, parent_context=parent_context)
        context["reading"] = module_reading(
            pages=value["pages"], request=(parent_context or {}).get("request")
        )
        return context

    def clean(self, value):
        value = super().clean(value)
        keys = [scenario["key"] for scenario in value["scenarios"]]
        if len(set(keys)) != len(keys):
            raise StructBlockValidationError(
                block_errors={
                    "scenarios": ListBlockValidationError(
                        non_block_errors=[ValidationError(_("Två övningar har samma nyckel."))]
                    )
                }
            )
        return value


class OnboardingStreamBlock(blocks.StreamBlock):
    module = ModuleBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        seen = set()
        for child in value:
            key = child.value["key"]
            if key in seen:
                raise ValidationError(
                    _("Modulnyckeln '%(key)s' används mer än en gång.") % {"key": key}
                )
            seen.add(key)
        return value
