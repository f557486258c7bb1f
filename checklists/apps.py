from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Tillsyn")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry).
    public_content = True
    private_models = ("Assessment", "Answer", "AuditEvent", "StaffProfile")
    content_pack_references = {"municipality": "Municipality"}
    content_pack_natural_references = {"county": ("County", "code")}
    backup_counts = {"assessments": "Assessment", "answers": "Answer"}
    guidance_section_page_types = ("ChecklistPage",)

    def ready(self):
        # Imported here: the receivers (freezing checklist versions) need the app registry.
        from checklists import signals  # noqa: F401
