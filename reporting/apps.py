from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Systembrister och årlig redovisning")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry). Readers see the figures of accepted
    # reports and the form's guidance; everything else is written while people use the tool.
    public_content = True
    private_models = (
        "ProgrammeMembership",
        "DeficiencyReport",
        "DeficiencyCase",
        "AnnualReport",
        "AnnualReportVersion",
        "AuditEntry",
    )
    content_pack_references = {"reportsection": "ReportSection"}
    # The figures page sums the accepted figures (figures.apps): a change purges it from a CDN.
    figures_listed_models = ("AcceptedFigures",)
    backup_counts = {
        "deficiency_reports": "DeficiencyReport",
        "deficiency_cases": "DeficiencyCase",
        "annual_report_versions": "AnnualReportVersion",
    }
