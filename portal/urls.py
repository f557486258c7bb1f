import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

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
    path("tillsyn/", include("checklists.urls")),
    path("konto/", include("accounts.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
elif settings.PORTAL_SERVE_MEDIA:
    # One machine without a web server in front (`make serve-prod`). Several machines keep
    # media on object storage or let the reverse proxy serve it (README, "Drift").
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            views.media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Every public page carries its language in the URL: /sv/… and /en/….
urlpatterns += i18n_patterns(
    *search_urls.page_urls,
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
