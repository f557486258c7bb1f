from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = _("Vägledning")
    default_auto_field = "django.db.models.BigAutoField"

    # What this app tells the foundation (portal.registry).
    public_content = True
    content_pack_references = {
        "source": "Source",
        "term": "Term",
        "ruleset": "RuleSet",
        "rule": "Rule",
        "role": "RoleProfile",
    }
    home_page_types = (
        "GuidancePage",
        "DeficiencyTaxonomyPage",
        "GlossaryPage",
        "SourcesPage",
        "RuleSetPage",
        "RoleComparisonPage",
    )
    # Page types an editor may put under a guidance section; other apps add theirs the same way.
    guidance_section_page_types = home_page_types

    def ready(self):
        # Imported here: page models need the app registry.
        from guidance.models import GuidancePage
        from portal.registry import declared_page_types

        GuidancePage.subpage_types = [
            *declared_page_types("guidance_section_page_types"),
            "guidance.DilemmaPage",
        ]
