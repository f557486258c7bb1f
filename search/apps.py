from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "portal_search"
    verbose_name = _("Sök")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry).
    public_content = True
    private_models = ("SearchDocument", "SearchQueryDay", "SearchWord")

    def ready(self):
        # Imported here: the receivers (connecting the index to publishing) need the app registry.
        from search import signals  # noqa: F401
