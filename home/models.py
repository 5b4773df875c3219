from django.db import models
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import BaseStreamBlock

# Search engines show about this many characters of a description.
META_DESCRIPTION_LENGTH = 160


class SeoMixin(models.Model):
    """Open Graph image and the promote tab shared by every public page type.

    Wagtail's own `seo_title` and `search_description` (the meta description) are used as
    they are; pages without an image fall back to the site's default share image.
    """

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("share image"),
        help_text=_("Shown when the page is shared on social networks (1200×630 works best)."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title"), FieldPanel("search_description"), FieldPanel("og_image")],
            heading=_("For search engines and sharing"),
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading=_("Navigation")),
    ]

    class Meta:
        abstract = True

    @property
    def card_image(self):
        return self.og_image

    def share_image(self, request):
        """The Open Graph image: the page's share image, else its own picture, else the site's default."""
        own = self.og_image or self.card_image
        if own or request is None:
            return own
        return SiteSettings.for_request(request).default_share_image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["share_image"] = self.share_image(request)
        return context

    @property
    def card_summary(self):
        return self.search_description

    @property
    def meta_description(self):
        """The editor's meta description; when left empty, the page's own summary or introduction."""
        if self.search_description:
            return self.search_description
        summary = self.card_summary or getattr(self, "intro", "")
        return Truncator(strip_tags(str(summary or "")).strip()).chars(META_DESCRIPTION_LENGTH)


FEATURED_PAGE_TYPES = ["courses.CoursePage", "news.NewsPage", "library.LibraryArticlePage"]


class FeaturedItemsBlock(blocks.StreamBlock):
    page = blocks.PageChooserBlock(label=_("Course, news item or article"), page_type=FEATURED_PAGE_TYPES)

    class Meta:
        icon = "pick"


class HomePage(SeoMixin, Page):
    hero_title = models.CharField(_("hero title"), max_length=120)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_cta_label = models.CharField(_("button label"), max_length=60, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("button links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured = StreamField(
        FeaturedItemsBlock(),
        verbose_name=_("featured items"),
        blank=True,
        help_text=_("Courses, news and library articles to show on the home page, in this order."),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_page"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("featured"),
        FieldPanel("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def featured_pages(self):
        """The featured pages, live and public, in the editors' order, with one query per type."""
        ids = [block.value.pk for block in self.featured if block.value]
        pages = Page.objects.filter(pk__in=ids).live().public().specific()
        by_id = {page.pk: page for page in pages}
        return [by_id[pk] for pk in ids if pk in by_id]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_pages"] = self.featured_pages()
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    tagline = models.CharField(_("tagline"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("default share image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    github_url = models.URLField(_("GitHub"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)

    class Meta:
        verbose_name = _("site settings")
