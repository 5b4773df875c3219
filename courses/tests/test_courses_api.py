"""GET /api/v1/courses/: the public catalogue with upcoming sessions, filters and a flat query count."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from courses.models import CoursePage, Session
from portal.testing import LuminoTestCase

from .factories import CategoryFactory, SessionFactory, fill, make_course


class CourseApiTests(LuminoTestCase):
    def setUp(self):
        super().setUp()
        self.client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def get(self, url="/api/v1/courses/", **params):
        response = self.client.get(url, params)
        return response, response.json()

    def test_lists_live_courses_with_their_upcoming_sessions_to_anyone(self):
        course = make_course("Kubernetes", price=Decimal("90"), tags=["cloud"], level="advanced")
        soon = SessionFactory(course=course, capacity=5, modality=Session.Modality.ONLINE, place="")
        fill(soon, 2)
        SessionFactory(course=course, starts_at=timezone.now() - timedelta(days=3))  # past: not listed
        SessionFactory(course=course, status=Session.Status.CANCELLED)  # cancelled: not listed
        draft = make_course("Borrador")
        draft.unpublish()

        response, body = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(body["count"], 1)
        item = body["results"][0]
        self.assertEqual(item["id"], course.pk)
        self.assertEqual(
            (item["title"], item["level"], item["price"], item["is_free"]), ("Kubernetes", "advanced", "90.00", False)
        )
        self.assertEqual(item["tags"], ["cloud"])
        self.assertEqual(item["url"], "http://testserver/cursos/kubernetes/")
        self.assertEqual(len(item["sessions"]), 1)
        session = item["sessions"][0]
        self.assertEqual(session["id"], soon.pk)
        self.assertEqual((session["capacity"], session["seats_left"], session["status"]), (5, 3, "scheduled"))
        self.assertEqual((session["modality"], session["place"]), ("online", ""))
        for key in ("starts_at", "ends_at", "timezone", "waiting_list_length", "reservation_deadline"):
            self.assertIn(key, session)
        self.assertNotIn("meeting_url", session)

    def test_retrieves_one_course_and_404s_for_drafts(self):
        course = make_course("Git a fondo")
        draft = make_course("Sin publicar")
        draft.unpublish()
        response, body = self.get(f"/api/v1/courses/{course.pk}/")
        self.assertEqual((response.status_code, body["title"]), (200, "Git a fondo"))
        response, body = self.get(f"/api/v1/courses/{draft.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(body["success"], False)

    def test_filters_by_category_level_modality_tag_and_price(self):
        data = CategoryFactory(name="Datos", slug="datos")
        sql = make_course("SQL", category=data, level="beginner", tags=["bases-de-datos"])
        SessionFactory(course=sql, modality=Session.Modality.ON_SITE)
        paid = make_course("Spark", price=Decimal("300"), level="advanced", category=data)
        SessionFactory(course=paid, modality=Session.Modality.HYBRID, meeting_url="https://meet.example/x")
        other = make_course("Diseño")
        SessionFactory(course=other)

        def titles(**params):
            return sorted(item["title"] for item in self.get(**params)[1]["results"])

        self.assertEqual(titles(category="datos"), ["SQL", "Spark"])
        self.assertEqual(titles(level="advanced"), ["Spark"])
        self.assertEqual(titles(modality="hybrid"), ["Spark"])
        self.assertEqual(titles(tag="bases-de-datos"), ["SQL"])
        self.assertEqual(titles(free="true"), ["Diseño", "SQL"])
        self.assertEqual(titles(free="false"), ["Spark"])

    def test_a_bad_filter_value_answers_400_in_the_shared_shape(self):
        response, body = self.get(level="expert")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(body["success"], False)
        self.assertIn("level", body["errors"])

    def test_query_count_does_not_grow_with_courses_and_sessions(self):
        def add(count):
            for _index in range(count):
                course = make_course(tags=["python"])
                for _session in range(2):
                    fill(SessionFactory(course=course), 1)

        add(2)
        self.get()  # warm the site-root cache
        with CaptureQueriesContext(connection) as few:
            self.get()
        add(18)
        with self.assertNumQueries(len(few)):
            response, body = self.get(page_size=50)
        self.assertEqual(body["count"], CoursePage.objects.live().count())
        self.assertTrue(all(len(item["sessions"]) == 2 for item in body["results"]))
