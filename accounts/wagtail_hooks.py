from wagtail import hooks
from wagtail.permissions import register_permission_policy

from accounts.viewsets import StaffProfileViewSet, SuperuserOnlyPermissionPolicy
from checklists.models import StaffProfile

# Registered before anything asks for the model's policy (Wagtail would otherwise fall back
# to group permissions).
register_permission_policy(StaffProfile, SuperuserOnlyPermissionPolicy(StaffProfile))


@hooks.register("register_admin_viewset")
def register_staff_profile_viewset():
    return StaffProfileViewSet()
