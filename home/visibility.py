"""Which pages a person may find: the one rule every listing, feed, sitemap, search and API uses.

Members-only content uses Wagtail's page privacy (PageViewRestriction):

- a visitor finds live, public pages;
- a logged-in person also finds the sections restricted to logged-in users, and those restricted
  to a group they belong to (a superuser passes every group restriction);
- a section behind a shared password is never listed to anyone. A listing, a feed or a search
  result must not depend on a password typed earlier in the session; the page itself and its
  documents still open for whoever gives the password (`openable_by`).

Pages found in a private section are badged "members only" (`mark_members_only`). Everything here
runs a fixed number of queries, whatever the number of pages.

The rule is spelled out as path filters, which a search index (Elasticsearch) can apply too; with
`subquery=True` the restricted sections are excluded by a subquery on the restrictions table instead,
so thousands of members-only articles cost one small query (the few sections with sub-pages) and no
5,000-value list to compile (the site search on the database backends).
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Q

from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet

from .fragments import audience_of, remembered


def private_sections():
    """Every restricted section, with its page's `section_path` and `section_children` and its
    `group_ids` (two queries). No Page objects are built: a site may have thousands of sections."""
    sections = list(
        PageViewRestriction.objects.annotate(section_path=F("page__path"), section_children=F("page__numchild"))
    )
    group_ids = defaultdict(set)
    for restriction_id, group_id in PageViewRestriction.groups.through.objects.values_list(
        "pageviewrestriction_id", "group_id"
    ):
        group_ids[restriction_id].add(group_id)
    for restriction in sections:
        restriction.group_ids = group_ids[restriction.pk]
    return sections


def _is_member(user):
    return user is not None and user.is_authenticated


def _finds(restriction, user, group_ids):
    if restriction.restriction_type == PageViewRestriction.LOGIN:
        return True
    if restriction.restriction_type == PageViewRestriction.GROUPS:
        return user.is_superuser or not restriction.group_ids.isdisjoint(group_ids)
    return False  # a password section is never listed


def _under(sections):
    """A Q for the pages in these sections, given as (path, number of children) pairs.

    A section without sub-pages (a members-only article, say) is only its own path: those go in
    one `path IN (…)`, so thousands of restricted articles cost one lookup, not one OR each."""
    leaves, branches = set(), set()
    for path, numchild in sections:
        (branches if numchild else leaves).add(path)
    hidden = Q(path__in=sorted(leaves)) if leaves else Q()
    for path in sorted(branches):
        hidden |= Q(path__startswith=path)
    return hidden


def _hidden_from(user, sections, accepts=_finds):
    """A Q for the sections `user` (None for a visitor) does not pass."""
    group_ids = set(user.groups.values_list("pk", flat=True)) if user is not None and sections else set()
    return _under(
        (restriction.section_path, restriction.section_children)
        for restriction in sections
        if not accepts(restriction, user, group_ids)
    )


def restrictions_hiding(user):
    """The restrictions `user` (None or anonymous for a visitor) does not pass, as a queryset
    (no query of its own): `_finds` in SQL."""
    restrictions = PageViewRestriction.objects.order_by()
    if not _is_member(user):
        return restrictions
    hidden = Q(restriction_type=PageViewRestriction.PASSWORD)
    if not user.is_superuser:
        shared = PageViewRestriction.groups.through.objects.filter(
            pageviewrestriction_id=OuterRef("pk"), group__in=user.groups.values("pk")
        )
        hidden |= Q(restriction_type=PageViewRestriction.GROUPS) & ~Exists(shared)
    return restrictions.filter(hidden)


def _hidden_in_sql(user):
    """A Q for the pages `user` may not find: the restricted pages by subquery, and below the few
    restricted sections that have sub-pages, by path prefix. Those paths take a scan of every
    restriction (~7 ms at 5,000), so they are remembered per content version and audience: a
    change of privacy or a publish starts a new version; a new sub-page is a draft until published."""
    restrictions = restrictions_hiding(user)
    hidden = Q(pk__in=restrictions.values("page_id"))

    def branches():
        return sorted(set(restrictions.filter(page__numchild__gt=0).values_list("page__path", flat=True)))

    for path in remembered("hidden-branches", branches, vary=lambda: (audience_of(user),)):
        hidden |= Q(path__startswith=path)
    return hidden


class VisiblePageQuerySet(PageQuerySet):
    def visible_to(self, user, sections=None, *, subquery=False):
        """Live pages `user` (None or anonymous for a visitor) may find in a listing.

        Only filters the search backends can apply (live, path) are used, so search narrows its
        queryset with it too. Pass `sections` (from `private_sections()`) to reuse them.
        `subquery=True` runs the rule in SQL instead (`_hidden_in_sql`), for the database only."""
        live = self.live()
        if subquery:
            return live.exclude(_hidden_in_sql(user))
        if not _is_member(user):
            # As Wagtail's public(), in one query too, but with _under's compact filter.
            hidden = _under(PageViewRestriction.objects.values_list("page__path", "page__numchild"))
            return live.exclude(hidden) if hidden else live
        sections = private_sections() if sections is None else sections
        hidden = _hidden_from(user, sections)
        return live.exclude(hidden) if hidden else live

    def openable_by(self, request):
        """Live pages the person behind `request` may open now: what they may find, plus the
        password sections whose password they gave in this session."""
        user = request.user if _is_member(request.user) else None

        def accepts(restriction, person, group_ids):
            if restriction.restriction_type == PageViewRestriction.PASSWORD:
                return restriction.accept_request(request)
            return person is not None and _finds(restriction, person, group_ids)

        hidden = _hidden_from(user, private_sections(), accepts)
        return self.live().exclude(hidden) if hidden else self.live()


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


def visible_pages(user, sections=None, *, subquery=False):
    """Every live page of any type `user` may find, as a PageQuerySet in tree order (as `Page.objects`)."""
    return VisiblePageQuerySet(Page).order_by("path").visible_to(user, sections, subquery=subquery)


def members_only_paths(user, sections=None, pages=None):
    """Paths of the private sections a logged-in person may see pages of, to badge them. Given
    `pages` (and no `sections`), only the sections above those pages: one query, however many sections."""
    if not _is_member(user):
        return frozenset()
    if sections is None and pages is not None:
        step = Page.steplen
        above = {page.path[:end] for page in pages for end in range(step, len(page.path) + 1, step)}
        restricted = PageViewRestriction.objects.filter(page__path__in=sorted(above))
        return frozenset(restricted.values_list("page__path", flat=True))
    sections = private_sections() if sections is None else sections
    return frozenset(restriction.section_path for restriction in sections)


def is_members_only(page, paths):
    """Whether `page` is in one of `paths` (from `members_only_paths`): a set lookup per ancestor."""
    step = Page.steplen
    return any(page.path[:end] in paths for end in range(step, len(page.path) + 1, step))


def mark_members_only(pages, user, sections=None):
    """Set `members_only` on each page that sits in a private section (no query for visitors,
    who are never shown such pages; one for members unless `sections` is given)."""
    paths = members_only_paths(user, sections)
    for page in pages:
        page.members_only = is_members_only(page, paths)
    return pages
