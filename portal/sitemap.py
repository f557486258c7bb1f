"""A sitemap that lists every live public page in every language, with hreflang alternates."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PortalSitemap(Sitemap):
    def items(self):
        roots = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        under_a_root = Q()
        for root in roots:
            under_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(under_a_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
