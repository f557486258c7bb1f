import pytest

from checklists.models import County, Municipality
from tests.factories.checklists import ProgrammeFactory
from tests.factories.directory import DirectoryPageFactory
from tests.factories.guidance import GuidancePageFactory, SourceFactory


@pytest.fixture
def section(home):
    return GuidancePageFactory(
        parent=home, title="För dig som söker stöd", slug="stod", audience="stod"
    )


@pytest.fixture
def directory(section):
    return DirectoryPageFactory(parent=section, slug="hitta-personligt-ombud")


@pytest.fixture
def register(db):
    """Östersund and Krokom served by one programme; Lidingö with none; an inactive one."""
    jamtland = County.objects.get(code="Z")
    stockholm = County.objects.get(code="AB")
    source = SourceFactory(title="Studie om Jämtlands län", year=2012)
    ostersund = Municipality.objects.create(name="Östersund", county=jamtland)
    krokom = Municipality.objects.create(name="Krokom", county=jamtland)
    lidingo = Municipality.objects.create(
        name="Lidingö", county=stockholm, source=source, source_year=2012, listing="utan_po"
    )
    skara = Municipality.objects.create(name="Skarpnäck", county=stockholm)
    # Östergötland: Norrköping with a programme of three ombud; Ydre that no source names.
    ostergotland = County.objects.get(code="E")
    norrkoping = Municipality.objects.create(
        name="Norrköping", code="0581", county=ostergotland, listing="med_po", source=source
    )
    Municipality.objects.create(name="Ydre", code="0512", county=ostergotland)
    Municipality.objects.create(
        name="Göteborg", county=County.objects.get(code="O"), listing="med_po", source=source
    )
    # Two names that fold to the same letters.
    Municipality.objects.create(name="Habo", county=County.objects.get(code="F"))
    Municipality.objects.create(
        name="Håbo", county=County.objects.get(code="C"), listing="osaker", source=source
    )
    norrkoping_po = ProgrammeFactory(
        name="Personligt ombud i Norrköping",
        county=ostergotland,
        operation_form="kommunal",
        posts=3,
        source=source,
        source_year=2012,
    )
    norrkoping_po.municipalities.set([norrkoping])
    norrkoping_po.save()
    programme = ProgrammeFactory(
        name="Personligt ombud i Jämtlands län",
        county=jamtland,
        operation_form="samverkan",
        employer="Krokoms kommun",
        phone="",
        source=source,
        source_year=2012,
    )
    programme.municipalities.set([ostersund, krokom])
    programme.save()
    closed = ProgrammeFactory(name="Nedlagd verksamhet", county=stockholm, is_active=False)
    closed.municipalities.set([skara])
    closed.save()
    return {
        "programme": programme,
        "closed": closed,
        "ostersund": ostersund,
        "lidingo": lidingo,
        "norrkoping": norrkoping,
        "norrkoping_po": norrkoping_po,
        "source": source,
    }
