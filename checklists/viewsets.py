"""Admin registration of the programme register and municipalities (editors keep them), and of
the tillsyn users' counties (superusers only, saved through checklists.staff).

Assessments are deliberately absent from the Wagtail admin: they live in the tillsyn tool,
behind the second factor and the county check (checklists.views).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from checklists import staff
from checklists.choices import COUNTY_STAFF_GROUP, REVIEWER_GROUP
from checklists.forms import RegisterContactAdminForm
from checklists.models import Municipality, Programme, StaffProfile


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


class StaffProfileForm(WagtailAdminModelForm):
    """Only members of the tool's groups can be given a county."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" in self.fields:
            self.fields["user"].queryset = (
                get_user_model()
                .objects.filter(groups__name__in=[COUNTY_STAFF_GROUP, REVIEWER_GROUP])
                .distinct()
                .order_by("username")
            )
            self.fields["user"].help_text = _(
                "Användare i grupperna Länsstyrelse och Nationell granskare. Lägg först till "
                "användaren i gruppen under Inställningar → Användare."
            )


class StaffProfileCreateView(generic.CreateView):
    def save_instance(self):
        profile = staff.county_user_assign(
            user=self.form.cleaned_data["user"], county=self.form.cleaned_data["county"]
        )
        log(instance=profile, action="wagtail.create", user=self.request.user)
        return profile


class StaffProfileEditView(generic.EditView):
    def save_instance(self):
        profile = staff.county_user_assign(
            user=self.object.user, county=self.form.cleaned_data["county"]
        )
        log(instance=profile, action="wagtail.edit", user=self.request.user)
        return profile


class StaffProfileViewSet(ModelViewSet):
    model = StaffProfile
    name = "staff_profiles"
    icon = "user"
    menu_label = _("Länsstyrelseanvändare")
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = StaffProfileCreateView
    edit_view_class = StaffProfileEditView
    list_display = ["user", "county"]
    list_filter = ["county"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "user__email"]
    search_backend_name = None
    panels = [FieldPanel("user"), FieldPanel("county")]
    edit_panels = [FieldPanel("user", read_only=True), FieldPanel("county")]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=StaffProfileForm).bind_to_model(self.model)

    def get_edit_view_kwargs(self, **kwargs):
        # The user of a profile is fixed; only the county changes.
        panel = ObjectList(self.edit_panels, base_form_class=StaffProfileForm).bind_to_model(
            self.model
        )
        return super().get_edit_view_kwargs(
            panel=panel, form_class=panel.get_form_class(), **kwargs
        )

    def get_permissions_to_register(self):
        # Nothing to grant to groups: the policy lets superusers in and nobody else.
        return Permission.objects.none()
