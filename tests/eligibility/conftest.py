import pytest

from tests.factories.eligibility import EligibilityGuidePageFactory
from tests.factories.guidance import GuidancePageFactory


@pytest.fixture
def section(home):
    return GuidancePageFactory(parent=home, title="För dig som söker stöd", slug="stod")


@pytest.fixture
def guide_page(section):
    return EligibilityGuidePageFactory(parent=section, slug="kan-jag-fa-ombud")
