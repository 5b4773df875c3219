from django.db import connection
from django.test.utils import CaptureQueriesContext

from rest_framework.test import APIClient

from learning import services
from learning.models import Certificate
from portal.testing import LuminoTestCase

from .factories import enrol, lessons_of, taught_course


class LearningApiTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course(modules=2, lessons=2)
        cls.lessons = lessons_of(cls.course)

    def setUp(self):
        self.api = APIClient()
        enrol(self.session, self.member)
        enrol(self.session, self.other_member)
        services.complete_lesson(member=self.member, lesson=self.lessons[0])

    def test_enrolments_list_mine_with_progress(self):
        self.api.force_authenticate(self.member)
        body = self.api.get("/api/v1/enrolments/").json()
        self.assertEqual(body["count"], 1)
        row = body["results"][0]
        self.assertEqual(row["course"]["title"], "Python desde cero")
        self.assertEqual(row["progress"]["percent"], 25)
        self.assertEqual([m["percent"] for m in row["progress"]["modules"]], [50, 0])
        self.assertTrue(row["resume_url"].endswith(self.lessons[1].url))

    def test_someone_elses_enrolment_is_a_404_in_the_shared_shape(self):
        self.api.force_authenticate(self.member)
        other = self.other_member.enrolments.get()
        response = self.api.get(f"/api/v1/enrolments/{other.pk}/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["success"], False)

    def test_anonymous_callers_get_a_401_in_the_shared_shape(self):
        for url in ("/api/v1/enrolments/", "/api/v1/certificates/"):
            response = self.api.get(url)
            self.assertEqual(response.status_code, 401)
            self.assertEqual(set(response.json()), {"success", "message", "errors"})

    def test_certificates_list_mine_only(self):
        enrolment = self.member.enrolments.get()
        with self.captureOnCommitCallbacks(execute=True):
            mine = services.issue_certificate(enrolment=enrolment, by=self.manager)
            services.issue_certificate(enrolment=self.other_member.enrolments.get(), by=self.manager)
        self.api.force_authenticate(self.member)
        body = self.api.get("/api/v1/certificates/").json()
        self.assertEqual([row["code"] for row in body["results"]], [mine.code])
        row = body["results"][0]
        self.assertEqual(row["state"], "valid")
        self.assertTrue(row["verify_url"].endswith(f"/certificates/verify/{mine.code}/"))
        self.assertTrue(row["download_url"].endswith(f"/learning/certificates/{mine.pk}/pdf/"))

    def test_the_enrolment_list_runs_the_same_queries_for_2_and_for_20(self):
        from courses.tests.factories import SessionFactory

        from .factories import taught_course as make

        self.api.force_authenticate(self.member)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.api.get("/api/v1/enrolments/").status_code, 200)
            self.last = queries.captured_queries
            return len(queries)

        make("Curso B")[1]
        enrol(SessionFactory(course=self.course), self.member)
        count()  # warm caches (the site's root paths)
        baseline = count()
        for number in range(18):
            _course, session = make(f"Curso extra {number}", modules=1, lessons=1)
            enrol(session, self.member)
        self.assertEqual(count(), baseline, "\n".join(q["sql"][:150] for q in self.last))
        self.assertEqual(Certificate.objects.count(), 0)
