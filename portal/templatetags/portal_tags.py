from django import template
from django.utils.translation import get_language

from portal.forms import form_error_summary
from portal.selectors import (
    breadcrumb_pages,
    language_links,
    page_alternates,
    page_for_reader,
    page_is_public,
    site_home_pages,
)
from portal.selectors import page_language as _page_language

register = template.Library()


@register.inclusion_tag("components/language_switcher.html", takes_context=True)
def language_switcher(context):
    links = language_links(page=context.get("page"), request=context.get("request"))
    # Views that are not pages (the search) give their own address in each language.
    for link in links:
        own = context.get("language_urls", {}).get(link["code"])
        if own:
            link.update(url=own, is_translation=True)
    return {"other_languages": [link for link in links if not link["is_current"]]}


@register.inclusion_tag("components/hreflang.html", takes_context=True)
def hreflang_links(context):
    page = context.get("page")
    if page is None or not getattr(page, "pk", None):
        return {"alternates": []}
    alternates = page_alternates(page=page, request=context.get("request"))
    return {"alternates": alternates if len(alternates) > 1 else []}


@register.inclusion_tag("components/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    if page is None or not getattr(page, "pk", None) or page.depth <= 2:
        return {"ancestors": []}
    return {"ancestors": breadcrumb_pages(page=page), "page": page}


@register.simple_tag(takes_context=True)
def home_url(context) -> str:
    """The current language's home page, for the site name link."""

    homes = site_home_pages(request=context.get("request"))
    home = homes.get(get_language()) or next(iter(homes.values()), None)
    return home.get_url(context.get("request")) if home else "/"


@register.simple_tag(takes_context=True)
def localized_page(context, page):
    """`{% localized_page page as target %}{% if target %}…`: the page in the reader's language
    (as `page.localized`, one locale read a request), or None when it is not live and public:
    links, titles and summaries of private pages are never shown."""
    return page_for_reader(page=page, request=context.get("request"))


@register.simple_tag(takes_context=True)
def public_page(context, page):
    """`{% public_page page as target %}{% if target %}…`: the page itself (in its own language)
    when it is live and public, else None."""
    if page is None or not page_is_public(page=page, request=context.get("request")):
        return None
    return page


@register.simple_tag(takes_context=True)
def page_language(context, page) -> str:
    """`{% page_language target as language %}`: the page's language code (no query a page)."""
    return _page_language(page=page, request=context.get("request")) if page else ""


@register.filter
def error_summary(form) -> list[dict]:
    """`{% include "components/error_summary.html" with errors=form|error_summary %}`"""
    return form_error_summary(form)
