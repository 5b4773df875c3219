"""Image renditions are made when a page is published or an image changes, never on a visitor's
request; the specs the templates show and the list in home/renditions.py never drift apart."""

import json
import re
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase
from django.utils.text import smart_split

from wagtail.images.models import AbstractImage, Filter, Rendition
from wagtail.models import Page

from courses.models import CourseIndexPage, CoursePage
from home.models import HomePage
from home.renditions import (
    CARD,
    IMAGE_BLOCK,
    NEWS_HERO,
    PATTERNS,
    SEARCH_RESULT,
    SHARE,
    expand,
    make_all_renditions,
)
from library.models import LibraryArticlePage, LibraryIndexPage
from news.models import NewsIndexPage, NewsPage
from news.tests.factories import make_image, make_news, make_news_index
from portal.testing import LuminoTestCase

IMAGE_TAG = re.compile(r"{%\s*(?:picture|image|srcset_image)\s+(.*?)\s*%}", re.DOTALL)


def template_specs():
    """{spec: [template, …]} for every rendition spec an image tag in templates/ shows."""
    found = {}
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for match in IMAGE_TAG.finditer(path.read_text()):
            _image, *bits = smart_split(match.group(1))  # as the tag reads itself: quotes keep spaces
            filters = []
            for bit in bits:
                if bit == "as":
                    break
                if "=" not in bit:
                    filters.append(bit)
            for spec in Filter.expand_spec(filters):
                found.setdefault(spec, []).append(str(path.relative_to(settings.BASE_DIR)))
    return found


@contextmanager
def no_rendition_may_be_made():
    """Making a rendition fails the test, in whatever way Wagtail would make it. (`get_renditions`
    calls `create_renditions` with nothing to make when all exist: that call is harmless.)"""
    made = []

    def refuse(image, *filters):
        if filters:
            made.append((image.title, [spec.spec for spec in filters]))
            raise AssertionError(f"a rendition was made while a visitor waited: {made[-1]}")
        return {}

    with (
        mock.patch.object(AbstractImage, "create_rendition", refuse),
        mock.patch.object(AbstractImage, "create_renditions", refuse),
    ):
        yield made


def made_specs(image):
    return set(image.renditions.values_list("filter_spec", flat=True))


class TemplateSpecsTests(SimpleTestCase):
    def test_every_spec_a_template_shows_is_made_ahead(self):
        listed = set(expand(*PATTERNS))
        missing = {spec: where for spec, where in template_specs().items() if spec not in listed}
        self.assertEqual(missing, {}, "add these to home/renditions.py")

    def test_every_listed_spec_is_shown_by_a_template(self):
        stale = set(expand(*PATTERNS)) - set(template_specs())
        self.assertEqual(stale, set(), "no template shows these any more: remove them from home/renditions.py")

    def test_a_spec_keeps_the_tags_filter_order(self):
        self.assertIn("format-avif|fill-400x225", expand(CARD))
        self.assertEqual(expand(SEARCH_RESULT), ["fill-160x90|format-webp"])


class PublishMakesRenditionsTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.lead = make_image("Portada", size=(1400, 800))
        cls.inline = make_image("En el texto", size=(900, 500))

    def publish_news(self):
        page = make_news(self.index, live=False, lead_image=self.lead)
        page.body = json.dumps([{"type": "image", "value": {"image": self.inline.pk, "alt_text": "", "caption": ""}}])
        with self.captureOnCommitCallbacks(execute=True):
            page.save_revision(user=self.editor).publish(user=self.editor)
        return page

    def test_publishing_a_page_makes_every_rendition_its_images_need(self):
        self.assertEqual(made_specs(self.lead), set())
        self.publish_news()
        self.assertLessEqual(set(expand(NEWS_HERO, CARD, SEARCH_RESULT, SHARE)), made_specs(self.lead))
        self.assertEqual(made_specs(self.inline), set(expand(IMAGE_BLOCK)))

    def test_after_publishing_the_page_and_its_listing_render_without_making_one(self):
        page = self.publish_news()
        with no_rendition_may_be_made() as made:
            for url in (page.url, self.index.url, "/search/?q=Noticia"):
                self.assertEqual(self.client.get(url).status_code, 200, url)
        self.assertEqual(made, [])

    def test_a_new_focal_point_remakes_the_renditions_of_the_pages_that_show_the_image(self):
        page = self.publish_news()
        before = Rendition.objects.filter(image=self.lead).count()
        self.lead.focal_point_x, self.lead.focal_point_y = 100, 100
        self.lead.focal_point_width = self.lead.focal_point_height = 50
        with self.captureOnCommitCallbacks(execute=True):
            self.lead.save()
        self.assertGreater(Rendition.objects.filter(image=self.lead).count(), before)
        with no_rendition_may_be_made() as made:
            self.assertEqual(self.client.get(page.url).status_code, 200)
        self.assertEqual(made, [])

    def test_an_image_no_page_uses_yet_waits_for_its_page(self):
        with self.captureOnCommitCallbacks(execute=True):
            unused = make_image("Sin usar")
        self.assertEqual(made_specs(unused), set())

    def test_running_the_work_again_makes_nothing(self):
        self.publish_news()
        self.assertEqual(make_all_renditions(), 0)


class SeededSiteRendersWithoutMakingRenditionsTests(TestCase):
    """The whole demo, as `make run` serves it after `seed_demo`."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())

    def first(self, model):
        return model.objects.live().public().order_by("path").first()

    def test_the_public_pages_make_no_rendition(self):
        pages = [
            self.first(HomePage),
            self.first(CourseIndexPage),
            self.first(CoursePage),
            self.first(NewsIndexPage),
            self.first(NewsPage),
            self.first(LibraryIndexPage),
            self.first(LibraryArticlePage),
            *Page.objects.live().public().filter(depth=3).specific()[:20],
        ]
        before = Rendition.objects.count()
        with no_rendition_may_be_made() as made:
            for page in pages:
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200, page.url)
            self.assertEqual(self.client.get("/search/?q=python").status_code, 200)
        self.assertEqual(made, [])
        self.assertEqual(Rendition.objects.count(), before)
        self.assertTrue(Rendition.objects.filter(filter_spec__in=expand(CARD)).exists())
