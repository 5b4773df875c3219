import functools

from django.apps import apps
from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page, Site

from home.visibility import visible_pages


@functools.cache
def footer_page_types():
    """Page types linked from every page's footer though not in the menu: those with a `footer_link` name."""
    query = Q(pk__in=[])
    for model in apps.get_models():
        if issubclass(model, Page) and getattr(model, "footer_link", ""):
            query |= Q(content_type__app_label=model._meta.app_label, content_type__model=model._meta.model_name)
    return query


def site_navigation(request):
    """The live, public children of the site's home page that are in the menu (the main navigation,
    `nav_items`) or of a footer page type (`footer_items`, with the menu's; `site_links` by name).

    Lazy and evaluated once, in one query: a page that shows no navigation runs none.
    """

    def links():
        site = Site.find_for_request(request)
        if site is None:
            return []
        items = []
        # visible_pages, not Wagtail's public(): one OR per restricted page overflows SQLite at thousands.
        children = visible_pages(None).child_of(site.root_page).filter(Q(show_in_menus=True) | footer_page_types())
        for page in children.select_related("content_type"):
            url = page.get_url(request)
            items.append(
                {
                    "title": page.title,
                    "url": url,
                    "current": bool(url) and request.path.startswith(url),
                    "in_menu": page.show_in_menus,
                    "name": getattr(page.content_type.model_class(), "footer_link", ""),
                }
            )
        return items

    every = SimpleLazyObject(links)
    return {
        "nav_items": SimpleLazyObject(lambda: [item for item in every if item["in_menu"]]),
        "footer_items": every,
        "site_links": SimpleLazyObject(lambda: {item["name"]: item for item in every if item["name"]}),
    }
