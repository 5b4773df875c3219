"""Builders for news pages in tests: a page tree under the migration's HomePage."""

import datetime
import itertools

from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage

_numbers = itertools.count(1)


def make_image(title="Test image", size=(640, 360)):
    return get_image_model().objects.create(title=title, file=get_test_image_file(size=size))


def make_news_index(**fields):
    home = HomePage.objects.get()
    fields.setdefault("title", "Noticias")
    fields.setdefault("slug", "noticias")
    index = NewsIndexPage(**fields)
    home.add_child(instance=index)
    return index


def make_news(index, title=None, *, tags=(), date=None, live=True, members_only=False, **fields):
    number = next(_numbers)
    page = NewsPage(
        title=title or f"Noticia {number}",
        slug=fields.pop("slug", f"noticia-{number}"),
        date=date or datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 300),
        intro=fields.pop("intro", f"Resumen de la noticia {number}."),
        live=live,
        **fields,
    )
    if tags:
        page.tags.add(*tags)
    index.add_child(instance=page)
    if members_only:
        make_members_only(page)
    return page


def make_members_only(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
