"""Guidance content: sources and rules, terms, role profiles, system deficiencies, and the page
types that show them. The snippets come first: the page types' modules build on them."""

from guidance.models.deficiencies import DeficiencyExample
from guidance.models.pages import (
    ComparedAttribute,
    ComparedRole,
    DeficiencyTaxonomyPage,
    DilemmaPage,
    EditorialPage,
    GlossaryPage,
    GuidancePage,
    GuidancePageBase,
    RoleComparisonPage,
    RuleSetPage,
    SourcesPage,
)
from guidance.models.roles import RoleAttribute, RoleProfile
from guidance.models.sources import Rule, RuleSet, Source
from guidance.models.terms import Term

__all__ = [
    "ComparedAttribute",
    "ComparedRole",
    "DeficiencyExample",
    "DeficiencyTaxonomyPage",
    "DilemmaPage",
    "EditorialPage",
    "GlossaryPage",
    "GuidancePage",
    "GuidancePageBase",
    "RoleAttribute",
    "RoleComparisonPage",
    "RoleProfile",
    "Rule",
    "RuleSet",
    "RuleSetPage",
    "Source",
    "SourcesPage",
    "Term",
]
