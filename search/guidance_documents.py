"""How the guidance snippets (terms, roles, rules, sources) appear in the portal's search.

Search builds on guidance (docs/ARCHITECTURE.md, "Layers"), so it reads guidance's models here
and registers these sources itself (search.wagtail_hooks); apps above search use the same hook.
"""

from wagtail.models import Locale

from guidance.models import (
    GlossaryPage,
    RoleAttribute,
    RoleComparisonPage,
    RoleProfile,
    Rule,
    RuleSetPage,
    Source,
    SourcesPage,
    Term,
)
from guidance.selectors import rules_prepare
from search.choices import ALL_AUDIENCES, DocumentKind
from search.documents import DocumentSource, plain


def _page_url(page_model, locale: Locale, anchor: str = "") -> tuple[str, str] | None:
    page = page_model.objects.live().public().filter(locale=locale).first()
    if page is None or not page.url:
        return None
    return (f"{page.url}#{anchor}" if anchor else page.url), page.title


def term_fields(term) -> dict | None:
    found = _page_url(GlossaryPage, term.locale, term.slug)
    if found is None:
        return None
    url, section = found
    return {
        "kind": DocumentKind.TERM,
        "audience": ALL_AUDIENCES,
        "language": term.locale.language_code,
        "title": term.term,
        "summary": plain(term.definition),
        "body": "",
        "keywords": f"{term.abbreviations} {term.synonyms}".replace(",", " "),
        "url": url,
        "section": section,
    }


def role_fields(role) -> dict | None:
    found = _page_url(RoleComparisonPage, role.locale, f"roll-{role.slug}")
    if found is None:
        return None
    url, section = found
    return {
        "kind": DocumentKind.ROLE,
        "audience": ALL_AUDIENCES,
        "language": role.locale.language_code,
        "title": role.name,
        "summary": plain(role.summary),
        "body": plain([attribute.value for attribute in role.attributes.all()]),
        "keywords": "",
        "url": url,
        "section": section,
    }


def rule_fields(rule) -> dict | None:
    url = rule.get_url()
    if not url:
        return None
    return {
        "kind": DocumentKind.RULE,
        "audience": ALL_AUDIENCES,
        "language": "sv",  # the rules are quoted from Swedish documents
        # The number stays out of the title: "17" in "jag är 17 år" is not rule 17.
        "title": f"{rule.rule_set.short_title}: {rule.get_topic_display()}",
        "summary": plain(rule.text),
        "body": f"Punkt {rule.number}. {rule.rule_set.title}. {plain(rule.change_note)}",
        "keywords": rule.get_force_display(),
        "url": url,
        "section": rule.rule_set.title,
    }


def source_fields(source) -> dict | None:
    found = _page_url(SourcesPage, Locale.get_default(), source.key)
    if found is None:
        return None
    url, section = found
    return {
        "kind": DocumentKind.SOURCE,
        "audience": ALL_AUDIENCES,
        "language": "sv",
        "title": source.title,
        "summary": plain(source.note),
        "body": "",
        "keywords": f"{source.publisher} {source.identifier} {source.year}",
        "url": url,
        "section": section,
    }


def _rules_with_pages() -> list:
    """Every rule with the page its address lies in, read in bulk (not one query a rule)."""
    rules = list(Rule.objects.select_related("rule_set"))
    rules_prepare(rules=rules)
    return rules


def document_sources() -> list[DocumentSource]:
    return [
        DocumentSource(
            "term",
            Term,
            lambda: Term.objects.select_related("locale"),
            term_fields,
            host_pages=(GlossaryPage,),
        ),
        DocumentSource(
            "role",
            RoleProfile,
            lambda: RoleProfile.objects.select_related("locale").prefetch_related("attributes"),
            role_fields,
            parts=((RoleAttribute, "role"),),
            host_pages=(RoleComparisonPage,),
        ),
        DocumentSource("rule", Rule, _rules_with_pages, rule_fields, host_pages=(RuleSetPage,)),
        DocumentSource(
            "source", Source, Source.objects.all, source_fields, host_pages=(SourcesPage,)
        ),
    ]
