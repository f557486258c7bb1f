"""Template helpers of the directory."""

from django import template

from directory.selectors import municipality_slug as _municipality_slug

register = template.Library()


@register.filter
def municipality_slug(municipality) -> str:
    """The address part of a municipality's entry, for routablepageurl."""
    return _municipality_slug(getattr(municipality, "name", "") or "")
