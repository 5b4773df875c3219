"""The news index's listing: filters by topic and year (see home/listing.py for the pattern)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from taggit.models import Tag

from home.listing import Listing, filter_link
from portal.params import Slug, Year

NEWS_PER_PAGE = 12


class NewsListing(Listing):
    per_page = NEWS_PER_PAGE
    labels = {"tag": _("Topic"), "year": _("Year")}

    model = "news.NewsPage"

    def fields(self):
        return {"tag": Slug(), "year": Year()}

    def filter_tag(self, pages, slug):
        return pages.filter(tags__slug=slug)

    def filter_year(self, pages, year):
        return pages.filter(date__year=year)

    def tags(self):
        """Topics that find something in the chosen year, with their counts."""
        return list(
            Tag.objects.filter(news_newspagetag_items__content_object__in=self.without("tag"))
            .annotate(item_count=Count("news_newspagetag_items"))
            .order_by("name")
        )

    def years(self):
        return [day.year for day in self.without("year").dates("date", "year", order="DESC")]

    def options(self):
        return {"tags": self.tags(), "years": self.years()}

    def context(self, request):
        context = super().context(request)
        tag, year = self.filters["tag"], self.filters["year"]
        context.update(
            tag_links=[
                filter_link(request, _("All topics"), not tag, year=year),
                *(
                    filter_link(request, item.name, item.slug == tag, count=item.item_count, tag=item.slug, year=year)
                    for item in context["tags"]
                ),
            ],
            year_links=[
                filter_link(request, _("All years"), not year, tag=tag),
                *(filter_link(request, str(value), value == year, tag=tag, year=value) for value in context["years"]),
            ],
        )
        return context

    def option_labels(self, options):
        return {"tag": {tag.slug: tag.name for tag in options["tags"]}, "year": {}}
