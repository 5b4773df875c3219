"""The news, library and course indexes list the same way (home/listing.py): one context shape,
one pagination rule, and the course filters shared by the page and the API."""

from courses.tests.factories import SessionFactory, course_index, make_course
from library.tests.factories import make_article, make_library_index
from news.tests.factories import make_news, make_news_index
from portal.testing import LuminoTestCase

SHAPE = {"page_obj", "items", "filters", "is_filtered", "query_string", "clear_url", "active_filters"}


class ListingPatternTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        news, library, courses = make_news_index(), make_library_index(), course_index()
        for number in range(13):
            make_news(news, f"Noticia {number}", tags=["becas"])
            make_article(library, f"Artículo {number}", tags=["becas"])
            SessionFactory(course=make_course(f"Curso {number}", tags=["becas"]))
        cls.urls = {"news": news.url, "library": library.url, "courses": courses.url}

    def test_every_index_gives_the_same_context_shape(self):
        for kind, url in self.urls.items():
            with self.subTest(kind=kind):
                context = self.client.get(url, {"tag": "becas"}).context
                self.assertLessEqual(SHAPE, set(context.keys()))
                self.assertTrue(context["is_filtered"])
                self.assertEqual(context["query_string"], "tag=becas")
                self.assertEqual(context["clear_url"], url)
                self.assertEqual([chip["label"] for chip in context["active_filters"]], ["becas"])
                self.assertEqual(context["active_filters"][0]["url"], url)

    def test_a_bad_or_too_large_page_number_shows_the_nearest_page_everywhere(self):
        for kind, url in self.urls.items():
            with self.subTest(kind=kind):
                self.assertEqual(self.client.get(url, {"page": "999"}).context["page_obj"].number, 2)
                self.assertEqual(self.client.get(url, {"page": "dos"}).context["page_obj"].number, 1)
                self.assertEqual(len(self.client.get(url, {"page": "2"}).context["items"]), 1)

    def test_the_course_api_filters_exactly_as_the_page_and_refuses_what_the_page_ignores(self):
        for params in ({"tag": "becas"}, {"price": "free"}, {"level": "beginner"}, {"tag": "otra"}):
            with self.subTest(params=params):
                page = self.client.get(self.urls["courses"], {**params, "page": "1"}).context["page_obj"]
                api = self.client.get("/api/v1/courses/", params).json()
                self.assertEqual(api["count"], page.paginator.count)
        for name, value in (("level", "experto"), ("price", "barato"), ("tag", "no es un slug"), ("month", "2001-01")):
            with self.subTest(name=name):
                self.assertFalse(self.client.get(self.urls["courses"], {name: value}).context["is_filtered"])
                response = self.client.get("/api/v1/courses/", {name: value})
                self.assertEqual(response.status_code, 400)
                self.assertIn(name, response.json()["errors"])
