from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from taggit.models import Tag

from home.models import SeoMixin
from news.listing import filter_link, mark_members_only, paginate, query_string
from news.models import images_with_renditions
from portal.params import Choice, Number, Slug, read_params

from .categories import Category
from .pages import Level, LibraryArticlePage

ARTICLES_PER_PAGE = 12


class LibraryIndexPage(SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["library.LibraryArticlePage"]

    class Meta:
        verbose_name = _("library index")

    def articles(self, user, request=None):
        return LibraryArticlePage.objects.child_of(self).visible_to(user, request).order_by("-date", "-pk")

    @staticmethod
    def read_filters(request):
        """The filters asked for, cleaned: unknown values simply match nothing."""
        return read_params(
            request.GET, category=Slug(max_length=80), tag=Slug(), author=Number(), level=Choice(Level.values)
        )

    @staticmethod
    def apply_filters(articles, filters):
        if filters["category"]:
            articles = articles.filter(category__in=Category.objects.with_children_of(filters["category"]))
        if filters["tag"]:
            articles = articles.filter(tags__slug=filters["tag"])
        if filters["author"]:
            articles = articles.filter(authors__pk=filters["author"])
        if filters["level"]:
            articles = articles.filter(level=filters["level"])
        return articles

    @staticmethod
    def category_tree(visible):
        """Top-level categories with their sub-categories, counting the articles this person may
        see; empty branches are left out (one query)."""
        rows = Category.objects.annotate(
            article_count=Count("articles", filter=Q(articles__in=visible.values("pk")))
        ).order_by("name")
        by_parent = {}
        for row in rows:
            by_parent.setdefault(row.parent_id, []).append(row)
        tree = []
        for top in by_parent.get(None, []):
            top.subcategories = [child for child in by_parent.get(top.pk, []) if child.article_count]
            top.total_count = top.article_count + sum(child.article_count for child in top.subcategories)
            if top.total_count:
                tree.append(top)
        return tree

    def get_context(self, request, *args, **kwargs):
        from accounts.models import User

        context = super().get_context(request, *args, **kwargs)
        visible = self.articles(request.user, request)
        filters = self.read_filters(request)
        items = (
            self.apply_filters(visible, filters)
            .select_related("category")
            .prefetch_related("tags", "authors", Prefetch("og_image", queryset=images_with_renditions()))
        )
        page_obj = paginate(request, items, ARTICLES_PER_PAGE)
        mark_members_only(page_obj.object_list, request.user)

        # Each filter offers the values that find something with the other filters as they are.
        def without(name):
            return self.apply_filters(visible, {**filters, name: None})

        categories = self.category_tree(without("category"))
        offered_levels = set(without("level").order_by().values_list("level", flat=True).distinct())
        context.update(
            page_obj=page_obj,
            articles=page_obj.object_list,
            filters=filters,
            filtered=any(filters.values()),
            query_string=query_string(**filters),
            categories=categories,
            tags=list(
                Tag.objects.filter(library_libraryarticlepagetag_items__content_object__in=without("tag"))
                .annotate(item_count=Count("library_libraryarticlepagetag_items"))
                .order_by("name")
            ),
            authors=list(User.objects.filter(library_articles__in=without("author")).distinct().order_by("first_name")),
            levels=[choice for choice in Level.choices if choice[0] in offered_levels],
        )
        context["active_filters"] = self.active_filter_links(request, filters, context)
        return context

    @staticmethod
    def active_filter_links(request, filters, context):
        """One removable chip per active filter, named for people (no extra query)."""
        names = {
            "category": {c.slug: c.name for top in context["categories"] for c in [top, *top.subcategories]},
            "tag": {tag.slug: tag.name for tag in context["tags"]},
            "author": {user.pk: user.get_full_name() or user.username for user in context["authors"]},
            "level": dict(Level.choices),
        }
        labels = {"category": _("Category"), "tag": _("Topic"), "author": _("Author"), "level": _("Level")}
        links = []
        for key, value in filters.items():
            if value:
                rest = {other: v for other, v in filters.items() if other != key}
                links.append(
                    {
                        "kind": labels[key],
                        "label": names[key].get(value, value),
                        "url": filter_link(request, "", False, **rest)["url"],
                    }
                )
        return links
