"""Django's LocaleMiddleware, minus its redirect of unknown non-page URLs into /sv/…"""

from django.middleware.locale import LocaleMiddleware

# Paths outside the language prefixes: a 404 there is the answer, not a hint to add /sv/.
UNLOCALISED_PREFIXES = (
    "/api/",
    "/admin/",
    "/documents/",
    "/konto/",
    "/tillsyn/",
    "/healthz",
    "/sitemap.xml",
    "/robots.txt",
)


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(UNLOCALISED_PREFIXES):
            return response
        return super().process_response(request, response)
