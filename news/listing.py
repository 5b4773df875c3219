"""Listing helpers shared by the news and library pages (and the search page that lists them).

Members-only content uses Wagtail's page privacy (PageViewRestriction). A listing must never
show anonymous visitors a page they could not open; logged-in members see the pages whose
restrictions they pass, marked as members-only. Everything here runs a fixed number of
queries, whatever the number of pages listed.
"""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q

from wagtail.models import PageManager, PageViewRestriction
from wagtail.query import PageQuerySet


def _restrictions():
    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))


def _passes(restriction, user, request, group_ids):
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return user.is_superuser or any(group.pk in group_ids for group in restriction.groups.all())
    # Password restrictions are remembered in the session, so they need the request.
    return request is not None and restriction.accept_request(request)


class VisiblePageQuerySet(PageQuerySet):
    def visible_to(self, user, request=None):
        """Live pages this person may open: public ones, plus for a logged-in user the private
        sections whose restriction they pass (login, their groups, a password given this session)."""
        live = self.live()
        if user is None or not user.is_authenticated:
            return live.public()
        group_ids = set(user.groups.values_list("pk", flat=True))
        hidden = Q()
        for restriction in _restrictions():
            if not _passes(restriction, user, request, group_ids):
                hidden |= Q(path__startswith=restriction.page.path)
        return live.exclude(hidden) if hidden else live


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


def mark_members_only(pages, user):
    """Set `members_only` on each page that sits in a private section (one query, none for visitors,
    who are never shown such pages)."""
    paths = [] if not user.is_authenticated else [r.page.path for r in _restrictions()]
    for page in pages:
        page.members_only = any(page.path.startswith(path) for path in paths)
    return pages


def paginate(request, queryset, per_page):
    """A Django page of results; a missing, bad or too-large page number shows the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def query_string(**params):
    """The listing's active filters as a query string, for pagination and filter links."""
    return urlencode({key: value for key, value in params.items() if value not in (None, "")})


def filter_link(request, label, active, count=None, **params):
    """One link of a filter list: the listing's address with these filters (page reset to 1)."""
    qs = query_string(**params)
    return {"label": label, "url": f"{request.path}?{qs}" if qs else request.path, "active": active, "count": count}


class FacetLabel(str):
    """A facet's display name (what the Counter is keyed by) that also carries its slug,
    so a search page can build a filter link from it."""

    slug = ""

    def __new__(cls, name, slug=""):
        label = super().__new__(cls, name)
        label.slug = slug
        return label
