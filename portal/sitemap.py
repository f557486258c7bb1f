"""A sitemap that lists every live public page in every language, with hreflang alternates."""

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from portal.models import BasePage
from portal.selectors import pages_alternates


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

    def _urls(self, page, protocol, domain):
        """Wagtail's `_urls`, with every listed page's language versions read in one go
        instead of two queries per page."""
        pages = list(self.paginator.page(page).object_list)
        alternates = pages_alternates(pages=pages, request=self.request)
        urls = []
        last_mods = set()
        for item in pages:
            if isinstance(item, BasePage):
                url_info_items = item.get_sitemap_urls(
                    self.request, alternates=alternates.get(item.translation_key, [])
                )
            else:
                url_info_items = item.get_sitemap_urls(self.request)
            for url_info in url_info_items:
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        # last_mods might be empty if the whole site is private
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
