"""The certificates' figure on the metrics dashboard: issued and not revoked, by month of issue."""

from datetime import date

from django.utils import timezone

from accounts.tests.factories import UserFactory
from courses.tests.factories import SessionFactory
from learning.metrics import metrics
from learning.models import Certificate
from portal.testing import LuminoTestCase

TODAY = date(2026, 3, 10)


def certificate(session, issued_on, status=Certificate.Status.ISSUED):
    member = UserFactory()
    revoked = {"revoked_at": timezone.now()} if status == Certificate.Status.REVOKED else {}
    return Certificate.objects.create(
        member=member,
        session=session,
        course=session.course,
        status=status,
        holder_name=member.email,
        course_title=session.course.title,
        hours=20,
        issued_on=issued_on,
        **revoked,
    )


class CertificateMetricsTests(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.session = SessionFactory()

    def test_counts_issued_certificates_and_those_being_made_but_not_revoked_ones(self):
        certificate(self.session, date(2026, 3, 1))
        certificate(self.session, date(2026, 3, 2), status=Certificate.Status.PENDING)
        certificate(self.session, date(2026, 3, 3), status=Certificate.Status.REVOKED)
        certificate(self.session, date(2026, 2, 28))
        (figure,) = metrics(TODAY)
        self.assertEqual((figure.key, figure.value, figure.chart), ("certificates", 3, "columns"))
        self.assertEqual(figure.breakdown[-2:], (("Feb 2026", 1), ("Mar 2026", 2)))

    def test_the_months_run_back_across_the_new_year(self):
        certificate(self.session, date(2025, 4, 30))
        certificate(self.session, date(2025, 3, 31))
        (figure,) = metrics(TODAY)
        self.assertEqual(figure.breakdown[0], ("Apr 2025", 1))
        self.assertEqual(len(figure.breakdown), 12)
        self.assertEqual(sum(value for _label, value in figure.breakdown), 1)
        self.assertEqual(figure.value, 2)

    def test_two_queries_however_many_certificates(self):
        certificate(self.session, date(2026, 1, 5))
        with self.assertNumQueries(2):
            metrics(TODAY)
        for day in range(1, 20):
            certificate(self.session, date(2026, 2, day))
        with self.assertNumQueries(2):
            (figure,) = metrics(TODAY)
        self.assertEqual(figure.value, 20)
