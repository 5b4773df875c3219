from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from home.listing import ListingPage
from home.models import SeoMixin

from ..listing import LibraryListing


class LibraryIndexPage(ListingPage, SeoMixin, Page):
    listing_class = LibraryListing
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["library.LibraryArticlePage"]

    class Meta:
        verbose_name = _("library index")
