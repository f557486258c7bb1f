"""Template tags of the tillsyn tool: what other apps add to it (checklists.evidence)."""

from django import template

from checklists.evidence import assessment_evidence, tool_links

register = template.Library()


@register.simple_tag(takes_context=True)
def area_evidence(context, assessment, area_key):
    """Evidence for one area of the assessment, as far as the signed-in user may see it."""
    return assessment_evidence(
        user=context["request"].user, assessment=assessment, area_key=area_key
    )


@register.simple_tag(takes_context=True)
def tillsyn_links(context):
    return tool_links(user=context["request"].user)
