from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChecklistsConfig(AppConfig):
    name = "checklists"
    verbose_name = _("Tillsyn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from checklists import signals  # noqa: F401
