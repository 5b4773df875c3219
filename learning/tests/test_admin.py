import re

from courses.tests.factories import SessionFactory
from learning import services
from learning.models import Assessment, CertificatePolicy
from portal.testing import LuminoTestCase

from .factories import assessment, enrol, taught_course

LISTINGS = [
    "/admin/snippets/learning/enrolment/",
    "/admin/snippets/learning/assessment/",
    "/admin/snippets/learning/certificate/",
    "/admin/snippets/learning/certificatepolicy/",
    "/admin/snippets/learning/bulkissue/",
]


class LearningAdminTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course()
        cls.session.instructor = cls.mentor
        cls.session.save()
        cls.exam = assessment(cls.session, "Examen del mentor")
        cls.other = assessment(SessionFactory(), "Examen ajeno")

    def test_a_manager_opens_every_learning_listing(self):
        enrolment = enrol(self.session, self.member)
        with self.captureOnCommitCallbacks(execute=True):
            services.issue_certificate(enrolment=enrolment, by=self.manager)
        self.client.force_login(self.manager)
        for url in LISTINGS:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.get("/admin/snippets/courses/session/")
        self.assertContains(response, "Gradebook")
        self.assertContains(response, "Issue certificates")

    def test_a_mentor_sees_and_creates_assessments_only_for_the_sessions_she_teaches(self):
        self.client.force_login(self.mentor)
        response = self.client.get("/admin/snippets/learning/assessment/")
        self.assertContains(response, "Examen del mentor")
        self.assertNotContains(response, "Examen ajeno")
        self.assertContains(response, f"/admin/learning/gradebook/{self.session.pk}/")
        form = self.client.get("/admin/snippets/learning/assessment/add/").content.decode()
        session_select = re.search(r'<select name="session".*?</select>', form, re.S).group(0)
        offered = set(re.findall(r'<option value="(\d+)"', session_select))
        self.assertIn(str(self.session.pk), offered)
        self.assertNotIn(str(self.other.session_id), offered)
        data = {
            "session": self.other.session_id,
            "name": "Intruso",
            "weight": "1",
            "maximum": "10",
            "passing_score": "5",
            "position": "0",
        }
        self.client.post("/admin/snippets/learning/assessment/add/", data)
        self.assertFalse(Assessment.objects.filter(name="Intruso").exists())
        data["session"] = self.session.pk
        self.client.post("/admin/snippets/learning/assessment/add/", data)
        self.assertTrue(Assessment.objects.filter(name="Intruso", session=self.session).exists())
        self.assertEqual(self.client.get(f"/admin/snippets/learning/assessment/edit/{self.other.pk}/").status_code, 404)
        self.client.post(f"/admin/snippets/learning/assessment/delete/{self.other.pk}/")
        self.assertTrue(Assessment.objects.filter(pk=self.other.pk).exists())

    def test_a_mentor_cannot_open_certificates_or_enrolments(self):
        self.client.force_login(self.mentor)
        for url in ("/admin/snippets/learning/certificate/", "/admin/snippets/learning/enrolment/"):
            self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_the_certificate_settings_take_a_signature_image(self):
        from home.demo import demo_image

        CertificatePolicy.objects.create(course=self.course, signature=demo_image("Firma", (300, 100), "#ffffff"))
        enrolment = enrol(self.session, self.member)
        with self.captureOnCommitCallbacks(execute=True):
            certificate = services.issue_certificate(enrolment=enrolment, by=self.manager)
        certificate.refresh_from_db()
        with certificate.pdf.open("rb") as handle:
            self.assertIn(b"/Subtype /Image", handle.read())
