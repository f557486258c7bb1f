from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Hitta personligt ombud")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry).
    public_content = True
    guidance_section_page_types = ("DirectoryPage",)
