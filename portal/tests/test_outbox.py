import smtplib
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import TestCase, override_settings
from django.utils import timezone

from django_tasks.backends.immediate import ImmediateBackend

from portal.mail import deliver_outbound_email, retry_failed_email
from portal.models import OutboundEmail
from portal.tasks import deliver_email

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Taller de Django\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n"


class BrokenBackend(BaseEmailBackend):
    """A transport whose server is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


BROKEN = "portal.tests.test_outbox.BrokenBackend"


def store(subject="Hola", to="marta@example.com"):
    """Send through the outbox without running the on-commit delivery."""
    send_mail(subject, "Cuerpo", "Lumino <no-reply@lumino.example>", [to])
    return OutboundEmail.objects.latest("pk")


class OutboxDeliveryTests(TestCase):
    def test_send_mail_stores_the_message_and_delivers_it_on_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            sent = send_mail("Bienvenida", "Hola Marta", None, ["marta@example.com"])
            email = OutboundEmail.objects.get()
            self.assertEqual((sent, email.status, email.recipients), (1, "pending", "marta@example.com"))
            self.assertEqual(mail.outbox, [])

        for callback in callbacks:
            callback()

        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts, email.last_error), ("sent", 1, ""))
        self.assertIsNotNone(email.sent_at)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual((mail.outbox[0].subject, mail.outbox[0].body), ("Bienvenida", "Hola Marta"))

    def test_nothing_is_sent_if_the_transaction_rolls_back(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            store()
        # The callbacks exist but are never run: the test's transaction is rolled back.
        self.assertEqual(len(callbacks), 1)
        self.assertEqual(mail.outbox, [])

    def test_html_alternative_and_attachments_survive_the_round_trip(self):
        message = EmailMultiAlternatives(
            "Tu plaza", "Texto", "Lumino <no-reply@lumino.example>", ["marta@example.com"], cc=["jefa@example.com"]
        )
        message.bcc = ["archivo@lumino.example"]
        message.reply_to = ["hola@lumino.example"]
        message.extra_headers = {"X-Lumino": "reserva"}
        message.attach_alternative("<p>Texto <b>rico</b></p>", "text/html")
        message.attach("invitacion.ics", ICS, "text/calendar")
        message.attach("recibo.pdf", PDF, "application/pdf")
        with self.captureOnCommitCallbacks(execute=True):
            message.send()

        delivered = mail.outbox[0]
        self.assertEqual(delivered.alternatives[0][:], ("<p>Texto <b>rico</b></p>", "text/html"))
        self.assertEqual(delivered.cc, ["jefa@example.com"])
        self.assertEqual(delivered.bcc, ["archivo@lumino.example"])
        self.assertEqual(delivered.reply_to, ["hola@lumino.example"])
        self.assertEqual(delivered.extra_headers["X-Lumino"], "reserva")
        attachments = {name: (content, mimetype) for name, content, mimetype in delivered.attachments}
        self.assertEqual(attachments["invitacion.ics"], (ICS, "text/calendar"))
        self.assertEqual(attachments["recibo.pdf"], (PDF, "application/pdf"))
        self.assertIn("BEGIN:VEVENT", delivered.message().as_string())
        self.assertEqual(
            OutboundEmail.objects.get().recipients, "marta@example.com, jefa@example.com, archivo@lumino.example"
        )

    def test_delivering_twice_sends_once(self):
        email = store()
        self.assertTrue(deliver_outbound_email(email.pk))
        self.assertFalse(deliver_outbound_email(email.pk))
        deliver_email.enqueue(email.pk)
        self.assertEqual(len(mail.outbox), 1)
        email.refresh_from_db()
        self.assertEqual(email.attempts, 1)

    def test_a_row_another_worker_is_sending_is_left_alone(self):
        email = store()
        OutboundEmail.objects.filter(pk=email.pk).update(status="sending", claimed_at=timezone.now())
        self.assertFalse(deliver_outbound_email(email.pk))
        self.assertEqual(mail.outbox, [])


@override_settings(LUMINO_DELIVERY_EMAIL_BACKEND=BROKEN, LUMINO_EMAIL_MAX_ATTEMPTS=3)
class OutboxFailureTests(TestCase):
    def test_a_transport_failure_keeps_the_row_pending_with_a_back_off(self):
        before = timezone.now()
        with self.assertLogs("portal", "INFO") as logs, self.captureOnCommitCallbacks(execute=True):
            send_mail("Hola", "Cuerpo", None, ["marta@example.com"])
        # The mail server's outage is one warning; each e-mail waiting for it is only INFO.
        self.assertIn("WARNING:portal.outages:The mail server is unavailable", "\n".join(logs.output))
        self.assertIn("INFO:portal.mail:E-mail", "\n".join(logs.output))

        email = OutboundEmail.objects.get()
        self.assertEqual((email.status, email.attempts), ("pending", 1))
        self.assertEqual(email.last_error, "SMTPServerDisconnected: Connection unexpectedly closed")
        self.assertGreaterEqual(email.next_attempt_at, before + timedelta(minutes=2))
        self.assertLess(email.next_attempt_at, timezone.now() + timedelta(minutes=3))
        # Not due yet: a delivery attempt before the back-off does nothing.
        self.assertFalse(deliver_outbound_email(email.pk))
        self.assertEqual(OutboundEmail.objects.get().attempts, 1)

    def test_the_back_off_doubles(self):
        email = store()
        for attempt, minutes in ((1, 2), (2, 4)):
            OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
            with self.assertLogs("portal.mail", "INFO"):
                deliver_outbound_email(email.pk)
            email.refresh_from_db()
            self.assertEqual(email.attempts, attempt)
            delay = email.next_attempt_at - timezone.now()
            self.assertTrue(timedelta(minutes=minutes - 1) < delay <= timedelta(minutes=minutes), delay)

    def test_after_the_last_attempt_it_is_failed_and_logged_as_an_error(self):
        email = store()
        for _attempt in range(2):
            OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
            with self.assertLogs("portal.mail", "INFO"):
                deliver_outbound_email(email.pk)
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())

        with self.assertLogs("portal.mail", "ERROR") as logs:
            deliver_outbound_email(email.pk)

        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("failed", 3))
        self.assertIn(f"E-mail {email.pk} to marta@example.com failed for good", logs.output[0])
        self.assertTrue(logs.records[0].levelname == "ERROR")
        # A failed row is never picked up again by itself.
        self.assertFalse(deliver_outbound_email(email.pk))

    def test_retry_gives_a_failed_email_a_fresh_start(self):
        email = store()
        OutboundEmail.objects.filter(pk=email.pk).update(status="failed", attempts=3, last_error="boom")
        with override_settings(LUMINO_DELIVERY_EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            with self.captureOnCommitCallbacks(execute=True):
                self.assertTrue(retry_failed_email(email))
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("sent", 1))
        self.assertEqual(len(mail.outbox), 1)

    def test_retry_leaves_other_rows_alone(self):
        email = store()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertFalse(retry_failed_email(email))
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("pending", 0))

    def test_a_queue_that_is_down_loses_nothing(self):
        with (
            mock.patch.object(ImmediateBackend, "enqueue", side_effect=ConnectionError("queue down")),
            self.assertLogs("portal.tasks", "ERROR") as logs,
            self.captureOnCommitCallbacks(execute=True),
        ):
            sent = send_mail("Hola", "Cuerpo", None, ["marta@example.com"])

        self.assertEqual(sent, 1)
        self.assertIn("it will be retried by the sweep", logs.output[0])
        email = OutboundEmail.objects.get()
        self.assertEqual((email.status, email.enqueued_at), ("pending", None))
