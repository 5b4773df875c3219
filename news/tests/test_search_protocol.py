import datetime

from wagtail.search import index

from home.searchable import Facet
from news.models import NewsPage
from portal.testing import LuminoTestCase

from .factories import make_image, make_news, make_news_index


class NewsSearchProtocolTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_news_index()
        cls.image = make_image()
        cls.a = make_news(
            cls.index,
            "Python en la empresa",
            date=datetime.date(2025, 5, 1),
            tags=["Python", "empresas"],
            intro="Casos reales.",
            lead_image=cls.image,
            body=[{"type": "paragraph", "value": "<p>Un <b>texto</b> con &amp; HTML.</p>"}],
        )
        cls.b = make_news(cls.index, "Becas 2026", date=datetime.date(2026, 1, 10), tags=["becas", "Python"])
        cls.c = make_news(cls.index, "Sin etiquetas", date=datetime.date(2026, 2, 10))

    def test_describes_itself_for_result_cards(self):
        page = NewsPage.objects.get(pk=self.a.pk)
        self.assertEqual(NewsPage.search_kind, "news")
        self.assertEqual(page.search_category, "")
        self.assertEqual(page.search_date, datetime.date(2025, 5, 1))
        self.assertEqual(page.card_summary, "Casos reales.")
        self.assertEqual(page.card_image, self.image)
        self.assertIsNone(NewsPage.objects.get(pk=self.c.pk).card_image)

    def test_search_text_is_plain_intro_and_body(self):
        text = NewsPage.objects.get(pk=self.a.pk).search_text()
        self.assertIn("Casos reales.", text)
        self.assertIn("Un texto con & HTML.", text)
        self.assertNotIn("<b>", text)

    def test_facets_count_tags_and_years_in_a_fixed_number_of_queries(self):
        with self.assertNumQueries(2):
            facets = NewsPage.search_facets([self.a.pk])
        ids = [self.a.pk, self.b.pk, self.c.pk]
        with self.assertNumQueries(2):
            facets = NewsPage.search_facets(ids)
        self.assertEqual(
            facets["tag"], {Facet("python", "Python"): 2, Facet("empresas", "empresas"): 1, Facet("becas", "becas"): 1}
        )
        self.assertEqual(facets["year"], {Facet("2025", "2025"): 1, Facet("2026", "2026"): 2})
        self.assertEqual(facets["category"], {})

    def test_filter_narrows_by_tag_slug_and_year(self):
        pages = NewsPage.objects.all()
        self.assertCountEqual(NewsPage.search_filter(pages, tag="python"), [self.a, self.b])
        self.assertCountEqual(NewsPage.search_filter(pages, tag="python", year=2026), [self.b])
        self.assertCountEqual(NewsPage.search_filter(pages, year=2026), [self.b, self.c])
        self.assertCountEqual(NewsPage.search_filter(pages, category="python"), [])
        self.assertCountEqual(NewsPage.search_filter(pages), [self.a, self.b, self.c])

    def test_filtered_queryset_can_still_be_searched(self):
        for page in NewsPage.objects.all():
            index.insert_or_update_object(page)
        pages = NewsPage.search_filter(NewsPage.objects.live(), tag="python", year=2025)
        self.assertEqual([page.pk for page in pages.search("empresa")], [self.a.pk])
