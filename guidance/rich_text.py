"""Glossary terms inside rich text: `<a linktype="term" id="…">` in the database.

On the public site the link goes to the term in the glossary, and the text block shows the
definition of every term it refers to right under the text ("show the definition in place"),
tied to the link with aria-describedby so a screen reader announces it on the link.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language
from draftjs_exporter.dom import DOM
from wagtail.admin.rich_text.converters.html_to_contentstate import InlineEntityElementHandler
from wagtail.models import Locale
from wagtail.rich_text import LinkHandler

from guidance.models import Term
from guidance.selectors import glossary_page_for

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


def _read_localized_terms(ids: list[int]) -> dict[int, object]:
    if not ids:
        return {}
    terms = {
        term.pk: term for term in Term.objects.filter(pk__in=ids).select_related("source", "locale")
    }
    try:
        locale = Locale.objects.get(language_code=get_language() or "sv")
    except Locale.DoesNotExist:
        return terms
    keys = {term.translation_key for term in terms.values()}
    translations = {
        term.translation_key: term
        for term in Term.objects.filter(translation_key__in=keys, locale=locale).select_related(
            "source", "locale"
        )
    }
    return {pk: translations.get(term.translation_key, term) for pk, term in terms.items()}


class TermLookup:
    """Terms and glossary pages already read while one request renders, each read only once."""

    def __init__(self):
        self.terms: dict[int, object | None] = {}
        self.glossary_pages: dict[int, object | None] = {}

    def terms_for(self, ids: list[int]) -> dict[int, object]:
        missing = [pk for pk in ids if pk not in self.terms]
        if missing:
            found = _read_localized_terms(missing)
            self.terms.update({pk: found.get(pk) for pk in missing})
        return {pk: self.terms[pk] for pk in ids if self.terms.get(pk) is not None}

    def glossary_page(self, locale):
        if locale.pk not in self.glossary_pages:
            self.glossary_pages[locale.pk] = glossary_page_for(locale=locale)
        return self.glossary_pages[locale.pk]


_active_lookup: ContextVar[TermLookup | None] = ContextVar("guidance_term_lookup", default=None)


def term_lookup(*, request=None) -> TermLookup:
    """The request's lookup (made on first use); a fresh one when there is no request."""
    if request is None:
        return _active_lookup.get() or TermLookup()
    if not hasattr(request, "guidance_terms"):
        request.guidance_terms = TermLookup()
    return request.guidance_terms


@contextmanager
def terms_from(lookup: TermLookup):
    """Let rich-text rendering inside the block (Wagtail's link handler) use `lookup`."""
    token = _active_lookup.set(lookup)
    try:
        yield lookup
    finally:
        _active_lookup.reset(token)


def localized_terms(ids: list[int]) -> dict[int, object]:
    """The terms by their stored id, each in the reader's language where a translation exists."""
    return term_lookup().terms_for(ids)


def stream_term_ids(stream) -> list[int]:
    """Every term a guidance body refers to, in its rich text or as a term block."""
    ids: list[int] = []
    for block in stream:
        value = block.value
        if block.block_type in ("text", "callout"):
            sources = [value["text"].source]
        elif block.block_type == "qa":
            sources = [item["answer"].source for item in value["items"]]
        elif block.block_type == "term_reference" and value["term"] is not None:
            ids.append(value["term"].pk)
            continue
        else:
            continue
        ids.extend(pk for source in sources for pk in term_ids(source))
    return list(dict.fromkeys(ids))


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
        return Term

    @classmethod
    def expand_db_attributes(cls, attrs: dict) -> str:
        return cls.expand_db_attributes_many([attrs])[0]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        ids = [int(a["id"]) for a in attrs_list if str(a.get("id", "")).isdigit()]
        lookup = term_lookup()
        terms = lookup.terms_for(ids)
        tags = []
        for attrs in attrs_list:
            term = terms.get(int(attrs["id"])) if str(attrs.get("id", "")).isdigit() else None
            if term is None:  # a deleted term: keep the words, drop the link
                tags.append('<a class="term-ref term-ref--missing">')
                continue
            page = lookup.glossary_page(term.locale)
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
        try:
            term = Term.objects.get(pk=attrs.get("id"))
        except (Term.DoesNotExist, ValueError, TypeError):
            return {"id": None, "url": None, "filename": ""}
        url = reverse("wagtailsnippets_guidance_term:edit", args=[term.pk])
        return {"id": term.pk, "url": url, "filename": term.term}


def term_entity_decorator(props):
    """The editor's TERM entity back to database HTML."""
    return DOM.create_element("a", {"linktype": "term", "id": props.get("id")}, props["children"])
