"""Admin registration: the annual report form's guidance (editors, a snippet), and who works
for which programme (superusers only, under Settings; saved through reporting.services, so
that the role's group follows and the programme's log records it)."""

from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log
from wagtail.snippets.views.snippets import SnippetViewSet

from reporting import services
from reporting.models import ProgrammeMembership, ReportSection


class ReportSectionViewSet(SnippetViewSet):
    model = ReportSection
    icon = "help"
    menu_label = _("Vägledning för årsredovisningen")
    list_display = ["key", "source", "locator"]
    search_fields = ["key", "text"]
    search_backend_name = None  # a handful of rows


class MembershipCreateView(generic.CreateView):
    def save_instance(self):
        membership = services.membership_set(
            actor=self.request.user,
            user=self.form.cleaned_data["user"],
            programme=self.form.cleaned_data["programme"],
            role=self.form.cleaned_data["role"],
            reason=str(_("Ändrad i administrationen")),
        )
        log(instance=membership, action="wagtail.create", user=self.request.user)
        return membership


class MembershipEditView(generic.EditView):
    def save_instance(self):
        membership = services.membership_set(
            actor=self.request.user,
            user=self.object.user,
            programme=self.object.programme,
            role=self.form.cleaned_data["role"],
            reason=str(_("Ändrad i administrationen")),
        )
        log(instance=membership, action="wagtail.edit", user=self.request.user)
        return membership


class MembershipDeleteView(generic.DeleteView):
    def delete_action(self):
        services.membership_remove(
            actor=self.request.user,
            user=self.object.user,
            programme=self.object.programme,
            reason=str(_("Borttagen i administrationen")),
        )


class MembershipViewSet(ModelViewSet):
    model = ProgrammeMembership
    name = "programme_memberships"
    icon = "user"
    menu_label = _("Behörigheter till verksamheter")
    add_to_settings_menu = True
    copy_view_enabled = False
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView
    list_display = ["user", "programme", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "programme__name"]
    search_backend_name = None
    panels = [FieldPanel("user"), FieldPanel("programme"), FieldPanel("role")]
    edit_panels = [
        FieldPanel("user", read_only=True),
        FieldPanel("programme", read_only=True),
        FieldPanel("role"),
    ]

    def get_edit_view_kwargs(self, **kwargs):
        # The account and the programme of a membership are fixed; only the role changes.
        panel = ObjectList(self.edit_panels).bind_to_model(self.model)
        return super().get_edit_view_kwargs(
            panel=panel, form_class=panel.get_form_class(), **kwargs
        )

    def get_permissions_to_register(self):
        # Nothing to grant to groups: the policy lets superusers in and nobody else.
        return Permission.objects.none()
