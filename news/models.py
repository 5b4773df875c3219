import datetime
import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from home.blocks import BaseStreamBlock
from home.fragments import DeferredContextPage, cached_fragment
from home.listing import ListingPage
from home.models import SeoMixin
from home.searchable import SearchablePage, facet_search_fields
from home.visibility import VisiblePageManager, mark_members_only, visible_pages

from .choosers import staff_chooser_viewset, staff_q
from .feeds import NewsAtomFeed, NewsRssFeed
from .listing import NewsListing

RELATED_COUNT = 3
FEED_SIZE = 20


class NewsIndexPage(ListingPage, RoutablePageMixin, SeoMixin, Page):
    listing_class = NewsListing
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage"]

    class Meta:
        verbose_name = _("news index")

    def feed_items(self):
        """The newest items for the feeds: read by anonymous clients and cached by aggregators,
        so only what a visitor may find, whoever asks."""
        items = NewsPage.objects.child_of(self).visible_to(None).order_by("-date", "-pk")
        return NewsPage.with_cards(items)[:FEED_SIZE]

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return NewsRssFeed()(request, index=self)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return NewsAtomFeed()(request, index=self)


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPageRelated(Orderable):
    page = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("target")]

    class Meta(Orderable.Meta):
        verbose_name = _("related item")


class NewsPage(DeferredContextPage, SearchablePage, SeoMixin, Page):
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
    search_kind_label = _("News")
    card_image_fields = ("lead_image", "og_image")
    card_related = ("tags", "author")
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        *facet_search_fields(),
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

    # --- Display ---
    @property
    def byline(self):
        if self.author_name:
            return self.author_name
        return self.author.get_full_name() if self.author else ""

    @cached_property
    def news_index(self):
        return NewsIndexPage.objects.parent_of(self).first()

    def related_pages(self, user):
        """The editors' choice when there is one, otherwise recent news sharing a tag; only what
        this person may find."""
        chosen = [link.target_id for link in self.related_links.all()]
        if chosen:
            pages = visible_pages(user).filter(pk__in=chosen).specific()
            by_id = {page.pk: page for page in pages}
            return [by_id[pk] for pk in chosen if pk in by_id]
        tag_ids = [tag.pk for tag in self.tags.all()]
        if not tag_ids:
            return []
        related = (
            NewsPage.objects.sibling_of(self, inclusive=False)
            .visible_to(user)
            .filter(tags__in=tag_ids)
            .distinct()
            .order_by("-date", "-pk")
        )
        return list(NewsPage.with_cards(related)[:RELATED_COUNT])

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
        # The <head> is not a cached fragment (its script carries the request's CSP nonce); the
        # feed links in it are, so the index is looked up only when they are not cached.
        context["news_index"] = SimpleLazyObject(lambda: self.news_index)
        context["structured_data"] = cached_fragment("news-ld", request, lambda: self.structured_data(request))
        return context

    def fragment_context(self, request):
        return {
            "related_pages": mark_members_only(self.related_pages(request.user), request.user),
            "news_index": self.news_index,
            "index_url": self.news_index.get_url(request) if self.news_index else "",
            "members_only": self.get_view_restrictions().exists(),
        }
