"""Factories for every page type and model the tests build. Keep one factory per page type."""

from tests.factories.checklists import ChecklistPageFactory
from tests.factories.directory import DirectoryPageFactory
from tests.factories.eligibility import EligibilityGuidePageFactory
from tests.factories.figures import FiguresPageFactory
from tests.factories.guidance import (
    DeficiencyTaxonomyPageFactory,
    DilemmaPageFactory,
    GlossaryPageFactory,
    GuidancePageFactory,
    RoleComparisonPageFactory,
    RuleSetPageFactory,
    SourcesPageFactory,
)
from tests.factories.onboarding import OnboardingPageFactory
from tests.factories.portal import HomePageFactory, StandardPageFactory

PAGE_FACTORIES = {
    factory._meta.model: factory
    for factory in (
        HomePageFactory,
        StandardPageFactory,
        GuidancePageFactory,
        DeficiencyTaxonomyPageFactory,
        DilemmaPageFactory,
        GlossaryPageFactory,
        SourcesPageFactory,
        RuleSetPageFactory,
        RoleComparisonPageFactory,
        ChecklistPageFactory,
        DirectoryPageFactory,
        EligibilityGuidePageFactory,
        OnboardingPageFactory,
        FiguresPageFactory,
    )
}
