from collections import Counter
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.test.utils import WagtailPageTestCase

from courses.models import CourseIndexPage, CoursePage, Reservation, Session
from home.demo import demo_image
from home.models import HomePage
from home.searchable import Facet

from .factories import CategoryFactory, SessionFactory, course_index, fill, make_course


def rich_course(title, **fields):
    return make_course(
        title,
        objectives=[("objective", "Diseñar una API REST"), ("objective", "Desplegar con Docker")],
        syllabus=[
            (
                "module",
                {
                    "title": "Fundamentos",
                    "description": "Lo esencial.",
                    "lessons": [{"title": "Serializadores", "description": "Validar datos de entrada."}],
                },
            )
        ],
        faq=[("faq", {"question": "¿Hay certificado?", "answer": "<p>Sí, al terminar.</p>"})],
        testimonials=[("testimonial", {"quote": "Muy práctico.", "author": "Ana", "role": "Backend"})],
        **fields,
    )


class CourseTreeTests(WagtailPageTestCase):
    def test_courses_live_under_the_course_index_under_home(self):
        self.assertCanCreateAt(HomePage, CourseIndexPage)
        self.assertCanCreateAt(CourseIndexPage, CoursePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(CoursePage, CoursePage)


class CourseIndexPageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = course_index()
        cls.data = CategoryFactory(name="Datos")
        cls.web = CategoryFactory(name="Web")
        cls.python = make_course("Python para datos", category=cls.data, level="beginner", tags=["python"])
        cls.react = make_course("React práctico", category=cls.web, level="advanced", price=Decimal("180"))
        cls.empty = make_course("Curso sin fechas", category=cls.web)
        soon = timezone.now() + timedelta(days=3)
        SessionFactory(course=cls.python, starts_at=soon, modality="online", meeting_url="https://meet.example.org/x")
        cls.react_session = SessionFactory(course=cls.react, starts_at=soon + timedelta(days=70), capacity=2)
        SessionFactory(course=cls.empty, starts_at=soon - timedelta(days=10), status=Session.Status.CANCELLED)

    def get(self, **params):
        response = self.client.get(self.index.url, params)
        self.assertEqual(response.status_code, 200)
        return response, [course.title for course in response.context["items"]]

    def test_lists_courses_with_their_next_session_soonest_first(self):
        fill(self.react_session, 2)
        response, titles = self.get()
        self.assertEqual(titles, ["Python para datos", "React práctico", "Curso sin fechas"])
        self.assertContains(response, "Next session:")
        self.assertContains(response, "Full: waiting list")
        self.assertContains(response, "No dates scheduled yet.")
        self.assertContains(response, '<label for="filter-category">')

    def test_filters(self):
        month = timezone.localtime(self.react_session.starts_at).strftime("%Y-%m")
        cases = [
            ({"category": "web"}, ["React práctico", "Curso sin fechas"]),
            ({"level": "advanced"}, ["React práctico"]),
            ({"modality": "online"}, ["Python para datos"]),
            ({"month": month}, ["React práctico"]),
            ({"price": "free"}, ["Python para datos", "Curso sin fechas"]),
            ({"price": "paid"}, ["React práctico"]),
            ({"tag": "python"}, ["Python para datos"]),
            ({"level": "nonsense", "month": "1999-01"}, ["Python para datos", "React práctico", "Curso sin fechas"]),
        ]
        for params, expected in cases:
            with self.subTest(params=params):
                self.assertEqual(self.get(**params)[1], expected)

    def test_filters_offer_only_values_that_find_a_course(self):
        context = self.get()[0].context
        starts = [self.react_session.starts_at, self.python.sessions.get().starts_at]
        self.assertEqual(
            [value for value, _label in context["months"]],
            sorted({timezone.localtime(start).strftime("%Y-%m") for start in starts}),
        )
        self.assertEqual([value for value, _label in context["modalities"]], ["on_site", "online"])
        params = {"levels": "level", "modalities": "modality", "months": "month", "prices": "price"}
        for choices, param in params.items():
            for value, _label in context[choices]:
                with self.subTest(filter=param, value=value):
                    self.assertNotEqual(self.get(**{param: value})[1], [])

    def test_query_count_stays_flat_as_courses_grow(self):
        image = demo_image("Portada de prueba", (80, 45), "#1f4fd1")

        def add_courses(count):
            start = CoursePage.objects.count()
            for number in range(start, start + count):
                course = make_course(
                    f"Curso extra {number}", category=self.data, tags=["extra", f"t{number}"], image=image
                )
                SessionFactory(course=course, starts_at=timezone.now() + timedelta(days=5, minutes=number))

        def count_queries():
            self.client.get(self.index.url)  # renditions are created on the first render
            with CaptureQueriesContext(connection) as queries:
                self.get()
            return len(queries)

        add_courses(10)
        few = count_queries()
        add_courses(90)
        self.assertEqual(count_queries(), few)


class CoursePageTests(WagtailPageTestCase):
    def setUp(self):
        self.basics = make_course("Python desde cero")
        self.course = rich_course(
            "APIs con Django",
            category=CategoryFactory(name="Backend"),
            prerequisites="Saber programar en Python.",
            requires=[self.basics],
            tags=["django", "api"],
        )

    def test_renders_the_whole_course(self):
        session = SessionFactory(course=self.course, capacity=3)
        fill(session, 1)
        fill(session, 1, Reservation.Status.HELD)
        response = self.client.get(self.course.url)
        self.assertEqual(response.status_code, 200)
        for text in (
            "APIs con Django",
            "Diseñar una API REST",
            "Fundamentos",
            "Serializadores",
            "¿Hay certificado?",
            "Muy práctico.",
            "Saber programar en Python.",
            "Python desde cero",
            "1 seat left",
            "Europe/Madrid",
        ):
            self.assertContains(response, text)

    def test_query_count_does_not_grow_with_sessions(self):
        def count_queries():
            self.client.get(self.course.url)  # the first request fills the site's caches
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.course.url).status_code, 200)
            return len(queries)

        for _ in range(2):
            SessionFactory(course=self.course)
        few = count_queries()
        for _ in range(18):
            SessionFactory(course=self.course)
        self.assertEqual(count_queries(), few)


class SearchProtocolTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = CategoryFactory(name="Datos")
        cls.python = rich_course("Pandas a fondo", category=cls.data, tags=["python", "datos"])
        cls.go = CoursePage.objects.get(pk=make_course("Go concurrente", tags=["go"]).pk)
        cls.next_start = timezone.now() + timedelta(days=400)
        SessionFactory(course=cls.python, starts_at=cls.next_start)
        SessionFactory(course=cls.python, starts_at=cls.next_start + timedelta(days=30))

    def test_card_and_text_fields(self):
        course = CoursePage.objects.get(pk=self.python.pk)
        self.assertEqual(CoursePage.search_kind, "course")
        self.assertEqual(course.search_category, "Datos")
        self.assertEqual(self.go.search_category, "")
        self.assertEqual(course.search_date, timezone.localdate(self.next_start))
        self.assertIsNotNone(self.go.first_published_at)
        self.assertEqual(self.go.search_date, timezone.localdate(self.go.first_published_at))
        self.assertEqual(course.card_summary, course.summary)
        self.assertIsNone(course.card_image)
        text = course.search_text()
        for fragment in (course.summary, "Desplegar con Docker", "Fundamentos", "Validar datos de entrada."):
            self.assertIn(fragment, text)
        self.assertNotIn("<p>", text)

    def test_facets_take_a_fixed_number_of_queries(self):
        ids = [self.python.pk, self.go.pk]
        with self.assertNumQueries(2):
            facets = CoursePage.search_facets(ids)
        self.assertEqual({facet.value: n for facet, n in facets["tag"].items()}, {"python": 1, "datos": 1, "go": 1})
        self.assertEqual(facets["category"], {Facet("datos", "Datos"): 1})
        years = [timezone.localdate(self.next_start).year, timezone.localdate(self.go.first_published_at).year]
        self.assertEqual(facets["year"], Counter(Facet(str(year), str(year)) for year in years))

    def test_filters_by_tag_category_and_year(self):
        pages = CoursePage.objects.all()
        self.assertEqual(list(CoursePage.search_filter(pages, tag="go")), [self.go])
        self.assertEqual(list(CoursePage.search_filter(pages, category="datos")), [self.python])
        year = timezone.localdate(self.next_start).year
        self.assertEqual(list(CoursePage.search_filter(pages, year=year)), [self.python])
        self.assertEqual(list(CoursePage.search_filter(pages, tag="go", category="datos")), [])
        self.assertEqual(CoursePage.search_filter(pages).count(), 2)
