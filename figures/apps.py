from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "figures"
    verbose_name = _("PO i siffror")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry).
    public_content = True
    content_pack_references = {"dataset": "DataSet"}
    guidance_section_page_types = ("FiguresPage",)

    def ready(self):
        # Imported here: page models need the app registry.
        from figures.models import FiguresPage
        from portal.registry import declared_page_types

        # Models whose rows the figures page sums (other apps' statistics, figures.statistics):
        # a change to them purges the page from a CDN, as a change to a data set does.
        FiguresPage.listed_models = (
            "figures.DataSet",
            *declared_page_types("figures_listed_models"),
        )
