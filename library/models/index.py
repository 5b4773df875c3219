from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from home.models import SeoMixin

from ..listing import LibraryListing


class LibraryIndexPage(SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["library.LibraryArticlePage"]

    class Meta:
        verbose_name = _("library index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(LibraryListing(self, request.user, request.GET).context(request))
        return context
