from django.db import connection
from django.test.utils import CaptureQueriesContext

from news.models import NewsPage
from portal.testing import LuminoTestCase

from .factories import make_image, make_news, make_news_index


class NewsListingQueryCountTests(LuminoTestCase):
    """A listing runs the same number of queries for 10 items as for 100 (cards with tags, an
    author, lead image renditions, a members-only marker)."""

    def add_news(self, count, image):
        for number in range(count):
            make_news(
                self.index,
                tags=["cursos", f"tema-{number % 5}"],
                author=self.editor,
                lead_image=image,
                members_only=number % 9 == 0,
            )

    def count_queries(self, url):
        self.client.get(url)  # renditions are generated (and stored) on the first view
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_index_query_count_is_flat(self):
        self.index = make_news_index()
        images = [make_image("Primera"), make_image("Segunda")]
        self.client.force_login(self.member)
        self.add_news(5, images[0])
        self.add_news(5, images[1])
        few = self.count_queries("/noticias/")
        self.add_news(90, images[1])
        self.assertEqual(NewsPage.objects.count(), 100)
        with self.assertNumQueries(few):
            response = self.client.get("/noticias/")
        self.assertEqual(len(response.context["items"]), 12)
        self.assertEqual(self.count_queries("/noticias/?tag=cursos&page=3"), few)

    def test_feed_query_count_is_flat(self):
        self.index = make_news_index()
        self.add_news(10, None)
        few = self.count_queries("/noticias/rss/")
        self.add_news(90, None)
        self.assertEqual(self.count_queries("/noticias/rss/"), few)

    def test_news_page_query_count_does_not_grow_with_related_items(self):
        self.index = make_news_index()
        self.add_news(3, make_image())
        page = NewsPage.objects.live().public().first()
        few = self.count_queries(page.url)
        self.add_news(30, make_image("Otra"))
        self.assertEqual(self.count_queries(page.url), few)
