"""Which pages a person may find: live ones they could open.

Visitors get public pages only. A logged-in user may also find pages whose restriction is
"login" (members-only) and group restrictions they belong to; password-restricted sections
stay hidden, because a search result must not depend on a password typed earlier.
"""

from django.db.models import Q

from wagtail.models import Page, PageViewRestriction


def private_sections():
    """Every restricted section, with its groups, in two queries."""
    return list(PageViewRestriction.objects.select_related("page").prefetch_related("groups"))


def _may_open(restriction, user, group_ids):
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return user.is_superuser or any(group.pk in group_ids for group in restriction.groups.all())
    return False


def visible_pages(user, sections=None):
    """Live pages `user` (None or anonymous for a visitor) may find, as a PageQuerySet.

    Only filters the search backends can apply (live, path) are used.
    """
    pages = Page.objects.live()
    if user is None or not user.is_authenticated:
        return pages.public()
    sections = private_sections() if sections is None else sections
    if not sections:
        return pages
    group_ids = set(user.groups.values_list("pk", flat=True))
    hidden = Q()
    for restriction in sections:
        if not _may_open(restriction, user, group_ids):
            hidden |= Q(path__startswith=restriction.page.path)
    return pages.exclude(hidden) if hidden else pages


def members_only_paths(user, sections):
    """Paths of the private sections a logged-in user can see, to badge their results."""
    if user is None or not user.is_authenticated:
        return []
    return [restriction.page.path for restriction in sections]
