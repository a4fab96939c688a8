"""The sitemap: the pages the public may see, by the portal's visibility rule."""

from wagtail.contrib.sitemaps import Sitemap

from pages import visibility


class PublicSitemap(Sitemap):
    """Wagtail's sitemap of the site's pages, narrowed to what the public may see."""

    def items(self):
        tree = self.get_wagtail_site().root_page.get_descendants(inclusive=True)
        return visibility.public().pages(tree).order_by("path").defer_streamfields().specific()
