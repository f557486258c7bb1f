from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portalen")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry), as every app does.
    public_content = True
    private_models = ("ContentRecord", "CacheClearPending")
    home_page_types = ("StandardPage",)
    backup_counts = {
        "pages": ("wagtailcore.Page", "", _("sidor")),
        "live_pages": ("wagtailcore.Page", "live = TRUE", _("publicerade sidor")),
        "users": (settings.AUTH_USER_MODEL, "", _("användare")),
        "images": (get_image_model_string(), "", _("bilder")),
        "documents": (get_document_model_string(), "", _("dokument")),
    }

    def ready(self):
        # Imported here: signal receivers and page models need the app registry.
        from portal import deferred, notifications, privacy, registry, translation_review
        from portal.models import HomePage
        from portal.pagecache import signals

        HomePage.subpage_types = registry.declared_page_types("home_page_types")
        privacy.connect()
        translation_review.install()
        notifications.install()
        signals.connect()
        deferred.connect()
