import datetime
import json
from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from home.blocks import BaseStreamBlock
from home.models import SeoMixin
from portal.params import Slug, Year, read_params

from .choosers import staff_chooser_viewset, staff_q
from .listing import (
    FacetLabel,
    VisiblePageManager,
    VisiblePageQuerySet,
    filter_link,
    mark_members_only,
    paginate,
    query_string,
)

NEWS_PER_PAGE = 12
RELATED_COUNT = 3


def images_with_renditions():
    """Images with every stored rendition prefetched, so `{% picture %}` runs no query per card."""
    return get_image_model().objects.prefetch_renditions()


class NewsIndexPage(RoutablePageMixin, SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def news_items(self, user, request=None):
        return NewsPage.objects.child_of(self).visible_to(user, request).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        visible = self.news_items(request.user, request)
        params = read_params(request.GET, tag=Slug(), year=Year())
        tag, year = params["tag"], params["year"]
        items = visible
        if tag:
            items = items.filter(tags__slug=tag)
        if year:
            items = items.filter(date__year=year)
        items = items.select_related("author").prefetch_related(
            "tags", Prefetch("lead_image", queryset=images_with_renditions())
        )
        page_obj = paginate(request, items, NEWS_PER_PAGE)
        mark_members_only(page_obj.object_list, request.user)
        # Each filter offers the values that find something with the other filter applied.
        in_year = visible.filter(date__year=year) if year else visible
        tags = (
            Tag.objects.filter(news_newspagetag_items__content_object__in=in_year)
            .annotate(item_count=Count("news_newspagetag_items"))
            .order_by("name")
        )
        tags = list(tags)
        with_tag = visible.filter(tags__slug=tag) if tag else visible
        years = [day.year for day in with_tag.dates("date", "year", order="DESC")]
        context.update(
            page_obj=page_obj,
            news_items=page_obj.object_list,
            tag_links=[
                filter_link(request, _("All topics"), not tag, year=year),
                *(
                    filter_link(request, item.name, item.slug == tag, count=item.item_count, tag=item.slug, year=year)
                    for item in tags
                ),
            ],
            year_links=[
                filter_link(request, _("All years"), not year, tag=tag),
                *(filter_link(request, str(value), value == year, tag=tag, year=value) for value in years),
            ],
            active_tag=next((item for item in tags if item.slug == tag), None) if tag else None,
            active_tag_slug=tag,
            active_year=year,
            filtered=bool(tag or year),
            clear_url=request.path,
            query_string=query_string(tag=tag, year=year),
        )
        return context

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed()(request, index=self)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPageRelated(Orderable):
    page = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related item")


class NewsPage(SeoMixin, Page):
    date = models.DateField(_("date"), default=datetime.date.today)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="news_pages",
        limit_choices_to=staff_q,
        help_text=_("A member of staff; learners cannot sign news."),
    )
    author_name = models.CharField(
        _("author name"), max_length=120, blank=True, help_text=_("Shown instead of the author's account name.")
    )
    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in listings and feeds."))
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("lead image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it; leave empty if it is decorative."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True, verbose_name=_("tags"))

    objects = VisiblePageManager()

    search_kind = "news"
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2), index.FilterField("slug")]),
        index.FilterField("date"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("author", widget=staff_chooser_viewset.widget_class),
                FieldPanel("author_name"),
            ],
            heading=_("Byline"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Lead image")),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel(
            "related_links",
            label=_("Related items"),
            heading=_("Related items"),
            help_text=_("Leave empty to show recent news that share a tag."),
            max_num=6,
        ),
    ]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    # --- The search protocol (see search/): every listed kind answers these the same way. ---
    @property
    def search_category(self):
        return ""

    @property
    def search_date(self):
        return self.date

    @property
    def card_summary(self):
        return self.intro

    @property
    def card_image(self):
        return self.lead_image or self.og_image

    def search_text(self):
        parts = [self.intro, *self.body.stream_block.get_searchable_content(self.body)]
        return " ".join(strip_tags(str(part)).strip() for part in parts if part).strip()

    @classmethod
    def search_facets(cls, page_ids):
        """Tag and year counts over the given pages, in two queries however many there are."""
        tag_rows = (
            NewsPageTag.objects.filter(content_object_id__in=page_ids)
            .order_by()
            .values("tag__name", "tag__slug")
            .annotate(count=Count("pk"))
        )
        year_rows = (
            cls.objects.filter(pk__in=page_ids)
            .order_by()  # Wagtail orders pages by path, which would split the groups
            .annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(count=Count("pk"))
        )
        return {
            "tag": Counter({FacetLabel(row["tag__name"], row["tag__slug"]): row["count"] for row in tag_rows}),
            "category": Counter(),
            "year": Counter({row["year"]: row["count"] for row in year_rows}),
        }

    @classmethod
    def search_filter(cls, queryset, *, tag=None, category=None, year=None):
        """Narrow `queryset` with lookups the search backends can filter on (id, date)."""
        if category:
            return queryset.none()  # news has no categories
        if tag:
            ids = NewsPageTag.objects.filter(tag__slug=tag).values_list("content_object_id", flat=True)
            queryset = queryset.filter(id__in=list(ids))
        if year:
            queryset = queryset.filter(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
        return queryset

    # --- Display ---
    @property
    def byline(self):
        if self.author_name:
            return self.author_name
        return self.author.get_full_name() if self.author else ""

    @cached_property
    def news_index(self):
        return NewsIndexPage.objects.parent_of(self).first()

    def related_pages(self, user, request=None):
        """The editors' choice when there is one, otherwise recent news sharing a tag; only what
        this person may open."""
        chosen = [link.target_id for link in self.related_links.all()]
        if chosen:
            pages = VisiblePageQuerySet(Page).filter(pk__in=chosen).visible_to(user, request).specific()
            by_id = {page.pk: page for page in pages}
            return [by_id[pk] for pk in chosen if pk in by_id]
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return []
        return list(
            NewsPage.objects.sibling_of(self, inclusive=False)
            .visible_to(user, request)
            .filter(tags__in=tag_ids)
            .distinct()
            .order_by("-date", "-pk")
            .select_related("author")
            .prefetch_related("tags", Prefetch("lead_image", queryset=images_with_renditions()))[:RELATED_COUNT]
        )

    def structured_data(self, request):
        """schema.org NewsArticle as JSON-LD, escaped like json_script so it cannot close the tag."""
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "description": self.intro,
            "datePublished": self.date.isoformat(),
            "dateModified": (self.last_published_at or timezone.now()).date().isoformat(),
            "mainEntityOfPage": self.get_full_url(request),
        }
        if self.byline:
            data["author"] = {"@type": "Person", "name": self.byline}
        text = json.dumps(data, ensure_ascii=False)
        escaped = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
        return mark_safe(escaped)  # noqa: S308 - JSON with the HTML-significant characters escaped

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related_pages"] = self.related_pages(request.user, request)
        mark_members_only(context["related_pages"], request.user)
        context["news_index"] = self.news_index
        context["index_url"] = self.news_index.get_url(request) if self.news_index else ""
        context["structured_data"] = self.structured_data(request)
        context["members_only"] = self.get_view_restrictions().exists()
        return context
