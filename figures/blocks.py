"""StreamField blocks of the figures page: charts of data sets, headings and text."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import RICH_TEXT_FEATURES, HeadingBlock


class ChartBlock(blocks.StructBlock):
    dataset = SnippetChooserBlock("figures.DataSet", label=_("Dataserie"))
    heading = blocks.CharBlock(
        label=_("Rubrik"),
        max_length=200,
        required=False,
        help_text=_("Lämna tomt för att använda dataseriens titel."),
    )

    class Meta:
        icon = "table"
        label = _("Diagram")
        template = "blocks/figures_chart_block.html"
        description = _(
            "Ett diagram av en dataserie, med tabellen, källan och en CSV-fil att ladda ner."
        )
        preview_value = {"dataset": None, "heading": "Ombud per län, december 2004"}

    def get_context(self, value, parent_context=None):
        # Imported here, not on top: `figures.selectors` imports these models (a cycle).
        from figures.selectors import chart_view

        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        context["chart"] = chart_view(
            dataset=value["dataset"],
            heading=value["heading"],
            page=parent_context.get("page"),
            uid=str(parent_context.get("block_id") or ""),
        )
        return context

    def get_searchable_content(self, value):
        dataset = value.get("dataset")
        if dataset is None:
            return [value.get("heading") or ""]
        return [value.get("heading") or dataset.title, dataset.description, dataset.note]


class FiguresStreamBlock(blocks.StreamBlock):
    chart = ChartBlock()
    heading = HeadingBlock()
    text = blocks.RichTextBlock(
        label=_("Text"),
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph_block.html",
    )

    class Meta:
        min_num = 1
