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


class PreviewFramingMiddleware:
    """Let the admin frame its own previews, and nothing else.

    Wagtail renders a preview by sending a made-up request for the page's public URL through
    the whole middleware stack (`make_preview_request`), so the public policy (CSP
    `frame-ancestors 'none'`, X-Frame-Options DENY) would keep the preview panel blank. Only
    such preview requests, which Wagtail marks `is_preview` and which never come from a
    visitor, may be framed by the portal's own pages. Listed after the CSP middleware, so that
    its response handling runs before both the CSP and the clickjacking middleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "is_preview", False):
            response._csp_replace = {"frame-ancestors": ["'self'"]}
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
