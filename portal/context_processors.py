from django.utils.functional import SimpleLazyObject

from wagtail.models import Site


def site_navigation(request):
    """The live, public, in-menu children of the site's home page: the main navigation.

    Lazy and evaluated once: a page that shows no navigation runs no query for it.
    """

    def nav_items():
        site = Site.find_for_request(request)
        if site is None:
            return []
        items = []
        for page in site.root_page.get_children().live().in_menu().public():
            url = page.get_url(request)
            items.append({"title": page.title, "url": url, "current": bool(url) and request.path.startswith(url)})
        return items

    return {"nav_items": SimpleLazyObject(nav_items)}
