import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.utils.translation import pgettext_lazy
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts import content_passwords
from checklists.api import programmes_api
from guidance.api import api_router
from portal import views
from portal.sitemap import PortalSitemap
from search import urls as search_urls

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PortalSitemap}}, name="sitemap"),
    path("api/v2/", api_router.urls),
    path("api/", include(search_urls.api_urls)),
    path("api/verksamheter/", programmes_api, name="programmes_api"),
    re_path(r"^api/", views.api_not_found),
    # The reporting tool lives under /tillsyn/ so that it shares the tool's prefix everywhere
    # the foundation lists one (no language redirect, never page-cached).
    path("tillsyn/rapportering/", include("reporting.urls")),
    path("tillsyn/", include("checklists.urls")),
    path("konto/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    # The passwords of private documents and pages, throttled (before Wagtail's own routes).
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        content_passwords.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
]

# Images and renditions, in development or on one machine without a web server in front
# (`make serve-prod`); otherwise 404 here, and the reverse proxy or object storage serves them
# under the same rule (docs/OPERATIONS.md).
urlpatterns += [
    re_path(
        rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
        views.media,
    )
]

# Every public page carries its language in the URL: /sv/… and /en/….
urlpatterns += i18n_patterns(
    *search_urls.page_urls,
    # Where the language switch leads from a page that is not translated: /en/not-translated/3/.
    path(
        pgettext_lazy("URL", "inte-oversatt/<int:page_id>/"),
        views.not_translated,
        name="not_translated",
    ),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        content_passwords.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
