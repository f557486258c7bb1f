"""StreamField blocks of a checklist: areas, each with assessable items."""

import copy

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from guidance.blocks import CitationBlock
from portal.blocks import RICH_TEXT_FEATURES

KEY_HELP = _(
    "Kort, permanent nyckel (a–z, 0–9, bindestreck). Ändra den aldrig: jämförelser mellan "
    "bedömningar och versioner bygger på den."
)


def key_block() -> blocks.RegexBlock:
    """The permanent key of an area or an item."""
    return blocks.RegexBlock(
        regex=r"^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length=80,
        label=_("Nyckel"),
        help_text=KEY_HELP,
        error_messages={"invalid": _("Bara a–z, 0–9 och bindestreck.")},
    )


class DistinctSnippetChooserBlock(SnippetChooserBlock):
    """A snippet chooser whose bulk read asks for each chosen object once.

    Wagtail's `bulk_to_python` hands `in_bulk` every id as often as it is chosen, and `in_bulk`
    splits long lists into batches (999 ids on SQLite): a checklist citing the same rules in
    many items would cost one query more per batch.
    """

    def bulk_to_python(self, values):
        values = list(values)
        objects = self.model_class.objects.in_bulk(
            list(dict.fromkeys(value for value in values if value is not None))
        )
        result = []
        seen = set()
        for value in values:
            obj = objects.get(value)
            if obj is not None and value in seen:
                obj = copy.copy(obj)  # as Wagtail: one instance per place it is chosen
            result.append(obj)
            seen.add(value)
        return result

    def deconstruct(self):
        # Migrations see the stock block: how values are read does not change what is stored.
        _path, args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", args, kwargs


class ChecklistItemBlock(blocks.StructBlock):
    key = key_block()
    question = blocks.CharBlock(label=_("Fråga"), max_length=300)
    guidance = blocks.RichTextBlock(
        label=_("Bedömningsstöd"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Vad granskaren tittar på och när punkten är uppfylld, delvis eller inte."),
    )
    evidence = blocks.TextBlock(
        label=_("Underlag att begära"), max_length=600, required=False, default=""
    )
    rules = blocks.ListBlock(
        DistinctSnippetChooserBlock("guidance.Rule"),
        label=_("Regler som punkten prövar"),
        default=[],
    )
    citations = blocks.ListBlock(CitationBlock(), label=_("Källhänvisningar"), min_num=1)

    class Meta:
        icon = "tick-inverse"
        label = _("Punkt")
        template = "blocks/checklist_item_block.html"
        description = _("En punkt att bedöma, med bedömningsstöd, regler och underlag.")
        preview_value = {
            "key": "ledningsgrupp-finns",
            "question": "Finns en ledningsgrupp?",
            "guidance": "<p>Uppfyllt när …</p>",
            "evidence": "Protokoll",
            "rules": [],
            "citations": [],
        }


class ChecklistAreaBlock(blocks.StructBlock):
    key = key_block()
    title = blocks.CharBlock(label=_("Rubrik"), max_length=150)
    intro = blocks.RichTextBlock(
        label=_("Inledning"), features=RICH_TEXT_FEATURES, required=False, default=""
    )
    items = blocks.ListBlock(ChecklistItemBlock(), label=_("Punkter"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Område")
        template = "blocks/checklist_area_block.html"
        description = _("Ett tillsynsområde med sina punkter.")
        preview_value = {"key": "ledningsgrupp", "title": "Ledningsgruppen", "items": []}


class ChecklistStreamBlock(blocks.StreamBlock):
    area = ChecklistAreaBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        errors = duplicate_key_errors(
            [
                (child.value["key"], [item["key"] for item in child.value["items"]])
                for child in value
            ]
        )
        if errors:
            raise ValidationError(" ".join(errors))
        return value


def duplicate_key_errors(areas: list[tuple[str, list[str]]]) -> list[str]:
    """Messages for area keys or item keys used more than once in one checklist."""
    errors = []
    area_keys = [key for key, _items in areas]
    item_keys = [key for _key, items in areas for key in items]
    for kind, keys in ((_("Områdesnyckeln"), area_keys), (_("Punktnyckeln"), item_keys)):
        seen = set()
        for key in keys:
            if key in seen:
                errors.append(
                    _("%(kind)s '%(key)s' används mer än en gång.") % {"kind": kind, "key": key}
                )
            seen.add(key)
    return errors
