"""The sitemap lists what a visitor may find (home/visibility.py), like every other listing."""

from wagtail.contrib.sitemaps import Sitemap

from .visibility import visible_pages


class VisitorSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        return visible_pages(None).descendant_of(root, inclusive=True).order_by("path").defer_streamfields().specific()
