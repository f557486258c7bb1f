from functools import lru_cache

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.rich_text import expand_db_html

from guidance.citations import Reference, citation_key
from guidance.rich_text import annotate, term_lookup, terms_from

register = template.Library()


@register.simple_tag
def ref_marks(refs):
    """The numbered marks linking a passage to its references ("[1][3]"). Built here rather than
    in a template: long pages (the role comparison) show hundreds of them, many alike."""
    if not refs:
        return ""
    return _ref_marks(tuple(ref.number for ref in refs), gettext("källa"))


@lru_cache(maxsize=1024)
def _ref_marks(numbers: tuple[int, ...], label: str) -> str:
    return format_html(
        '<span class="ref-marks">{}</span>',
        format_html_join(
            "",
            '<a class="ref-mark" href="#{}">[{}]<span class="visually-hidden"> {}</span></a>',
            ((Reference(number, None, "").anchor, number, label) for number in numbers),
        ),
    )


@register.simple_tag
def refs_for(references, block_id, item=None):
    """The numbered references of one block (or one item of a Q&A block)."""
    if references is None:
        return []
    return references.for_key(citation_key(str(block_id), item))


@register.simple_tag(takes_context=True)
def localized_term(context, term):
    """The term in the reader's language where a translation exists (as `term.localized`)."""

    if term is None:
        return None
    return term_lookup(request=context.get("request")).terms_for([term.pk]).get(term.pk, term)


@register.simple_tag(takes_context=True)
def term_url(context, term):
    page = term_lookup(request=context.get("request")).glossary_page(term.locale)
    return f"{page.get_url(context.get('request'))}#{term.slug}" if page else ""


@register.simple_tag(takes_context=True)
def with_refs(context, rich_text, refs, scope=None, item=None):
    """Rich text with its reference marks inside the last paragraph, where a reader expects them.

    With a `scope` (the block's id), glossary terms referred to in the text get their
    definitions right under it (see guidance.rich_text).
    """

    source = str(rich_text.source if hasattr(rich_text, "source") else rich_text)
    with terms_from(term_lookup(request=context.get("request"))):
        html = expand_db_html(source)
        definitions = []
        if scope is not None:
            scope = str(scope) if item is None else f"{scope}-{item}"
            html, definitions = annotate(html, source, scope)
    if refs:
        marks = ref_marks(refs)
        position = html.rfind("</p>")
        html = html + marks if position == -1 else html[:position] + marks + html[position:]
    if definitions:
        html += render_to_string("components/term_definitions.html", {"definitions": definitions})
    return mark_safe(html)  # noqa: S308 (rich text is sanitised by Wagtail's editor)
