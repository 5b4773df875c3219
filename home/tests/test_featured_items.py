import json

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from home.models import HomePage
from news.tests.factories import make_members_only, make_news, make_news_index


class FeaturedItemsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.index = make_news_index()

    def feature(self, *pages):
        self.home.featured = json.dumps([{"type": "page", "value": page.pk} for page in pages])
        self.home.save_revision().publish()

    def test_featured_pages_appear_in_the_editors_order(self):
        first, second = make_news(self.index, "Primera noticia"), make_news(self.index, "Segunda noticia")
        self.feature(second, first)
        html = self.client.get("/").content.decode()
        self.assertLess(html.index("Segunda noticia"), html.index("Primera noticia"))

    def test_members_only_and_draft_pages_are_not_featured_for_visitors(self):
        private = make_news(self.index, "Noticia privada")
        make_members_only(private)
        draft = make_news(self.index, "Borrador", live=False)
        public = make_news(self.index, "Noticia pública")
        self.feature(private, draft, public)
        response = self.client.get("/")
        self.assertContains(response, "Noticia pública")
        self.assertNotContains(response, "Noticia privada")
        self.assertNotContains(response, "Borrador")

    def test_query_count_does_not_grow_with_featured_items(self):
        def count_for(n):
            pages = [make_news(self.index) for _ in range(n)]
            self.feature(*pages)
            self.client.get("/")  # warm the site root cache
            with CaptureQueriesContext(connection) as ctx:
                self.assertEqual(self.client.get("/").status_code, 200)
            return len(ctx.captured_queries)

        self.assertEqual(count_for(2), count_for(12))
