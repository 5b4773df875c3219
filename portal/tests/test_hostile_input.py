"""Every listing, API filter and URL parameter refuses hostile values with a 4xx or ignores them:
a NUL byte, 10,000 characters, huge and negative numbers, the wrong type, repeated parameters,
page numbers that are not pages. Never a 5xx (a NUL byte alone makes PostgreSQL fail)."""

from urllib.parse import quote, urlencode

from django.http import QueryDict
from django.test import SimpleTestCase

from courses.tests.factories import CategoryFactory, ReservationFactory, SessionFactory, make_course
from library.tests.factories import make_article, make_category, make_library_index
from news.tests.factories import make_news, make_news_index
from portal.params import Choice, Number, Slug, Text, Year, read_params
from portal.testing import LuminoTestCase

HOSTILE = [
    "\x00",
    "python\x00",
    "x" * 10_000,
    "99999999999999999999999",
    "-99999999999999999999999",
    "1.5",
    "[]",
    "２０２６",
]

LISTINGS = {
    "/noticias/": ["tag", "year", "page"],
    "/biblioteca/": ["category", "tag", "author", "level", "page"],
    "/cursos/": ["category", "level", "modality", "month", "price", "tag", "page"],
    "/search/": ["q", "type", "tag", "category", "year", "page"],
    "/api/v1/courses/": ["category", "level", "modality", "tag", "free", "page", "page_size"],
    "/api/v1/reservations/": ["status", "page", "page_size"],
    "/api/v1/search/": ["q", "type", "tag", "category", "year", "page", "page_size"],
    "/api/v1/search/autocomplete/": ["q"],
}

PATHS = [
    "/courses/orders/{}/",
    "/courses/orders/{}/cancel/",
    "/courses/sessions/{}/",
    "/courses/{}/my-sessions/",
    "/courses/reservations/{}/cancel/",
    "/courses/reservations/{}/calendar.ics",
    "/api/v1/courses/{}/",
    "/api/v1/reservations/{}/",
    "/api/v1/reservations/{}/cancel/",
    "/api/v1/sessions/{}/reservations/",
    "/documents/{}/{}",
    "/language/{}/",
    "/noticias/{}/",
    "/cursos/{}/",
]


class ReadParamsTests(SimpleTestCase):
    def test_values_a_field_does_not_accept_become_its_default(self):
        fields = {"tag": Slug(), "year": Year(), "author": Number(), "level": Choice(["basic"]), "q": Text()}
        for value in HOSTILE:
            with self.subTest(value=value[:20]):
                params = read_params(QueryDict(urlencode(dict.fromkeys(fields, value))), **fields)
                self.assertNotIn("\x00", str(params))
                self.assertIn(params["year"], (None, *range(1900, 2201)))
                self.assertLessEqual(len(params["q"]), 100)
                self.assertEqual(params["level"], "")

    def test_good_values_are_kept(self):
        query = QueryDict("tag=python&year=2026&author=7&level=basic&q=  data   science ")
        fields = {"tag": Slug(), "year": Year(), "author": Number(), "level": Choice(["basic"]), "q": Text()}
        self.assertEqual(
            read_params(query, **fields),
            {"tag": "python", "year": 2026, "author": 7, "level": "basic", "q": "data science"},
        )

    def test_a_repeated_parameter_counts_once_and_control_characters_leave_text(self):
        params = read_params(QueryDict("tag=a%00&tag=python&q=big%00data"), tag=Slug(), q=Text())
        self.assertEqual(params, {"tag": "python", "q": "big data"})


class HostileInputTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        news = make_news_index()
        make_news(news, "Python en la empresa", tags=["python"])
        library = make_library_index()
        make_article(library, "Guía de Python", category=make_category("Datos"), tags=["python"])
        course = make_course("Python para datos", category=CategoryFactory(name="Datos"), tags=["python"])
        cls.session = SessionFactory(course=course)
        cls.reservation = ReservationFactory(session=cls.session, member=cls.member)

    def assertNo5xx(self, method, url, **extra):
        response = getattr(self.client, method)(url, **extra)
        self.assertLess(response.status_code, 500, f"{method.upper()} {url[:120]}")
        return response

    def hostile_queries(self, names):
        for name in names:
            for value in HOSTILE:
                yield urlencode({name: value})
            yield urlencode([(name, "python"), (name, "\x00"), (name, "x" * 10_000)])
        yield urlencode(dict.fromkeys(names, "\x00"))

    def test_listings_and_api_filters_never_answer_5xx(self):
        for url, names in LISTINGS.items():
            if url == "/api/v1/reservations/":
                self.client.force_login(self.member)
            for query in self.hostile_queries(names):
                with self.subTest(url=url, query=query[:60]):
                    self.assertNo5xx("get", f"{url}?{query}")

    def test_listings_never_answer_5xx_to_a_member_either(self):
        self.client.force_login(self.member)
        for url, names in LISTINGS.items():
            for value in ("\x00", "99999999999999999999999"):
                with self.subTest(url=url, value=value[:10]):
                    self.assertNo5xx("get", f"{url}?{urlencode(dict.fromkeys(names, value))}")

    def test_api_filters_answer_400_naming_the_parameter(self):
        for url, name in [("/api/v1/courses/", "tag"), ("/api/v1/courses/", "category"), ("/api/v1/search/", "tag")]:
            for value in ("\x00", "x" * 10_000):
                with self.subTest(url=url, name=name, value=value[:10]):
                    response = self.client.get(url, {name: value})
                    self.assertEqual(response.status_code, 400)
                    self.assertIn(name, response.json()["errors"])

    def test_url_parameters_never_answer_5xx(self):
        self.client.force_login(self.member)
        values = [quote(value, safe="") for value in HOSTILE if value]
        for pattern in PATHS:
            for value in values:
                url = pattern.format(*[value] * pattern.count("{}"))
                for method in ("get", "post"):
                    with self.subTest(url=url[:80], method=method):
                        self.assertNo5xx(method, url, data={}, content_type="application/json")

    def test_api_bodies_with_hostile_ids_are_400(self):
        self.client.force_login(self.company_manager)
        url = f"/api/v1/sessions/{self.session.pk}/reservations/"
        for member_ids in ([10**30], [-1], ["\x00"], "x" * 10_000, [[1]], {"id": 1}):
            with self.subTest(member_ids=str(member_ids)[:20]):
                response = self.client.post(url, {"member_ids": member_ids}, content_type="application/json")
                self.assertEqual(response.status_code, 400)
        self.assertEqual(self.session.reservations.count(), 1)
