import pytest

from checklists.models import County
from tests.factories.checklists import ChecklistPageFactory, ProgrammeFactory, publish
from tests.factories.guidance import GuidancePageFactory, RuleFactory


@pytest.fixture
def section(home):
    return GuidancePageFactory(parent=home, title="För länsstyrelser", audience="lansstyrelse")


@pytest.fixture
def rule(db):
    return RuleFactory(text="Ledningsgruppen ska ha en tydlig sammansättning.")


@pytest.fixture
def checklist(section, rule):
    """A live checklist of 2 areas × 3 items whose version 1 is frozen."""
    from tests.factories.checklists import checklist_areas

    page = ChecklistPageFactory(parent=section, live=False, areas=checklist_areas(rules=[rule]))
    return publish(page)


@pytest.fixture
def version(checklist):
    return checklist.versions.get()


@pytest.fixture
def stockholm(db):
    return County.objects.get(code="AB")


@pytest.fixture
def jamtland(db):
    return County.objects.get(code="Z")


@pytest.fixture
def programme(stockholm):
    return ProgrammeFactory(county=stockholm, name="PO Skärholmen")


@pytest.fixture
def other_programme(jamtland):
    return ProgrammeFactory(county=jamtland, name="PO Östersund")
