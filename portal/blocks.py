"""Blocks shared by every page type. Domain-specific blocks live in their own apps."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from portal.choices import Audience

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Rubrik"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Nivå"),
        choices=[("h2", _("Rubrik 2")), ("h3", _("Rubrik 3"))],
        default="h2",
        help_text=_("Använd Rubrik 3 bara under en Rubrik 2, så att rubrikernas ordning stämmer."),
    )

    class Meta:
        icon = "title"
        label = _("Rubrik")
        template = "blocks/heading_block.html"
        description = _("En mellanrubrik som delar upp texten.")
        preview_value = {"text": "Vad gör ett personligt ombud?", "level": "h2"}


class EntryPointBlock(blocks.StructBlock):
    audience = blocks.ChoiceBlock(label=_("Målgrupp"), choices=Audience.choices)
    heading = blocks.CharBlock(label=_("Rubrik"), max_length=80)
    text = blocks.TextBlock(label=_("Text"), max_length=300)
    page = blocks.PageChooserBlock(label=_("Sida"), required=False)
    tools = blocks.ListBlock(
        blocks.PageChooserBlock(),
        label=_("Verktyg"),
        default=[],
        help_text=_("Verktyg för målgruppen som visas som länkar under texten, t.ex. guiden."),
    )

    class Meta:
        icon = "user"
        label = _("Ingång")
        template = "blocks/entry_point_block.html"
        description = _("En ingång på startsidan för en av portalens målgrupper.")
        preview_value = {
            "audience": Audience.SUPPORT,
            "heading": "För dig som söker stöd",
            "text": "Vad ett personligt ombud är och hur du får kontakt.",
        }


class PortalStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Bild"))

    class Meta:
        block_counts = {}
