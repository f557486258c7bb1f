"""What the reporting app adds to the rest of the portal, through Wagtail hooks (none of those
apps imports this one): the figures page's statistics, evidence and a menu link in the tillsyn
tool, where its users land after signing in, and the admin for the form's guidance and for who
works for which programme."""

from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.viewsets import SuperuserOnlyPermissionPolicy
from reporting import evidence, statistics
from reporting.access import access_for
from reporting.models import ProgrammeMembership
from reporting.viewsets import MembershipViewSet, ReportSectionViewSet

# Registered before anything asks for the model's policy (Wagtail would otherwise fall back
# to group permissions).
register_permission_policy(ProgrammeMembership, SuperuserOnlyPermissionPolicy(ProgrammeMembership))
register_snippet(ReportSectionViewSet)

hooks.register("register_figures_statistics", statistics.figures_statistics)
hooks.register("register_assessment_evidence", evidence.assessment_evidence)


@hooks.register("register_admin_viewset")
def register_membership_viewset():
    return MembershipViewSet()


@hooks.register("register_tillsyn_links")
def tillsyn_links(*, user):
    return [(_("Årsredovisningar och systembrister"), reverse("rapportering:home"))]


@hooks.register("register_sign_in_landing")
def sign_in_landing(*, user):
    """Ombud and ledningsgrupp members start in this tool; county staff in the tillsyn tool."""
    access = access_for(user)
    if access.programme_ids and access.county_id is None and not access.reads_all:
        return reverse("rapportering:home")
    return None
