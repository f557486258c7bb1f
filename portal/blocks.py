"""Blocks shared by every page type. Domain-specific blocks live in their own apps."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.images.shortcuts import get_renditions_or_not_found

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


class ResponsiveImageBlock(ImageBlock):
    """Wagtail's image block (alt text, or marked decorative) served as resized renditions.

    The block keeps Wagtail's stored format and migration path (ImageBlock deconstructs as
    itself), so only the rendering changes: a srcset of width renditions, never wider than the
    original, with the middle one as the fallback `src`.
    """

    widths = (480, 800, 1200)
    fallback_width = 800

    class Meta:
        icon = "image"
        template = "blocks/image_block.html"
        description = _("En bild med alternativtext, eller markerad som dekorativ.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        if value:
            # A width-N rendition of a narrower image keeps its size: drop the duplicates.
            widths = sorted({min(width, value.width) for width in self.widths})
            renditions = get_renditions_or_not_found(value, [f"width-{w}" for w in widths])
            by_width = {rendition.width: rendition for rendition in renditions.values()}
            context["renditions"] = [by_width[width] for width in sorted(by_width)]
            context["rendition"] = max(
                (r for r in context["renditions"] if r.width <= self.fallback_width),
                key=lambda r: r.width,
                default=context["renditions"][0],
            )
            # Set on the image by ImageBlock (a rendition from the cache may hold another copy);
            # as in Wagtail, an image without block alt text falls back to its description.
            context["alt"] = (
                "" if value.decorative else value.contextual_alt_text or value.default_alt_text
            )
        return context


class PortalStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )
    image = ResponsiveImageBlock(label=_("Bild"))

    class Meta:
        block_counts = {}
