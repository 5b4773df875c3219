import functools

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page, Site

from home.fragments import content_version, fragments_on
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

    Lazy and evaluated once; the links come from the cache while the content version holds
    (home/fragments.py), otherwise from one query. A page that shows no navigation runs none.
    """

    def links():
        site = Site.find_for_request(request)
        if site is None:
            return []
        # The links are the same for everyone (public pages only): cached until content changes.
        if not fragments_on():
            return current(menu_links(site, request))
        key = f"lumino:nav:{content_version()}:{site.pk}:{translation.get_language()}"
        items = cache.get(key)
        if items is None:
            items = menu_links(site, request)
            cache.set(key, items, settings.LUMINO_FRAGMENT_TIMEOUT)
        return current(items)

    def current(items):
        return [{**item, "current": bool(item["url"]) and request.path.startswith(item["url"])} for item in items]

    every = SimpleLazyObject(links)
    return {
        "nav_items": SimpleLazyObject(lambda: [item for item in every if item["in_menu"]]),
        "footer_items": every,
        "site_links": SimpleLazyObject(lambda: {item["name"]: item for item in every if item["name"]}),
    }


def menu_links(site, request):
    """The menu's and the footer's pages under `site`'s home page, in one query."""
    # visible_pages, not Wagtail's public(): one OR per restricted page overflows SQLite at thousands.
    children = visible_pages(None).child_of(site.root_page).filter(Q(show_in_menus=True) | footer_page_types())
    return [
        {
            "title": page.title,
            "url": page.get_url(request),
            "in_menu": page.show_in_menus,
            "name": getattr(page.content_type.model_class(), "footer_link", ""),
        }
        for page in children.select_related("content_type")
    ]
