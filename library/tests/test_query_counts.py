from django.db import connection
from django.test.utils import CaptureQueriesContext

from library.models import LibraryArticlePage
from portal.testing import LuminoTestCase

from .factories import make_article, make_category, make_document, make_library_index


class LibraryQueryCountTests(LuminoTestCase):
    """Listings and articles run the same number of queries for 10 items as for 100."""

    def setUp(self):
        self.index = make_library_index()
        parent = make_category("Programación", slug="programacion")
        self.categories = [make_category("Python", parent=parent), make_category("Redes"), parent]
        self.document = make_document("Guía")

    def add_articles(self, count):
        for number in range(count):
            make_article(
                self.index,
                category=self.categories[number % 3],
                level=["beginner", "intermediate", "advanced"][number % 3],
                tags=["python", f"tema-{number % 4}"],
                authors=[self.editor, self.mentor][: 1 + number % 2],
                documents=[self.document],
                members_only=number % 7 == 0,
            )

    def count_queries(self, url):
        self.client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def test_index_query_count_is_flat_for_visitors_and_members(self):
        self.add_articles(10)
        urls = ["/biblioteca/", "/biblioteca/?category=programacion&level=beginner", "/biblioteca/?tag=python&page=2"]
        anonymous = [self.count_queries(url) for url in urls]
        self.client.force_login(self.member)
        member = [self.count_queries(url) for url in urls]
        self.client.logout()
        self.add_articles(90)
        self.assertEqual(LibraryArticlePage.objects.count(), 100)
        self.assertEqual([self.count_queries(url) for url in urls], anonymous)
        self.client.force_login(self.member)
        self.assertEqual([self.count_queries(url) for url in urls], member)

    def test_article_query_count_does_not_grow_with_related_articles_or_attachments(self):
        self.add_articles(4)
        page = LibraryArticlePage.objects.live().public().first()
        few = self.count_queries(page.url)
        self.add_articles(40)
        self.assertEqual(self.count_queries(page.url), few)
