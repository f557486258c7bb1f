from django import template

from guidance.citations import citation_key

register = template.Library()


@register.simple_tag
def refs_for(references, block_id, item=None):
    """The numbered references of one block (or one item of a Q&A block)."""
    if references is None:
        return []
    return references.for_key(citation_key(str(block_id), item))


@register.simple_tag(takes_context=True)
def term_url(context, term):
    from guidance.selectors import glossary_page_for

    page = glossary_page_for(locale=term.locale)
    return f"{page.get_url(context.get('request'))}#{term.slug}" if page else ""


@register.simple_tag
def with_refs(rich_text, refs):
    """Rich text with its reference marks inside the last paragraph, where a reader expects them."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe
    from wagtail.rich_text import expand_db_html

    html = expand_db_html(str(rich_text.source if hasattr(rich_text, "source") else rich_text))
    if not refs:
        return mark_safe(html)  # noqa: S308 (rich text is sanitised by Wagtail's editor)
    marks = render_to_string("components/ref_marks.html", {"refs": refs}).strip()
    position = html.rfind("</p>")
    if position == -1:
        return mark_safe(html + marks)  # noqa: S308
    return mark_safe(html[:position] + marks + html[position:])  # noqa: S308
