"""The portal's URLs plus one view behind second_factor_required, for the decorator tests."""

from django.http import HttpResponse
from django.urls import path

from accounts.decorators import second_factor_required
from portal.urls import urlpatterns as portal_urlpatterns


@second_factor_required
def protected(request):
    return HttpResponse(f"Hemligt för {request.user.get_username()}")


urlpatterns = [path("skyddad/", protected, name="protected"), *portal_urlpatterns]
