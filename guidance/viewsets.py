"""Admin registration of the guidance snippets.

Terms, rules, roles and sources are found by the public search as search documents; their
listings and choosers, and those of the systembrist examples, search the database
(portal.admin_search), so that none of them is in Wagtail's search index twice and all of them
are searched alike: in part of a word, with or without accents.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guidance.models import DeficiencyExample, RoleProfile, Rule, RuleSet, Source, Term
from portal.admin_search import DatabaseSearchSnippetViewSet


class RoleProfileForm(WagtailAdminModelForm):
    """Checks the role's attributes together: a legal basis is required, no attribute twice."""

    def is_valid(self):
        valid = super().is_valid()
        formset = self.formsets.get("attributes")
        if formset is None or not valid:
            return valid
        kinds = [
            form.cleaned_data.get("attribute")
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = RoleProfile.attribute_errors(kinds)
        for error in errors:
            self.add_error(None, error)
        return not errors


class SourceViewSet(DatabaseSearchSnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = _("Källor")
    list_display = ["title", "publisher", "year", "identifier"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "publisher", "identifier", "note"]


class TermViewSet(DatabaseSearchSnippetViewSet):
    model = Term
    icon = "tag"
    menu_label = _("Begrepp")
    list_display = ["term", "abbreviations", "locale"]
    list_filter = ["locale"]
    search_fields = ["term", "abbreviations", "synonyms", "definition"]


class RuleSetViewSet(SnippetViewSet):
    model = RuleSet
    icon = "list-ul"
    menu_label = _("Regelsamlingar")
    list_display = ["short_title", "title", "valid_from", "valid_to"]


class RuleViewSet(DatabaseSearchSnippetViewSet):
    model = Rule
    icon = "list-ol"
    menu_label = _("Regler")
    list_display = ["number", "text", "rule_set", "topic", "force"]
    list_filter = ["rule_set", "topic", "force"]
    search_fields = ["text", "key", "change_note"]


class RoleProfileViewSet(DatabaseSearchSnippetViewSet):
    model = RoleProfile
    icon = "group"
    menu_label = _("Roller")
    list_display = ["name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "summary", "attributes__value"]
    edit_handler = ObjectList(RoleProfile.panels, base_form_class=RoleProfileForm)


class DeficiencyExampleViewSet(DatabaseSearchSnippetViewSet):
    model = DeficiencyExample
    icon = "warning"
    menu_label = _("Systembrister")
    list_display = ["title", "level", "actor"]
    list_filter = ["level", "actor"]
    search_fields = ["title", "description"]


class GuidanceViewSetGroup(SnippetViewSetGroup):
    items = (
        SourceViewSet,
        TermViewSet,
        RuleSetViewSet,
        RuleViewSet,
        RoleProfileViewSet,
        DeficiencyExampleViewSet,
    )
    menu_icon = "folder-open-inverse"
    menu_label = _("Vägledning")
    menu_name = "vagledning"
