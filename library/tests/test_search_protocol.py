import datetime

from wagtail.search import index

from home.searchable import Facet
from library.models import LibraryArticlePage
from portal.testing import LuminoTestCase

from .factories import make_article, make_category, make_library_index


class LibrarySearchProtocolTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.index = make_library_index()
        cls.programming = make_category("Programación", slug="programacion")
        cls.python = make_category("Python", parent=cls.programming)
        cls.networks = make_category("Redes")
        cls.a = make_article(
            cls.index,
            "Generadores",
            category=cls.python,
            tags=["Python", "iteradores"],
            date=datetime.date(2025, 6, 1),
            intro="Producir valores bajo demanda.",
            body=[{"type": "code", "value": {"language": "python", "code": "yield valor", "caption": ""}}],
        )
        cls.b = make_article(
            cls.index, "Patrones", category=cls.programming, tags=["Python"], date=datetime.date(2026, 1, 2)
        )
        cls.c = make_article(cls.index, "VLAN", category=cls.networks, tags=["redes"], date=datetime.date(2026, 3, 3))
        cls.d = make_article(cls.index, "Sin categoría", date=datetime.date(2026, 4, 4))

    def test_describes_itself_for_result_cards(self):
        page = LibraryArticlePage.objects.get(pk=self.a.pk)
        self.assertEqual(LibraryArticlePage.search_kind, "library")
        self.assertEqual(page.search_category, "Python")
        self.assertEqual(LibraryArticlePage.objects.get(pk=self.d.pk).search_category, "")
        self.assertEqual(page.search_date, datetime.date(2025, 6, 1))
        self.assertEqual(page.card_summary, "Producir valores bajo demanda.")
        self.assertIsNone(page.card_image)

    def test_search_text_includes_code(self):
        text = LibraryArticlePage.objects.get(pk=self.a.pk).search_text()
        self.assertIn("Producir valores bajo demanda.", text)
        self.assertIn("yield valor", text)

    def test_facets_in_two_queries_whatever_the_number_of_pages(self):
        with self.assertNumQueries(2):
            LibraryArticlePage.search_facets([self.a.pk])
        with self.assertNumQueries(2):
            facets = LibraryArticlePage.search_facets([self.a.pk, self.b.pk, self.c.pk, self.d.pk])
        self.assertEqual(
            facets["tag"],
            {
                Facet("python", "Python"): 2,
                Facet("iteradores", "iteradores"): 1,
                Facet("redes", "redes"): 1,
            },
        )
        self.assertEqual(
            facets["category"],
            {Facet("python", "Python"): 1, Facet("programacion", "Programación"): 1, Facet("redes", "Redes"): 1},
        )
        self.assertEqual(facets["year"], {Facet("2025", "2025"): 1, Facet("2026", "2026"): 3})

    def test_filter_by_category_includes_subcategories(self):
        pages = LibraryArticlePage.objects.all()
        self.assertCountEqual(LibraryArticlePage.search_filter(pages, category="programacion"), [self.a, self.b])
        self.assertCountEqual(LibraryArticlePage.search_filter(pages, category="python"), [self.a])
        self.assertCountEqual(LibraryArticlePage.search_filter(pages, tag="python", year=2026), [self.b])
        self.assertCountEqual(LibraryArticlePage.search_filter(pages, category="no-existe"), [])

    def test_filtered_queryset_can_still_be_searched(self):
        for page in LibraryArticlePage.objects.all():
            index.insert_or_update_object(page)
        pages = LibraryArticlePage.search_filter(LibraryArticlePage.objects.live(), category="programacion", year=2025)
        self.assertEqual([page.pk for page in pages.search("generadores")], [self.a.pk])

    def test_attachment_text_is_searchable(self):
        LibraryArticlePage.objects.filter(pk=self.c.pk).update(attachments_text="troncales etiquetadas 802.1Q")
        index.insert_or_update_object(LibraryArticlePage.objects.get(pk=self.c.pk))
        self.assertEqual([page.pk for page in LibraryArticlePage.objects.live().search("troncales")], [self.c.pk])
