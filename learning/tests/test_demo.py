from io import StringIO

from django.core.management import call_command

from learning.models import Certificate, Enrolment, LessonCompletion, LessonPage, ModulePage
from learning.outline import course_outline
from portal.testing import LuminoTestCase


class LearningDemoTests(LuminoTestCase):
    def test_the_demo_teaches_courses_has_a_member_half_way_and_a_certificate_and_runs_twice(self):
        call_command("seed_demo", stdout=StringIO())
        counts = (ModulePage.objects.count(), LessonPage.objects.count(), Certificate.objects.count())
        self.assertGreaterEqual(counts[1], 9)
        enrolment = Enrolment.objects.get(member__username="member", course__title="Python desde cero")
        outline = course_outline(enrolment.course, member=enrolment.member)
        self.assertTrue(0 < outline.percent < 100)
        certificate = Certificate.objects.get(member__username="member")
        self.assertEqual(certificate.status, Certificate.Status.ISSUED)
        self.assertTrue(certificate.pdf)
        completions = LessonCompletion.objects.count()
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual((ModulePage.objects.count(), LessonPage.objects.count(), Certificate.objects.count()), counts)
        self.assertEqual(LessonCompletion.objects.count(), completions)
