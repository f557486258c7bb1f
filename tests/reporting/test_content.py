"""The annual report form's guidance in the content pack: loaded by the foundation's loader
like any snippet (the app declares nothing to portal but its reference kind), one per part of
the form, each with its source."""

import shutil

import pytest
from django.conf import settings

from portal.content_pack.loader import load_pack
from reporting import annual, services
from reporting.models import ReportSection

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(tmp_path):
    """Only the sources and the reporting snippets of the real pack: the rest is not needed."""
    (tmp_path / "snippets").mkdir()
    for name in ("10_sources.yaml", "80_reporting.yaml"):
        shutil.copy(settings.PORTAL_CONTENT_DIR / "snippets" / name, tmp_path / "snippets" / name)
    load_pack(tmp_path)
    return ReportSection.objects.select_related("source")


def test_every_part_of_the_form_has_cited_guidance(sections):
    assert {section.key for section in sections} == {s.key for s in annual.SECTIONS}
    for section in sections:
        section.full_clean()
        assert section.source.key in {"sthlm-2023-arsrapport", "sos-2005-uppbyggnad", "mb-2011-5"}
        assert section.locator


def test_the_form_shows_the_guidance_with_its_source(client, sections, programme, ombud, signed_in):
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    signed_in(ombud)
    page = client.get(f"/tillsyn/rapportering/arsredovisningar/{report.pk}/andra/").content.decode()
    assert page.count("Varför frågar vi om det här?") == len(annual.SECTIONS)
    assert "Årsrapport personligt ombud 2023" in page
