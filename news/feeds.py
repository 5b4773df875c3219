"""RSS 2.0 and Atom feeds of a news index, served by the index itself (routes rss/ and atom/).

Feeds are read by anonymous clients and cached by aggregators, so they only ever carry what a
visitor may find, whoever asks (`NewsIndexPage.feed_items`).
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, index):
        return index

    def title(self, index):
        return f"{index.title} · Lumino"

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return index.intro or index.search_description or _("The latest news from Lumino.")

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        return index.feed_items()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        # The editorial date is a day; publish it at midnight in the site's time zone.
        return datetime.datetime.combine(item.date, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
