import datetime

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase

from accounts.roles import staff_q
from home.fragments import DeferredContextPage
from home.models import SeoMixin
from home.searchable import SearchablePage, facet_search_fields
from home.visibility import VisiblePageManager, mark_members_only

from ..blocks import LibraryStreamBlock
from .categories import Category
from .documents import LibraryDocument

# A cap on the denormalised attachment text, so one huge manual cannot bloat the search index.
ATTACHMENTS_TEXT_MAX_CHARS = 300_000
RELATED_COUNT = 3


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


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


class LibraryArticlePage(DeferredContextPage, SearchablePage, SeoMixin, Page):
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
        limit_choices_to=staff_q,
    )
    body = StreamField(LibraryStreamBlock(), verbose_name=_("body"), blank=True)
    tags = ClusterTaggableManager(through=LibraryArticlePageTag, blank=True, verbose_name=_("tags"))
    # Text of the attached documents, kept here so a search for words inside a PDF finds the article.
    attachments_text = models.TextField(blank=True, editable=False)

    objects = VisiblePageManager()

    search_kind = "library"
    search_kind_label = _("Library")
    card_related = ("category",)
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
        index.SearchField("attachments_text"),
        *facet_search_fields(category=True),
        index.FilterField("date"),
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

    def collect_attachments_text(self, texts=None):
        """The extracted text of the attached documents, in order (one query, none when `texts`,
        {document id: extracted text}, is given)."""
        ids = [attachment.document_id for attachment in self.attachments.all() if attachment.document_id]
        if texts is None:
            texts = dict(LibraryDocument.objects.filter(pk__in=ids).values_list("pk", "extracted_text")) if ids else {}
        return "\n\n".join(texts[pk] for pk in dict.fromkeys(ids) if texts.get(pk))[:ATTACHMENTS_TEXT_MAX_CHARS]

    # --- The search protocol (home/searchable.py): only what differs from the defaults ---
    @classmethod
    def category_ids(cls, slug):
        """A category filter also finds the articles of its sub-categories."""
        return list(Category.objects.with_children_of(slug).values_list("pk", flat=True))

    # --- Display ---
    @cached_property
    def library_index(self):
        return self.get_parent().specific

    def related_pages(self, user):
        """Recent articles of the same category that this person may find."""
        if not self.category_id:
            return []
        related = (
            LibraryArticlePage.objects.sibling_of(self, inclusive=False)
            .visible_to(user)
            .filter(category_id=self.category_id)
            .order_by("-date", "-pk")
        )
        return list(LibraryArticlePage.with_cards(related)[:RELATED_COUNT])

    def fragment_context(self, request):
        return {
            "attachments": list(self.attachments.select_related("document")),
            "related_pages": mark_members_only(self.related_pages(request.user), request.user),
            "library_index": self.library_index,
            "index_url": self.library_index.get_url(request) if self.library_index else "",
            "members_only": self.get_view_restrictions().exists(),
        }
