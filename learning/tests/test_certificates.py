import io
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from pypdf import PdfReader

from learning import services, sweeps
from learning.errors import LearningError
from learning.models import Certificate, CertificatePolicy
from learning.services.certificates import add_months
from portal.models import OutboundEmail
from portal.testing import LuminoTestCase

from .factories import assessment, enrol, lessons_of, score, taught_course


def pdf_text(certificate):
    with certificate.pdf.open("rb") as handle:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


class CertificateTestCase(LuminoTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.course, cls.session = taught_course(modules=1, lessons=2, duration_hours=20)
        cls.session.instructor = cls.mentor
        cls.session.save()
        cls.exam = assessment(cls.session, "Examen")
        cls.lessons = lessons_of(cls.course)

    def setUp(self):
        self.enrolment = enrol(self.session, self.member)

    def finish(self, member=None, points=8):
        member = member or self.member
        score(self.exam, member, points)
        with self.captureOnCommitCallbacks(execute=True):
            for lesson in self.lessons:
                services.complete_lesson(member=member, lesson=lesson)
        return Certificate.objects.filter(member=member).first()


class IssueOnCompletionTests(CertificateTestCase):
    def test_finishing_the_lessons_with_a_pass_issues_mails_and_stores_the_pdf(self):
        certificate = self.finish()
        self.assertEqual(certificate.status, Certificate.Status.ISSUED)
        self.assertIsNone(certificate.issued_by)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, [self.member.email])
        self.assertIn("Python desde cero", message.subject)
        self.assertEqual(message.attachments[0][2], "application/pdf")
        self.assertIn(certificate.get_verify_url(), message.body)
        # Private storage, never under MEDIA_ROOT.
        self.assertTrue(certificate.pdf.path.startswith(str(settings.PRIVATE_MEDIA_ROOT)))
        self.assertFalse(certificate.pdf.path.startswith(str(settings.MEDIA_ROOT)))

    def test_the_pdf_carries_name_course_hours_date_grade_instructor_and_code(self):
        certificate = self.finish()
        text = pdf_text(certificate)
        for expected in (
            "Marta Ruiz",
            "Python desde cero",
            "Duration: 20 hours",
            "Final grade: 8.0 / 10",
            "Miguel Tamarit",
            certificate.code,
            f"/certificates/verify/{certificate.code}/",
            timezone.localdate().strftime("%Y"),
        ):
            self.assertIn(expected, text)

    def test_the_code_is_long_random_and_unique(self):
        first = self.finish()
        enrol(self.session, self.other_member)
        second = self.finish(self.other_member)
        self.assertEqual(len(first.code), 20)
        self.assertNotEqual(first.code, second.code)

    def test_a_failed_assessment_issues_nothing(self):
        self.assertIsNone(self.finish(points=3))
        self.assertEqual(len(mail.outbox), 0)

    def test_unfinished_lessons_issue_nothing(self):
        score(self.exam, self.member, 9)
        services.complete_lesson(member=self.member, lesson=self.lessons[0])
        self.assertFalse(Certificate.objects.exists())

    def test_the_score_that_completes_the_course_issues_it(self):
        with self.captureOnCommitCallbacks(execute=True):
            for lesson in self.lessons:
                services.complete_lesson(member=self.member, lesson=lesson)
            self.assertFalse(Certificate.objects.exists())
            services.save_scores(
                session=self.session, by=self.mentor, entries=[("x", self.member.pk, self.exam.pk, "6")]
            )
        self.assertEqual(Certificate.objects.get().grade, Decimal("6.0"))

    def test_making_it_twice_sends_one_pdf_and_one_email(self):
        certificate = self.finish()
        self.assertEqual(services.produce_certificate(certificate.pk), "done")
        self.assertEqual(len(mail.outbox), 1)

    def test_a_course_validity_period_sets_the_expiry(self):
        CertificatePolicy.objects.create(course=self.course, validity_months=12, signatory_name="Lucía Ibáñez")
        certificate = self.finish()
        self.assertEqual(certificate.expires_on, add_months(timezone.localdate(), 12))
        self.assertEqual(add_months(date(2027, 1, 31), 1), date(2027, 2, 28))
        self.assertIn("Lucía Ibáñez", pdf_text(certificate))


class MailOutageTests(CertificateTestCase):
    @override_settings(LUMINO_DELIVERY_EMAIL_BACKEND="learning.tests.test_certificates.BrokenBackend")
    def test_an_smtp_outage_delays_the_email_but_loses_nothing(self):
        certificate = self.finish()
        self.assertEqual(certificate.status, Certificate.Status.ISSUED)
        self.assertEqual(len(mail.outbox), 0)
        stored = OutboundEmail.objects.get()
        self.assertEqual(stored.status, OutboundEmail.Status.PENDING)
        self.assertIn("SMTP is down", stored.last_error)
        # The server comes back: the outbox's retry delivers the same message, PDF attached.
        from portal.mail import deliver_outbound_email

        OutboundEmail.objects.update(next_attempt_at=timezone.now())
        with override_settings(LUMINO_DELIVERY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self.assertTrue(deliver_outbound_email(stored.pk))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].attachments[0][0], f"certificado-{certificate.code}.pdf")

    def test_a_worker_outage_leaves_a_pending_row_that_the_sweep_finishes(self):
        score(self.exam, self.member, 8)
        for lesson in self.lessons:  # no on-commit callbacks: the task was never enqueued
            services.complete_lesson(member=self.member, lesson=lesson)
        certificate = Certificate.objects.get()
        self.assertEqual(certificate.status, Certificate.Status.PENDING)
        self.assertEqual(sweeps.requeue_certificates(), 0)  # still within the grace period
        later = timezone.now() + timedelta(minutes=10)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(sweeps.requeue_certificates(now=later), 1)
        certificate.refresh_from_db()
        self.assertEqual(certificate.status, Certificate.Status.ISSUED)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(sweeps.requeue_certificates(now=later), 0)

    def test_a_pdf_failure_is_recorded_and_retried(self):
        from unittest import mock

        score(self.exam, self.member, 8)
        with mock.patch("learning.pdf.render_certificate", side_effect=OSError("disk full")):
            with self.captureOnCommitCallbacks(execute=True):
                for lesson in self.lessons:
                    services.complete_lesson(member=self.member, lesson=lesson)
        certificate = Certificate.objects.get()
        self.assertEqual((certificate.status, certificate.attempts), (Certificate.Status.PENDING, 1))
        self.assertIn("disk full", certificate.last_error)
        self.assertEqual(services.produce_certificate(certificate.pk), "made")


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP is down")


class StaffActionsTests(CertificateTestCase):
    def test_staff_issue_by_hand_and_a_second_one_is_refused(self):
        with self.captureOnCommitCallbacks(execute=True):
            certificate = services.issue_certificate(enrolment=self.enrolment, by=self.manager)
        self.assertEqual(certificate.issued_by, self.manager)
        with self.assertRaises(LearningError) as caught:
            services.issue_certificate(enrolment=self.enrolment, by=self.manager)
        self.assertEqual(caught.exception.code, "already_certified")
        self.assertEqual(Certificate.objects.count(), 1)

    def test_members_and_mentors_cannot_issue(self):
        for person in (self.member, self.mentor):
            with self.assertRaises(LearningError):
                services.issue_certificate(enrolment=self.enrolment, by=person)
        self.assertFalse(Certificate.objects.exists())

    def test_reissue_keeps_the_code_and_makes_a_new_version(self):
        certificate = self.finish()
        self.member.last_name = "Ruiz Gómez"
        self.member.save()
        with self.captureOnCommitCallbacks(execute=True):
            services.reissue_certificate(certificate=certificate, by=self.manager)
        again = Certificate.objects.get()
        self.assertEqual((again.code, again.version, again.status), (certificate.code, 2, Certificate.Status.ISSUED))
        self.assertIn("Marta Ruiz Gómez", pdf_text(again))
        self.assertEqual(len(mail.outbox), 2)

    def test_revoking_needs_a_reason_and_then_a_new_certificate_may_be_issued(self):
        certificate = self.finish()
        with self.assertRaises(LearningError):
            services.revoke_certificate(certificate=certificate, by=self.manager, reason=" ")
        services.revoke_certificate(certificate=certificate, by=self.manager, reason="Error en las notas")
        with self.assertRaises(LearningError) as caught:
            services.reissue_certificate(certificate=certificate, by=self.manager)
        self.assertEqual(caught.exception.code, "revoked")
        services.issue_certificate(enrolment=self.enrolment, by=self.manager)
        self.assertEqual(Certificate.objects.valid().count(), 1)

    def test_the_admin_revoke_form_names_a_missing_reason(self):
        certificate = self.finish()
        self.client.force_login(self.manager)
        url = f"/admin/learning/certificates/{certificate.pk}/revoke/"
        response = self.client.post(url, {"reason": ""})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.client.post(url, {"reason": "Copia"}).status_code, 302)
        certificate.refresh_from_db()
        self.assertTrue(certificate.is_revoked)

    def test_the_certificate_listing_offers_the_actions(self):
        self.finish()
        self.client.force_login(self.manager)
        response = self.client.get("/admin/snippets/learning/certificate/")
        self.assertContains(response, "Revoke")
        self.assertContains(response, "Re-issue")


class DownloadTests(CertificateTestCase):
    def test_the_holder_downloads_the_pdf(self):
        certificate = self.finish()
        self.client.force_login(self.member)
        response = self.client.get(reverse("learning:certificate_pdf", args=[certificate.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("private", response["Cache-Control"])
        self.assertTrue(b"".join(response.streaming_content).startswith(b"%PDF-"))

    def test_nobody_else_does(self):
        certificate = self.finish()
        url = reverse("learning:certificate_pdf", args=[certificate.pk])
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page
        self.client.force_login(self.other_member)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(reverse("learning:certificate", args=[certificate.pk])).status_code, 404)

    def test_certificate_staff_do(self):
        certificate = self.finish()
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(reverse("learning:certificate_pdf", args=[certificate.pk])).status_code, 200)

    def test_a_revoked_certificate_is_no_longer_served_to_its_holder(self):
        certificate = self.finish()
        services.revoke_certificate(certificate=certificate, by=self.manager, reason="Duplicado")
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(reverse("learning:certificate_pdf", args=[certificate.pk])).status_code, 404)
        self.assertContains(self.client.get(reverse("learning:certificate", args=[certificate.pk])), "Duplicado")


class VerifyPageTests(CertificateTestCase):
    def test_a_valid_certificate_shows_only_what_the_holder_agreed_to(self):
        certificate = self.finish()
        response = self.client.get(f"/certificates/verify/{certificate.code}/")
        self.assertContains(response, "This certificate is valid.")
        self.assertContains(response, "Python desde cero")
        self.assertNotContains(response, "Marta Ruiz")
        self.assertNotContains(response, "8.0 / 10")
        self.client.force_login(self.member)
        response = self.client.post(
            reverse("learning:certificate", args=[certificate.pk]), {"show_name": "on", "show_grade": "on"}
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        response = self.client.get(f"/certificates/verify/{certificate.code}/")
        self.assertContains(response, "Marta Ruiz")
        self.assertContains(response, "8.0 / 10")

    def test_another_member_cannot_change_what_is_shown(self):
        certificate = self.finish()
        self.client.force_login(self.other_member)
        response = self.client.post(reverse("learning:certificate", args=[certificate.pk]), {"show_name": "on"})
        self.assertEqual(response.status_code, 404)
        certificate.refresh_from_db()
        self.assertFalse(certificate.show_name)

    def test_a_revoked_certificate_says_so_with_the_date(self):
        certificate = self.finish()
        services.revoke_certificate(certificate=certificate, by=self.manager, reason="Fraude")
        response = self.client.get(f"/certificates/verify/{certificate.code}/")
        self.assertContains(response, 'data-state="revoked"')
        self.assertContains(response, "This certificate was revoked on")
        certificate.refresh_from_db()
        from django.utils.formats import date_format

        self.assertContains(response, date_format(timezone.localtime(certificate.revoked_at), "DATE_FORMAT"))

    def test_an_expired_certificate_says_expired(self):
        certificate = self.finish()
        Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
        response = self.client.get(f"/certificates/verify/{certificate.code}/")
        self.assertContains(response, 'data-state="expired"')
        self.assertContains(response, "This certificate expired on")

    def test_an_unknown_code_is_a_404(self):
        response = self.client.get("/certificates/verify/ABCDEFGHJKLMNPQRSTUV/")
        self.assertContains(response, "Certificate not found", status_code=404)
        self.assertEqual(self.client.get("/certificates/verify/%3Cscript%3E/").status_code, 404)

    def test_a_pending_certificate_is_not_shown_yet(self):
        score(self.exam, self.member, 8)
        for lesson in self.lessons:
            services.complete_lesson(member=self.member, lesson=lesson)
        code = Certificate.objects.get().code
        self.assertEqual(self.client.get(f"/certificates/verify/{code}/").status_code, 404)

    def test_the_lookup_form_checks_the_code_shape(self):
        self.assertEqual(self.client.get("/certificates/verify/").status_code, 200)
        response = self.client.get("/certificates/verify/", {"code": "abc"})
        self.assertContains(response, "A certificate code has 20 letters and digits", status_code=400)
        response = self.client.get("/certificates/verify/", {"code": "abcd-efgh-jklm-npqr-stuv"})
        self.assertRedirects(response, "/certificates/verify/ABCDEFGHJKLMNPQRSTUV/", fetch_redirect_response=False)


class ExpiryReminderTests(CertificateTestCase):
    def test_the_holder_is_reminded_once_a_month_before_expiry(self):
        certificate = self.finish()
        mail.outbox.clear()
        Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + timedelta(days=40))
        self.assertEqual(sweeps.remind_expiring_certificates(), 0)
        Certificate.objects.filter(pk=certificate.pk).update(expires_on=timezone.localdate() + timedelta(days=25))
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(sweeps.remind_expiring_certificates(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("expires soon", mail.outbox[0].subject)
        self.assertEqual(sweeps.remind_expiring_certificates(), 0)
