from datetime import timedelta
from io import StringIO
from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from portal import sweeps
from portal.mail import requeue_due_emails
from portal.models import OutboundEmail


def make_email(**fields):
    payload = {
        "subject": "Hola",
        "body": "Cuerpo",
        "from_email": None,
        "to": ["marta@example.com"],
        "cc": [],
        "bcc": [],
        "reply_to": [],
        "headers": {},
        "alternatives": [],
        "attachments": [],
    }
    return OutboundEmail.objects.create(subject="Hola", recipients="marta@example.com", payload=payload, **fields)


def ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


class SweepCommandTests(TestCase):
    def test_sweep_sends_what_was_never_enqueued(self):
        # The process died between the commit and the enqueue: only the row exists.
        email = make_email()
        out = StringIO()

        call_command("sweep", stdout=out)

        self.assertIn("portal.sweeps.requeue_emails: 1", out.getvalue())
        email.refresh_from_db()
        self.assertEqual(email.status, "sent")
        self.assertEqual(len(mail.outbox), 1)

    def test_sweep_releases_a_stale_claim_and_counts_the_lost_attempt(self):
        email = make_email(status="sending", claimed_at=ago(minutes=20), enqueued_at=ago(minutes=21))
        call_command("sweep", stdout=StringIO())
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("sent", 2))
        self.assertEqual(len(mail.outbox), 1)

    def test_sweep_leaves_a_fresh_claim_to_its_worker(self):
        email = make_email(status="sending", claimed_at=ago(minutes=1))
        call_command("sweep", stdout=StringIO())
        email.refresh_from_db()
        self.assertEqual(email.status, "sending")
        self.assertEqual(mail.outbox, [])

    @override_settings(LUMINO_EMAIL_MAX_ATTEMPTS=3)
    def test_a_message_that_keeps_killing_workers_ends_failed_and_logged(self):
        email = make_email(status="sending", attempts=2, claimed_at=ago(minutes=20))
        with self.assertLogs("portal.mail", "ERROR") as logs:
            requeue_due_emails()
        email.refresh_from_db()
        self.assertEqual((email.status, email.attempts), ("failed", 3))
        self.assertIn("failed for good", logs.output[0])


class RequeueSelectionTests(TestCase):
    """Which rows the sweep queues, watched through the enqueue it would do."""

    def requeued(self):
        with mock.patch("portal.tasks.enqueue", return_value=object()) as enqueue:
            requeue_due_emails()
        return {call.args[1] for call in enqueue.call_args_list}

    def test_selection(self):
        never_queued = make_email()
        queued_long_ago = make_email(enqueued_at=ago(minutes=30))
        waiting_in_the_queue = make_email(enqueued_at=ago(minutes=2))
        retry_due = make_email(attempts=1, claimed_at=ago(minutes=3), enqueued_at=ago(minutes=3, seconds=1))
        backing_off = make_email(attempts=1, next_attempt_at=timezone.now() + timedelta(minutes=2))
        sent = make_email(status="sent", sent_at=ago(minutes=1))
        failed = make_email(status="failed", attempts=8)

        requeued = self.requeued()

        self.assertEqual(requeued, {never_queued.pk, queued_long_ago.pk, retry_due.pk})
        self.assertFalse(requeued & {waiting_in_the_queue.pk, backing_off.pk, sent.pk, failed.pk})
        never_queued.refresh_from_db()
        self.assertIsNotNone(never_queued.enqueued_at)

    def test_a_second_sweep_right_after_queues_nothing_more(self):
        make_email()
        self.assertEqual(len(self.requeued()), 1)
        self.assertEqual(self.requeued(), set())


class SweepRegistryTests(TestCase):
    def test_a_failing_sweep_is_logged_and_the_others_still_run(self):
        def broken():
            raise RuntimeError("boom")

        # Discover every app's sweeps first: patch.dict restores the registry as it was, and
        # discovery happens only once per process.
        autodiscover_modules("sweeps")
        with mock.patch.dict(sweeps._registry, {"tests.broken": broken}), self.assertLogs("portal.sweeps", "ERROR"):
            results = sweeps.run_all()

        self.assertEqual(results["tests.broken"], "error")
        self.assertEqual(results["portal.sweeps.requeue_emails"], 0)
