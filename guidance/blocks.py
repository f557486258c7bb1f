"""StreamField blocks of guidance pages: cited text, callouts, quotes, rules, terms, Q&A."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from portal.blocks import RICH_TEXT_FEATURES, HeadingBlock, ResponsiveImageBlock

# Guidance text may also refer to glossary terms (see guidance.rich_text).
GUIDANCE_FEATURES = [*RICH_TEXT_FEATURES, "term"]


class CitationBlock(blocks.StructBlock):
    source = SnippetChooserBlock("guidance.Source", label=_("Källa"))
    locator = blocks.CharBlock(
        label=_("Var i källan"),
        max_length=200,
        help_text=_("Avsnitt, kapitel eller sida, t.ex. 'avsnittet Målgruppen, s. 3'."),
    )

    class Meta:
        icon = "doc-full"
        label = _("Källhänvisning")
        template = "blocks/citation_block.html"
        description = _("En hänvisning till en källa med avsnitt eller sida.")
        preview_value = {"locator": "avsnittet Målgruppen"}


class CitedTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=GUIDANCE_FEATURES)
    citations = blocks.ListBlock(
        CitationBlock(), label=_("Källhänvisningar"), min_num=0, default=[]
    )

    class Meta:
        icon = "pilcrow"
        label = _("Text med källor")
        template = "blocks/cited_text_block.html"
        description = _("Brödtext. Varje påstående om regler ska ha minst en källhänvisning.")
        preview_value = {"text": "<p>Ombudet arbetar på klientens uppdrag.</p>", "citations": []}


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Rubrik"), max_length=80, default=_("Bra att veta"))
    text = blocks.RichTextBlock(label=_("Text"), features=GUIDANCE_FEATURES)

    class Meta:
        icon = "help"
        label = _("Bra att veta")
        template = "blocks/callout_block.html"
        description = _("En framhävd ruta med något läsaren särskilt ska lägga märke till.")
        preview_value = {"heading": "Bra att veta", "text": "<p>Du bestämmer själv.</p>"}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citat"), max_length=1200)
    source = SnippetChooserBlock("guidance.Source", label=_("Källa"))
    locator = blocks.CharBlock(label=_("Var i källan"), max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Citat med källa")
        template = "blocks/quote_block.html"
        description = _("Ett ordagrant citat, t.ex. en definition, med källa.")
        preview_value = {"quote": "En person har en psykisk funktionsnedsättning om …"}


class RuleReferenceBlock(blocks.StructBlock):
    rule = SnippetChooserBlock("guidance.Rule", label=_("Regel"))

    class Meta:
        icon = "list-ol"
        label = _("Regel")
        template = "blocks/rule_reference_block.html"
        description = _("Visar en regel med dess text, styrka, giltighet och källa.")
        preview_value = {}


class TermReferenceBlock(blocks.StructBlock):
    term = SnippetChooserBlock("guidance.Term", label=_("Begrepp"))

    class Meta:
        icon = "tag"
        label = _("Begrepp")
        template = "blocks/term_reference_block.html"
        description = _("Visar ett begrepp och dess definition på plats, med länk till ordlistan.")
        preview_value = {}


class QuestionAnswerBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Fråga"), max_length=250)
    answer = blocks.RichTextBlock(label=_("Svar"), features=GUIDANCE_FEATURES)
    citations = blocks.ListBlock(
        CitationBlock(), label=_("Källhänvisningar"), min_num=0, default=[]
    )

    class Meta:
        icon = "help"
        label = _("Fråga och svar")
        template = "blocks/question_answer_block.html"
        description = _("En fråga med svar och källor.")
        preview_value = {"question": "Kostar det något?", "answer": "<p>…</p>", "citations": []}


class QuestionsBlock(blocks.StructBlock):
    items = blocks.ListBlock(QuestionAnswerBlock(), label=_("Frågor"), min_num=1)

    class Meta:
        icon = "list-ul"
        label = _("Frågor och svar")
        template = "blocks/questions_block.html"
        description = _("En lista med frågor och svar som läsaren kan fälla ut.")
        preview_value = {
            "items": [{"question": "Kostar det något?", "answer": "<p>…</p>", "citations": []}]
        }


class RelatedPagesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("Rubrik"), max_length=80, required=False, default=_("Läs också")
    )
    pages = blocks.ListBlock(blocks.PageChooserBlock(), label=_("Sidor"), min_num=1)

    class Meta:
        icon = "link"
        label = _("Relaterade sidor")
        template = "blocks/related_pages_block.html"
        description = _("Länkar till andra sidor i portalen.")
        preview_value = {"heading": "Läs också", "pages": []}


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = CitedTextBlock()
    callout = CalloutBlock()
    quote = QuoteBlock()
    rule_reference = RuleReferenceBlock()
    term_reference = TermReferenceBlock()
    qa = QuestionsBlock()
    related_pages = RelatedPagesBlock()
    image = ResponsiveImageBlock(label=_("Bild"))


class DilemmaReferenceBlock(blocks.StreamBlock):
    citation = CitationBlock()
    rule = SnippetChooserBlock(
        "guidance.Rule", label=_("Regel"), icon="list-ol", template="blocks/rule_snippet.html"
    )
