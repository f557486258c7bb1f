"""Admin registration of the programme register and municipalities (editors keep them).

Assessments are deliberately absent from the Wagtail admin: they live in the tillsyn tool,
behind the second factor and the county check (checklists.views).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from checklists.forms import RegisterContactAdminForm
from checklists.models import Municipality, Programme


class ProgrammeViewSet(SnippetViewSet):
    model = Programme
    icon = "group"
    menu_label = _("Verksamheter")
    list_display = ["name", "county", "operation_form", "is_active", "contact_updated_on"]
    list_filter = ["county", "operation_form", "is_active"]
    search_fields = ["name", "employer"]
    search_backend_name = None  # plain database lookups: the register is small
    ordering = ["county__name", "name"]
    edit_handler = ObjectList(Programme.panels, base_form_class=RegisterContactAdminForm)


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    icon = "site"
    menu_label = _("Kommuner")
    list_display = ["name", "code", "county", "listing", "contact_updated_on"]
    list_filter = ["county", "listing"]
    search_fields = ["name", "code"]
    search_backend_name = None
    edit_handler = ObjectList(Municipality.panels, base_form_class=RegisterContactAdminForm)


class RegisterViewSetGroup(SnippetViewSetGroup):
    items = (ProgrammeViewSet, MunicipalityViewSet)
    menu_icon = "group"
    menu_label = _("PO-register")
    menu_name = "po-register"
