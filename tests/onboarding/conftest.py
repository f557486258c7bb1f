import pytest

from tests.factories.guidance import GuidancePageFactory
from tests.factories.onboarding import OnboardingPageFactory, onboarding_modules


@pytest.fixture
def section(home):
    return GuidancePageFactory(parent=home, title="För nya ombud", slug="ombud", audience="ombud")


@pytest.fixture
def guidance_page(section):
    return GuidancePageFactory(
        parent=section, title="Avgränsningar", slug="avgransningar", summary="Vad ombudet inte gör."
    )


@pytest.fixture
def onboarding(section, guidance_page):
    """A live path of three modules (uppdraget, malgruppen, avgransningar); the last has the
    scenario 'hyran' whose right answer is god-man."""
    return OnboardingPageFactory(
        parent=section, slug="introduktion", modules=onboarding_modules(pages=[guidance_page])
    )


def module_url(page, key: str, route: str = "module") -> str:
    return page.url + page.reverse_subpage(route, kwargs={"key": key})
