"""How the reporting app joins the rest without the rest importing it: what it declares to the
foundation, the evidence in the tillsyn assessment, the tool's menu link, where its users land
after signing in, and the provisioning commands."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from checklists import services as tillsyn
from portal import registry
from portal.pagecache.signals import is_public_content
from reporting import models, services
from tests.factories.checklists import ChecklistPageFactory, checklist_areas, publish
from tests.factories.guidance import GuidancePageFactory
from tests.factories.reporting import annual_content, report_input

pytestmark = pytest.mark.django_db


def test_the_app_tells_the_foundation_what_it_needs():
    assert "reporting.DeficiencyReport" in registry.private_models()
    assert "reporting.AnnualReportVersion" in registry.private_models()
    assert "reporting" in registry.public_content_apps()
    assert registry.content_pack_references()["reportsection"] == "reporting.ReportSection"
    counts = registry.backup_counts()
    assert counts["deficiency_reports"].model is models.DeficiencyReport
    assert counts["annual_report_versions"].model is models.AnnualReportVersion
    # Reports written all day never clear the page cache; accepted figures, which the public
    # page shows, do.
    assert not is_public_content(models.DeficiencyReport)
    assert not is_public_content(models.AuditEntry)
    assert is_public_content(models.AcceptedFigures)
    assert is_public_content(models.ReportSection)


@pytest.fixture
def assessment(home, programme, county_staff):
    section = GuidancePageFactory(parent=home, title="För länsstyrelser", audience="lansstyrelse")
    areas = checklist_areas(areas=2, items_per_area=1)
    areas[0][1]["key"], areas[1][1]["key"] = "rapportering", "systembrister"
    checklist = publish(ChecklistPageFactory(parent=section, live=False, areas=areas))
    return tillsyn.assessment_start(
        user=county_staff, programme=programme, year=2025, version=checklist.versions.get()
    )


def test_the_assessment_shows_the_accepted_report_and_the_systembrist_figures(
    client, assessment, programme, ombud, county_staff, reviewer, signed_in
):
    services.deficiency_report_create(user=ombud, programme=programme, data=report_input())
    report = services.annual_report_start(user=ombud, programme=programme, year=2025)
    report = services.annual_report_save(
        user=ombud, report=report, lock_version=1, values=annual_content()
    )
    report = services.annual_report_submit(user=ombud, report=report, lock_version=2)
    signed_in(county_staff)
    area = reverse("tillsyn:area", kwargs={"pk": assessment.pk, "area": "rapportering"})
    page = client.get(area).content.decode()
    assert "Årsredovisningar i portalen" in page
    assert "2025: version 1, inskickad. 25 klienter (15 nya, 8 avslutade), 2 systembrister." in page
    assert "2024: ingen inskickad årsredovisning i portalen." in page
    page = client.get(reverse("tillsyn:assessment", kwargs={"pk": assessment.pk})).content.decode()
    assert "2025: 1 rapporter (socialtjänsten 1)" in page
    assert reverse("rapportering:pattern", kwargs={"pk": programme.pk}) in page
    # The tool's menu leads to the reporting tool.
    assert reverse("rapportering:home") in page
    # A national reviewer sees accepted reports only.
    signed_in(reviewer)
    page = client.get(reverse("tillsyn:assessment", kwargs={"pk": assessment.pk})).content.decode()
    assert "2025: ingen inskickad årsredovisning i portalen." in page
    services.annual_report_accept(user=county_staff, report=report, lock_version=3)
    page = client.get(reverse("tillsyn:assessment", kwargs={"pk": assessment.pk})).content.decode()
    assert "2025: version 1, godkänd." in page


def test_ombud_land_in_the_reporting_tool_after_signing_in(client, ombud, county_staff):
    from django_otp.oath import totp

    from tests.factories.accounts import PASSWORD, totp_device

    for user, landing in ((ombud, "/tillsyn/rapportering/"), (county_staff, "/tillsyn/")):
        client.logout()
        device = totp_device(user)
        response = client.post(
            reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
        )
        assert response.status_code == 302
        code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
        response = client.post(response["Location"], {"token": code})
        assert response["Location"] == landing, user.username


def test_provisioning_commands(programme, neighbour):
    out = io.StringIO()
    call_command(
        "create_programme_user",
        "--username=ny-ombud",
        "--email=ny@example.invalid",
        f"--programme={programme.pk}",
        f"--programme={neighbour.pk}",
        "--role=ombud",
        stdout=out,
    )
    assert "Engångslösenord" in out.getvalue()
    user = models.ProgrammeMembership.objects.filter(user__username="ny-ombud")
    assert user.count() == 2
    with pytest.raises(CommandError, match="finns redan"):
        call_command(
            "create_programme_user",
            "--username=ny-ombud",
            "--email=ny@example.invalid",
            f"--programme={programme.pk}",
            "--role=ombud",
        )
    with pytest.raises(CommandError, match="ingen verksamhet med id 999999"):
        call_command(
            "create_programme_user",
            "--username=annan",
            "--email=a@example.invalid",
            "--programme=999999",
            "--role=ombud",
        )
    call_command(
        "assign_programme",
        "--username=ny-ombud",
        f"--programme={neighbour.pk}",
        "--role=ledningsgrupp",
        stdout=io.StringIO(),
    )
    assert user.get(programme=neighbour).role == "ledningsgrupp"
    call_command(
        "assign_programme",
        "--username=ny-ombud",
        f"--programme={neighbour.pk}",
        "--remove",
        stdout=io.StringIO(),
    )
    assert user.count() == 1
    with pytest.raises(CommandError, match="Ange rollen"):
        call_command("assign_programme", "--username=ny-ombud", f"--programme={programme.pk}")
    assert models.AuditEntry.objects.filter(action="behorighet").count() == 4


def test_dev_users_for_trying_the_tool(settings, tmp_path, programme):
    settings.PORTAL_DEV_ADMIN, settings.VAR_DIR = False, tmp_path
    with pytest.raises(CommandError):
        call_command("ensure_dev_reporting_users")
    settings.PORTAL_DEV_ADMIN = True
    call_command("ensure_dev_reporting_users", stdout=io.StringIO())
    roles = dict(
        models.ProgrammeMembership.objects.filter(programme=programme).values_list(
            "user__username", "role"
        )
    )
    assert roles == {"ombud-dev": "ombud", "ledning-dev": "ledningsgrupp"}
    assert (tmp_path / "dev-ombud-dev.txt").read_text().startswith("användarnamn: ombud-dev")
    out = io.StringIO()
    call_command("ensure_dev_reporting_users", stdout=out)
    assert "finns redan" in out.getvalue()


def test_accepted_figures_purge_the_figures_page_from_a_cdn(home):
    from figures.models import FiguresPage
    from portal.pagecache.shared import pages_showing
    from tests.factories.figures import FiguresPageFactory

    section = GuidancePageFactory(parent=home, title="För länsstyrelser", slug="lan")
    page = FiguresPageFactory(parent=section)
    assert "reporting.AcceptedFigures" in FiguresPage.listed_models
    figures = models.AcceptedFigures(pk=1)
    assert page.pk in {shown.pk for shown in pages_showing([figures])}
