from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page

from library.models import LibraryArticlePage
from library.tests.factories import make_article, make_library_index
from portal.testing import LuminoTestCase


class InArrayLookupTests(LuminoTestCase):
    """`__in_array` finds what `__in` finds; on PostgreSQL the ids go as one parameter."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        library = make_library_index()
        cls.articles = [make_article(library, f"Artículo {number}", tags=["becas"]) for number in range(3)]

    def test_it_finds_what_in_finds(self):
        ids = [self.articles[0].pk, self.articles[2].pk, 999_999]
        self.assertEqual(
            set(Page.objects.filter(pk__in_array=ids).values_list("pk", flat=True)),
            set(Page.objects.filter(pk__in=ids).values_list("pk", flat=True)),
        )
        self.assertFalse(Page.objects.filter(pk__in_array=[]).exists())

    def test_it_works_on_relations(self):
        through = LibraryArticlePage.tags.through.objects
        self.assertEqual(through.filter(content_object_id__in_array=[self.articles[1].pk]).count(), 1)

    def test_the_ids_are_one_parameter_on_postgresql(self):
        ids = [article.pk for article in self.articles]
        with CaptureQueriesContext(connection) as queries:
            list(Page.objects.filter(pk__in_array=ids))
        sql = queries.captured_queries[-1]["sql"]
        if connection.vendor == "postgresql":
            self.assertIn("= ANY(", sql)
            self.assertNotIn(" IN (", sql)
        else:
            self.assertIn(" IN (", sql)
