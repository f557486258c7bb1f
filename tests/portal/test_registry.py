"""What the apps tell the foundation (portal.registry) reaches the foundation's consumers."""

import ast
from pathlib import Path

from portal import registry
from portal.pagecache.signals import is_public_content

ROOT = Path(__file__).resolve().parents[2]
APPS_ABOVE_PORTAL = {
    "guidance",
    "search",
    "checklists",
    "accounts",
    "eligibility",
    "directory",
    "onboarding",
    "figures",
}


def test_the_foundation_imports_no_app_built_on_it():
    """Only the root URLconf names the apps; everything else in portal/ hears from them."""
    offenders = []
    for module in (ROOT / "portal").rglob("*.py"):
        if module.name == "urls.py" and module.parent.name == "portal":
            continue
        for node in ast.walk(ast.parse(module.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module]
            offenders += [
                f"{module.relative_to(ROOT)}: {name}"
                for name in names
                if name.split(".")[0] in APPS_ABOVE_PORTAL
            ]
    assert offenders == []


def test_private_models_never_clear_the_page_cache_and_public_ones_do():
    from django.apps import apps

    private = registry.private_models()
    assert {"checklists.Answer", "portal.CacheClearPending", "onboarding.OnboardingProgress"} <= (
        private
    )
    for label in private:
        assert not is_public_content(apps.get_model(label)), label
    assert is_public_content(apps.get_model("guidance.Term"))
    assert is_public_content(apps.get_model("checklists.Programme"))


def test_pack_references_name_real_models():
    from django.apps import apps

    references = registry.content_pack_references()
    assert references["term"] == "guidance.Term"
    assert references["municipality"] == "checklists.Municipality"
    for label in references.values():
        assert apps.get_model(label)
    assert registry.content_pack_natural_references() == {"county": ("checklists.County", "code")}


def test_backup_counts_are_named_for_the_operator():
    counts = registry.backup_counts()
    assert counts["live_pages"].condition == "live = TRUE"
    assert counts["assessments"].model._meta.label == "checklists.Assessment"
    assert all(count.name for count in counts.values())


def test_page_types_under_home_and_guidance_sections_come_from_the_apps():
    from guidance.models import GuidancePage
    from portal.models import HomePage

    assert "checklists.ChecklistPage" in GuidancePage.subpage_types
    assert "guidance.DilemmaPage" in GuidancePage.subpage_types
    assert HomePage.subpage_types == registry.declared_page_types("home_page_types")
    assert "portal.StandardPage" in HomePage.subpage_types
