"""'PO i siffror' gains statistics from accepted annual reports: the whole country and each
county, small counts hidden, apart from the sources' data sets; tables, charts and CSV."""

import re

import pytest
from django.utils import timezone

from checklists.models import County
from reporting import annual, services
from reporting.models import AcceptedFigures
from tests.factories.checklists import ProgrammeFactory
from tests.factories.figures import DataSetFactory, FiguresPageFactory, chart_body
from tests.factories.guidance import GuidancePageFactory
from tests.factories.reporting import annual_content, ombud_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures_page(home):
    section = GuidancePageFactory(parent=home, title="För länsstyrelser", slug="lan")
    return FiguresPageFactory(
        parent=section, slug="po-i-siffror", body=chart_body(DataSetFactory(key="po-lan-2004"))
    )


def accepted(programme, year=2025, **overrides):
    """Accepted figures as the county's acceptance writes them (reporting.services)."""
    from reporting.models import AnnualReport, AnnualReportVersion

    report = AnnualReport.objects.create(programme=programme, year=year)
    content = annual_content(**overrides)
    version = AnnualReportVersion.objects.create(
        report=report, number=1, state="godkand", content=content
    )
    return AcceptedFigures.objects.create(
        programme=programme,
        county=programme.county,
        year=year,
        version=version,
        counts=services.figures_of(content),
        accepted_at=timezone.now(),
    )


def cells(html: str) -> list[str]:
    return re.findall(r'<td class="num">([^<]*)</td>', html)


def test_without_accepted_reports_the_page_shows_only_the_sources(client, figures_page):
    page = client.get(figures_page.url).content.decode()
    assert "Siffror från årsredovisningarna" not in page
    assert client.get(figures_page.url + "redovisningar/riket/2025/").status_code == 404


def test_national_and_county_figures_with_small_counts_hidden(client, figures_page):
    stockholm, jamtland = County.objects.get(code="AB"), County.objects.get(code="Z")
    big = {annual.AGES.name("30-49", "kvinnor"): 107, annual.AGES.name("18-29", "kvinnor"): 0}
    accepted(ProgrammeFactory(county=stockholm), **big)
    accepted(ProgrammeFactory(county=stockholm))
    accepted(ProgrammeFactory(county=jamtland))
    page = client.get(figures_page.url).content.decode()
    assert "Siffror från årsredovisningarna: hela landet 2025" in page
    assert "Beräknat från 3 årsredovisningar för 2025" in page
    assert page.index("fig-po-lan-2004") < page.index("Siffror från årsredovisningarna")
    assert "färre än 5" in page
    reported = page[page.index('class="reported"') :]
    # Counts of people and reports: never 1–4. (The number of programmes per county is public.)
    tables = [t for t in reported.split('<section class="chart"')[1:] if "per-lan" not in t[:80]]
    shown = [cell for table in tables for cell in cells(table) if cell.strip().isdigit()]
    assert len(tables) == 3 and shown and not any(0 < int(cell) < 5 for cell in shown)
    assert "Stockholms län" in page and "Jämtlands län" in page  # the list of counties
    assert 'role="img"' in page
    county = client.get(figures_page.url + "redovisningar/ab/2025/")
    assert county.status_code == 200
    assert "Siffror från årsredovisningarna: Stockholms län 2025" in county.content.decode()
    assert client.get(figures_page.url + "redovisningar/m/2025/").status_code == 404
    assert client.get(figures_page.url + "redovisningar/riket/2019/").status_code == 404


def test_the_csv_has_the_same_hidden_counts(client, figures_page):
    accepted(ProgrammeFactory(county=County.objects.get(code="AB")))
    response = client.get(figures_page.url + "redovisningar/riket/2025/csv/klienter-alder-kon/")
    assert response["Content-Disposition"].endswith('filename="klienter-alder-kon-riket-2025.csv"')
    text = response.content.decode("utf-8-sig")
    assert text.startswith("Åldersgrupp;Kvinnor;Män;Annat eller uppgift saknas;Totalt")
    assert "färre än 5" in text
    assert client.get(figures_page.url + "redovisningar/riket/2025/csv/okand/").status_code == 404


def test_only_accepted_versions_are_counted(client, figures_page):
    programme = ProgrammeFactory(county=County.objects.get(code="AB"))
    ombud = ombud_user(programme)
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    report = services.annual_report_save(
        user=ombud, report=report, lock_version=1, values=annual_content()
    )
    services.annual_report_submit(user=ombud, report=report, lock_version=2)
    assert "Siffror från årsredovisningarna" not in client.get(figures_page.url).content.decode()
    assert not AcceptedFigures.objects.exists()
