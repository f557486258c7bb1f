"""Admin registration of the guidance snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from guidance.models import DeficiencyExample, RoleProfile, Rule, RuleSet, Source, Term


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


class SourceViewSet(SnippetViewSet):
    model = Source
    icon = "doc-full"
    menu_label = _("Källor")
    list_display = ["title", "publisher", "year", "identifier"]
    list_filter = ["kind", "year"]
    search_fields = ["title", "publisher", "identifier"]


class TermViewSet(SnippetViewSet):
    model = Term
    icon = "tag"
    menu_label = _("Begrepp")
    list_display = ["term", "abbreviations", "locale"]
    list_filter = ["locale"]
    search_fields = ["term", "abbreviations", "synonyms"]


class RuleSetViewSet(SnippetViewSet):
    model = RuleSet
    icon = "list-ul"
    menu_label = _("Regelsamlingar")
    list_display = ["short_title", "title", "valid_from", "valid_to"]


class RuleViewSet(SnippetViewSet):
    model = Rule
    icon = "list-ol"
    menu_label = _("Regler")
    list_display = ["number", "text", "rule_set", "topic", "force"]
    list_filter = ["rule_set", "topic", "force"]
    search_fields = ["text", "key"]


class RoleProfileViewSet(SnippetViewSet):
    model = RoleProfile
    icon = "group"
    menu_label = _("Roller")
    list_display = ["name", "locale"]
    list_filter = ["locale"]
    search_fields = ["name", "summary"]
    edit_handler = ObjectList(RoleProfile.panels, base_form_class=RoleProfileForm)


class DeficiencyExampleViewSet(SnippetViewSet):
    model = DeficiencyExample
    icon = "warning"
    menu_label = _("Systembrister")
    list_display = ["title", "level", "actor"]
    list_filter = ["level", "actor"]


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
