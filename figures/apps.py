from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("PO i siffror")
    default_auto_field = "django.db.models.BigAutoField"
