"""The library index's listing: filters by category (with its sub-categories), topic, author and
level (see home/listing.py for the pattern)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from home.listing import Listing
from portal.params import Choice, Number, Slug

from .models.categories import Category
from .models.pages import Level

ARTICLES_PER_PAGE = 12


class LibraryListing(Listing):
    model = "library.LibraryArticlePage"
    per_page = ARTICLES_PER_PAGE
    labels = {"category": _("Category"), "tag": _("Topic"), "author": _("Author"), "level": _("Level")}

    def fields(self):
        return {"category": Slug(max_length=80), "tag": Slug(), "author": Number(), "level": Choice(Level.values)}

    def filter_category(self, pages, slug):
        return pages.filter(category__in=Category.objects.with_children_of(slug))

    def filter_tag(self, pages, slug):
        return pages.filter(tags__slug=slug)

    def filter_author(self, pages, pk):
        return pages.filter(authors__pk=pk)

    def filter_level(self, pages, level):
        return pages.filter(level=level)

    def category_tree(self):
        """Top-level categories with their sub-categories, counting the articles this filter would
        find; empty branches are left out (one query)."""
        visible = self.without("category")
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

    def options(self):
        offered_levels = set(self.without("level").order_by().values_list("level", flat=True).distinct())
        return {
            "categories": self.category_tree(),
            "tags": list(
                Tag.objects.filter(library_libraryarticlepagetag_items__content_object__in=self.without("tag"))
                .annotate(item_count=Count("library_libraryarticlepagetag_items"))
                .order_by("name")
            ),
            "authors": list(
                get_user_model()
                .objects.filter(library_articles__in=self.without("author"))
                .distinct()
                .order_by("first_name")
            ),
            "levels": [choice for choice in Level.choices if choice[0] in offered_levels],
        }

    def option_labels(self, options):
        return {
            "category": {c.slug: c.name for top in options["categories"] for c in [top, *top.subcategories]},
            "tag": {tag.slug: tag.name for tag in options["tags"]},
            "author": {user.pk: user.get_full_name() or user.username for user in options["authors"]},
            "level": dict(Level.choices),
        }
