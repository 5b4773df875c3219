from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import BaseStreamBlock
from .fragments import DeferredContextPage, cached_route
from .searchable import SearchablePage
from .visibility import visible_pages

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
        # Lazy: the meta tags that use it are a cached fragment on most pages.
        context["share_image"] = SimpleLazyObject(lambda: self.share_image(request))
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


def featurable_page_types():
    """Every installed page type that may be featured: the searchable ones (home/searchable.py)
    unless they say `featurable = False`."""
    return [model for model in apps.get_models() if issubclass(model, SearchablePage) and model.featurable]


class FeaturedPageChooserBlock(blocks.PageChooserBlock):
    """Chooses among the featurable page types, found when first used (after the apps are loaded),
    so a new app's page type is offered without touching this module or a migration."""

    @cached_property
    def target_models(self):
        return featurable_page_types()

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not isinstance(value.specific, tuple(self.target_models)):
            raise ValidationError(_("Choose a course, a news item or an article."))
        return value


class FeaturedItemsBlock(blocks.StreamBlock):
    page = FeaturedPageChooserBlock(label=_("Course, news item or article"))

    class Meta:
        icon = "pick"


class HomePage(DeferredContextPage, SeoMixin, Page):
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
        """The featured pages a visitor may find, in the editors' order, with one query per type plus
        what their cards show. The home page is the same for everyone (and cached as such), so a
        members-only page is never featured, even to members."""
        ids = [block.value.pk for block in self.featured if block.value]
        refs = visible_pages(None).filter(pk__in=ids).values_list("pk", "content_type_id")
        by_type = {}
        for pk, content_type_id in refs:
            by_type.setdefault(content_type_id, []).append(pk)
        by_id = {}
        for content_type_id, pks in by_type.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            pages = model.objects.filter(pk__in=pks)
            by_id.update(
                (page.pk, page) for page in (model.with_cards(pages) if issubclass(model, SearchablePage) else pages)
            )
        return [by_id[pk] for pk in ids if pk in by_id]

    def fragment_context(self, request):
        return {"featured_pages": self.featured_pages()}

    def route(self, request, path_components):
        return cached_route(
            self, request, path_components, lambda: super(HomePage, self).route(request, path_components)
        )


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


class ContentChange(models.Model):
    """One change to what public pages show; the newest id is the content version (home/fragments.py)."""

    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("content change")
        verbose_name_plural = _("content changes")
