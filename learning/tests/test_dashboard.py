from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.tests.factories import CompanyFactory
from learning import services
from portal.testing import LuminoTestCase

from .factories import enrol, lessons_of, taught_course


class LearningDashboardTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course()
        cls.lessons = lessons_of(cls.course)

    def test_my_lumino_shows_progress_resume_and_certificates(self):
        enrolment = enrol(self.session, self.member)
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        with self.captureOnCommitCallbacks(execute=True):
            certificate = services.issue_certificate(enrolment=enrolment, by=self.manager)
        self.client.force_login(self.member)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "My courses")
        self.assertContains(response, "1 of 4 lessons done (25%).")
        self.assertContains(response, "Resume where you left off")
        self.assertContains(response, "My certificates")
        self.assertContains(response, f"/learning/certificates/{certificate.pk}/pdf/")

    def test_a_company_manager_sees_colleagues_progress_but_not_strangers(self):
        CompanyFactory(managers=[self.company_manager], members=[self.member])
        enrol(self.session, self.member)
        enrol(self.session, self.other_member)
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        self.client.force_login(self.company_manager)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "My colleagues&#x27; progress")
        self.assertContains(response, "Marta Ruiz")
        self.assertContains(response, "25%")
        self.assertNotContains(response, "Óscar Prieto")

    def test_the_colleagues_panel_runs_the_same_queries_for_2_and_for_20(self):
        from accounts.tests.factories import UserFactory

        company = CompanyFactory(managers=[self.company_manager], members=[self.member, self.other_member])
        enrol(self.session, self.member)
        enrol(self.session, self.other_member)
        self.client.force_login(self.company_manager)

        def count():
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/dashboard/")
            self.last = [q["sql"][:160] for q in queries.captured_queries]
            return len(queries)

        count()
        baseline = count()
        first = self.last
        for _ in range(18):
            person = UserFactory()
            company.members.add(person)
            enrol(self.session, person)
            services.complete_lesson(member=person, lesson=self.lessons[1])
        self.assertEqual(count(), baseline, "\n".join(q for q in self.last if q not in first))
