"""The Wagtail admin asks for the same second factor as the tillsyn tool."""

from django.conf import settings

from accounts.decorators import second_factor_step

# Wagtail's own sign-in and sign-out pages stay reachable with the password alone.
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


class AdminSecondFactorMiddleware:
    """Signed in with the password only: /admin/ sends you to the code prompt (or enrolment).

    On when PORTAL_ADMIN_SECOND_FACTOR is true (production, by default); the test settings turn
    it off so that admin tests can sign in directly, and a test turns it on again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.PORTAL_ADMIN_SECOND_FACTOR
            and request.path.startswith("/admin/")
            and not request.path.startswith(OPEN_ADMIN_PATHS)
        ):
            step = second_factor_step(request)
            if step is not None:
                return step
        return self.get_response(request)
