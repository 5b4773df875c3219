"""The search protocol: what a page type gives the site search, the home page and the cards.

A page type joins the site search (and the home page's featured items) by inheriting
`SearchablePage` and naming its kind; the defaults fit a page with `date`, `intro`, `body`,
`tags` and an optional `category` with a slug, and a type overrides only what differs:

    class NewsPage(SearchablePage, SeoMixin, Page):
        search_kind = "news"
        search_kind_label = _("News")

Facets come in one format: {"tag" | "category" | "year": Counter({Facet(value, label): count})},
where `value` is what goes in the URL (a slug, a year). `search.registry` discovers the types
from the installed apps; `search/tests/test_protocol.py` checks every one of them.
"""

from collections import Counter, namedtuple

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.utils.html import strip_tags

from wagtail.search import index

from .listing import images_with_renditions

Facet = namedtuple("Facet", "value label")
FACET_NAMES = ("tag", "category", "year")


def facet_search_fields(*, category=False):
    """The index fields the tag (and category) facets and filters rely on, for a type's `search_fields`."""
    fields = [index.RelatedFields("tags", [index.SearchField("name", boost=2), index.FilterField("slug")])]
    if category:
        fields += [index.RelatedFields("category", [index.SearchField("name")]), index.FilterField("category_id")]
    return fields


class SearchablePage:
    search_kind = ""  # the value of the search's `type` filter: "news", "course"…
    search_kind_label = ""  # its name for people
    featurable = True  # may be chosen as a featured item on the home page
    search_date_field = "date"
    search_summary_field = "intro"
    search_body_fields = ("intro", "body")
    card_image_fields = ("og_image",)
    card_related = ("tags",)  # what a card shows besides its images (see `with_cards`)

    # --- One result, one card ---
    @property
    def search_date(self):
        return getattr(self, self.search_date_field, None)

    @property
    def card_summary(self):
        return getattr(self, self.search_summary_field, "")

    @property
    def card_image(self):
        return next((image for name in self.card_image_fields if (image := getattr(self, name, None))), None)

    @property
    def search_category(self):
        category = getattr(self, "category", None) if self.has_category() else None
        return category.name if category is not None else ""

    def search_text(self):
        """The page's words as plain text, for the result's snippet."""
        parts = []
        for name in self.search_body_fields:
            value = getattr(self, name, None)
            if hasattr(value, "stream_block"):
                parts.extend(value.stream_block.get_searchable_content(value))
            elif value:
                parts.append(value)
        return " ".join(text for text in (strip_tags(str(part)).strip() for part in parts) if text)

    # --- Over many results ---
    @classmethod
    def with_cards(cls, queryset, *rendition_filters, also=()):
        """`queryset` (of this type) with what its cards show: forward relations joined, the others
        and the image renditions prefetched, so a page of cards runs a fixed number of queries."""
        related = [*cls.card_prefetches(), *also]
        joins = [name for name in related if isinstance(name, str) and cls._is_forward_relation(name)]
        images = images_with_renditions(*rendition_filters)
        return queryset.select_related(*joins).prefetch_related(
            *(name for name in related if name not in joins),
            *(Prefetch(name, queryset=images) for name in cls.card_image_fields),
        )

    @classmethod
    def card_prefetches(cls):
        return list(cls.card_related)

    @classmethod
    def _is_forward_relation(cls, name):
        try:
            field = cls._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return field.many_to_one or field.one_to_one and field.concrete

    @classmethod
    def has_category(cls):
        try:
            return cls._meta.get_field("category").is_relation
        except FieldDoesNotExist:
            return False

    @classmethod
    def search_year(cls):
        """The expression whose year the `year` facet and filter use."""
        return ExtractYear(cls.search_date_field)

    @classmethod
    def category_ids(cls, slug):
        """Ids of the categories a category filter matches (a category with sub-categories overrides)."""
        category_model = cls._meta.get_field("category").related_model
        return list(category_model._default_manager.filter(slug=slug).values_list("pk", flat=True))

    @classmethod
    def search_facets(cls, page_ids):
        """Tag, category and year counts over `page_ids`, in two queries (tags; category and year together)."""
        page_ids = list(page_ids)
        facets = {name: Counter() for name in FACET_NAMES}
        tag_rows = (
            cls.tags.through.objects.filter(content_object_id__in_array=page_ids)
            .order_by()
            .values("tag__slug", "tag__name")
            .annotate(count=Count("content_object_id", distinct=True))
        )
        facets["tag"].update({Facet(row["tag__slug"], row["tag__name"]): row["count"] for row in tag_rows})
        pages = cls.objects.filter(pk__in_array=page_ids).order_by()  # no path ordering in the GROUP BY
        groups = ["year", *(("category__slug", "category__name") if cls.has_category() else ())]
        for row in pages.annotate(year=cls.search_year()).values(*groups).annotate(count=Count("pk")):
            if row.get("category__slug") is not None:
                facets["category"][Facet(row["category__slug"], row["category__name"])] += row["count"]
            if row["year"]:
                facets["year"][Facet(str(row["year"]), str(row["year"]))] += row["count"]
        return facets

    @classmethod
    def search_filter(cls, queryset, *, tag=None, category=None, year=None):
        """Narrow a queryset of these pages to a tag slug, a category slug and a year."""
        if category and not cls.has_category():
            return queryset.none()
        if tag:
            tagged = cls.tags.through.objects.filter(tag__slug=tag).values("content_object_id")
            queryset = queryset.filter(pk__in=tagged)
        if category:
            queryset = queryset.filter(category_id__in=cls.category_ids(category))
        if year:
            queryset = queryset.annotate(search_year=cls.search_year()).filter(search_year=int(year))
        return queryset
