"""Glossary terms inside rich text: `<a linktype="term" id="…">` in the database.

On the public site the link goes to the term in the glossary, and the text block shows the
definition of every term it refers to right under the text ("show the definition in place"),
tied to the link with aria-describedby so a screen reader announces it on the link.
"""

import re

from django.utils.html import escape
from django.utils.translation import get_language
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler
from wagtail.models import Locale
from wagtail.rich_text import LinkHandler

TERM_LINK = re.compile(r'<a\b[^>]*\blinktype="term"[^>]*>', re.IGNORECASE)
ID_ATTRIBUTE = re.compile(r'\bid="(\d+)"')
RENDERED_TERM = re.compile(r'<a class="term-ref" data-term-id="(\d+)"')


def term_ids(source: str) -> list[int]:
    """The ids of the terms a rich-text source refers to, in reading order, without repeats."""
    ids: list[int] = []
    for tag in TERM_LINK.findall(source or ""):
        found = ID_ATTRIBUTE.search(tag)
        if found and int(found.group(1)) not in ids:
            ids.append(int(found.group(1)))
    return ids


def localized_terms(ids: list[int]) -> dict[int, object]:
    """The terms by their stored id, each in the reader's language where a translation exists."""
    from guidance.models import Term

    if not ids:
        return {}
    terms = {term.pk: term for term in Term.objects.filter(pk__in=ids).select_related("source")}
    try:
        locale = Locale.objects.get(language_code=get_language() or "sv")
    except Locale.DoesNotExist:
        return terms
    keys = {term.translation_key for term in terms.values()}
    translations = {
        term.translation_key: term
        for term in Term.objects.filter(translation_key__in=keys, locale=locale).select_related(
            "source"
        )
    }
    return {pk: translations.get(term.translation_key, term) for pk, term in terms.items()}


def annotate(html: str, source: str, scope: str) -> tuple[str, list[tuple[str, object]]]:
    """Point each rendered term link at its definition; return the definitions to show."""
    terms = localized_terms(term_ids(source))
    if not terms:
        return html, []

    def describe(match: re.Match) -> str:
        return f'{match.group(0)} aria-describedby="def-{scope}-{match.group(1)}"'

    definitions = [(f"def-{scope}-{pk}", term) for pk, term in terms.items()]
    return RENDERED_TERM.sub(describe, html), definitions


class TermLinkHandler(LinkHandler):
    """Front-end rendering of `<a linktype="term" id="…">`."""

    identifier = "term"

    @staticmethod
    def get_model():
        from guidance.models import Term

        return Term

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        from guidance.selectors import glossary_page_for

        ids = [int(a["id"]) for a in attrs_list if str(a.get("id", "")).isdigit()]
        terms = localized_terms(ids)
        pages = {}
        tags = []
        for attrs in attrs_list:
            term = terms.get(int(attrs["id"])) if str(attrs.get("id", "")).isdigit() else None
            if term is None:  # a deleted term: keep the words, drop the link
                tags.append('<a class="term-ref term-ref--missing">')
                continue
            if term.locale_id not in pages:
                pages[term.locale_id] = glossary_page_for(locale=term.locale)
            page = pages[term.locale_id]
            href = f"{page.url}#{term.slug}" if page else ""
            tags.append(
                f'<a class="term-ref" data-term-id="{int(attrs["id"])}"'
                + (f' href="{escape(href)}"' if href else "")
                + ">"
            )
        return tags


class TermElementHandler(InlineEntityElementHandler):
    """Database HTML to the editor's TERM entity."""

    mutability = "MUTABLE"

    def get_attribute_data(self, attrs):
        from django.urls import reverse

        from guidance.models import Term

        try:
            term = Term.objects.get(pk=attrs.get("id"))
        except (Term.DoesNotExist, ValueError, TypeError):
            return {"id": None, "url": None, "filename": ""}
        url = reverse("wagtailsnippets_guidance_term:edit", args=[term.pk])
        return {"id": term.pk, "url": url, "filename": term.term}


def term_entity_decorator(props):
    """The editor's TERM entity back to database HTML."""
    return DOM.create_element("a", {"linktype": "term", "id": props.get("id")}, props["children"])
