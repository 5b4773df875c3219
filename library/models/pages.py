import datetime
from collections import Counter

from django.conf import settings
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from home.models import SeoMixin
from news.listing import FacetLabel, VisiblePageManager, mark_members_only
from news.models import images_with_renditions

from ..blocks import LibraryStreamBlock
from .categories import Category

# A cap on the denormalised attachment text, so one huge manual cannot bloat the search index.
ATTACHMENTS_TEXT_MAX_CHARS = 300_000


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


def author_choices():
    """People who write: staff and the editor, mentor and manager groups (not every learner)."""
    from accounts.models import User
    from accounts.roles import Role

    groups = [Role.EDITOR.group_name, Role.MENTOR.group_name, Role.MANAGER.group_name]
    writers = User.objects.filter(Q(is_staff=True) | Q(groups__name__in=groups)).values("pk")
    return Q(pk__in=writers)


class LibraryArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("library.LibraryArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class LibraryAttachment(Orderable):
    page = ParentalKey("library.LibraryArticlePage", on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL, verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(
        _("link text"), max_length=160, blank=True, help_text=_("Leave empty to use the document's title.")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    @property
    def label(self):
        return self.title or self.document.title


class LibraryArticlePage(SeoMixin, Page):
    date = models.DateField(_("date"), default=datetime.date.today)
    intro = models.TextField(_("introduction"), help_text=_("One or two sentences shown in listings and search."))
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.BEGINNER)
    authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("authors"),
        blank=True,
        related_name="library_articles",
        limit_choices_to=author_choices,
    )
    body = StreamField(LibraryStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=LibraryArticlePageTag, blank=True, verbose_name=_("tags"))
    # Text of the attached documents, kept here so a search for words inside a PDF finds the article.
    attachments_text = models.TextField(blank=True, editable=False)

    objects = VisiblePageManager()

    search_kind = "library"
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        index.SearchField("attachments_text"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2), index.FilterField("slug")]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("category_id"),
        index.FilterField("level"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("level"), FieldPanel("authors")],
            heading=_("About this article"),
        ),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("tags"),
        InlinePanel("attachments", label=_("Attachment"), heading=_("Attachments")),
    ]
    parent_page_types = ["library.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("library article")
        verbose_name_plural = _("library articles")

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "attachments_text" in update_fields:
            self.attachments_text = self.collect_attachments_text()
        return super().save(*args, **kwargs)

    def collect_attachments_text(self):
        """The extracted text of the attached documents, in order (one query)."""
        from .documents import LibraryDocument

        ids = [attachment.document_id for attachment in self.attachments.all() if attachment.document_id]
        texts = dict(LibraryDocument.objects.filter(pk__in=ids).values_list("pk", "extracted_text")) if ids else {}
        return "\n\n".join(texts[pk] for pk in dict.fromkeys(ids) if texts.get(pk))[:ATTACHMENTS_TEXT_MAX_CHARS]

    # --- The search protocol (see search/) ---
    @property
    def search_category(self):
        return self.category.name if self.category_id and self.category else ""

    @property
    def search_date(self):
        return self.date

    @property
    def card_summary(self):
        return self.intro

    def search_text(self):
        parts = [self.intro, *self.body.stream_block.get_searchable_content(self.body)]
        return " ".join(strip_tags(str(part)).strip() for part in parts if part).strip()

    @classmethod
    def search_facets(cls, page_ids):
        """Tag, category and year counts over the given pages, in three queries."""
        tag_rows = (
            LibraryArticlePageTag.objects.filter(content_object_id__in=page_ids)
            .order_by()
            .values("tag__name", "tag__slug")
            .annotate(count=Count("pk"))
        )
        pages = cls.objects.filter(pk__in=page_ids).order_by()  # no path ordering in the GROUP BY
        category_rows = (
            pages.filter(category__isnull=False).values("category__name", "category__slug").annotate(count=Count("pk"))
        )
        year_rows = pages.annotate(year=ExtractYear("date")).values("year").annotate(count=Count("pk"))
        return {
            "tag": Counter({FacetLabel(row["tag__name"], row["tag__slug"]): row["count"] for row in tag_rows}),
            "category": Counter(
                {FacetLabel(row["category__name"], row["category__slug"]): row["count"] for row in category_rows}
            ),
            "year": Counter({row["year"]: row["count"] for row in year_rows}),
        }

    @classmethod
    def search_filter(cls, queryset, *, tag=None, category=None, year=None):
        """Narrow `queryset` with lookups the search backends can filter on (id, category_id, date)."""
        if tag:
            ids = LibraryArticlePageTag.objects.filter(tag__slug=tag).values_list("content_object_id", flat=True)
            queryset = queryset.filter(id__in=list(ids))
        if category:
            queryset = queryset.filter(
                category_id__in=list(Category.objects.with_children_of(category).values_list("pk", flat=True))
            )
        if year:
            queryset = queryset.filter(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
        return queryset

    # --- Display ---
    @cached_property
    def library_index(self):
        from .index import LibraryIndexPage

        return LibraryIndexPage.objects.parent_of(self).first()

    def related_pages(self, user, request=None):
        """Recent articles of the same category that this person may open."""
        if not self.category_id:
            return []
        return list(
            LibraryArticlePage.objects.sibling_of(self, inclusive=False)
            .visible_to(user, request)
            .filter(category_id=self.category_id)
            .order_by("-date", "-pk")
            .select_related("category")
            .prefetch_related(Prefetch("og_image", queryset=images_with_renditions()))[:3]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = list(self.attachments.select_related("document"))
        context["related_pages"] = mark_members_only(self.related_pages(request.user, request), request.user)
        context["library_index"] = self.library_index
        context["members_only"] = self.get_view_restrictions().exists()
        return context
