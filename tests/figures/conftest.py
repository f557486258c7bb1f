import pytest

from tests.conftest import translate
from tests.factories.figures import DataSetFactory, FiguresPageFactory, chart_body
from tests.factories.guidance import GuidancePageFactory


@pytest.fixture
def section(home):
    return GuidancePageFactory(
        parent=home, title="För länsstyrelser", slug="lan", audience="lansstyrelse"
    )


@pytest.fixture
def dataset(db):
    return DataSetFactory(
        key="po-lan-2004",
        title="Verksamheter och ombud per län",
        note="Summorna stämmer med rapportens totaler.",
    )


@pytest.fixture
def figures_page(section, dataset):
    return FiguresPageFactory(parent=section, slug="po-i-siffror", body=chart_body(dataset))


@pytest.fixture
def figures_page_en(home_en, section, figures_page):
    translate(section, "en", title="For county boards", slug="county")
    return translate(figures_page, "en", title="PO in numbers", slug="po-in-numbers")
