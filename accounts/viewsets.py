"""A permission policy for admin screens that only superusers may use (the tillsyn users'
counties in checklists, the programmes' users in reporting)."""

from django.contrib.auth import get_user_model
from wagtail.permission_policies import BasePermissionPolicy


class SuperuserOnlyPermissionPolicy(BasePermissionPolicy):
    """Who assesses which county is an administrator's decision, not a group permission."""

    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])
