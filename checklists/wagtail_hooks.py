from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.viewsets import SuperuserOnlyPermissionPolicy
from checklists.models import StaffProfile
from checklists.viewsets import RegisterViewSetGroup, StaffProfileViewSet

register_snippet(RegisterViewSetGroup)

# Registered before anything asks for the model's policy (Wagtail would otherwise fall back
# to group permissions).
register_permission_policy(StaffProfile, SuperuserOnlyPermissionPolicy(StaffProfile))


@hooks.register("register_admin_viewset")
def register_staff_profile_viewset():
    return StaffProfileViewSet()
