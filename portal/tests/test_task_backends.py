from unittest import mock

from django.core import mail
from django.core.mail import send_mail
from django.test import TestCase, override_settings

from django_tasks import TaskResultStatus, task_backends

from portal.models import OutboundEmail
from portal.outages import REDIS
from portal.task_backends import ResilientRQBackend
from portal.tasks import deliver_email, enqueue

# Port 1 on the loopback: nothing listens there, so connecting fails at once.
REDIS_DOWN = {
    "TASKS": {"default": {"BACKEND": "portal.task_backends.ResilientRQBackend", "QUEUES": ["default"]}},
    "RQ_QUEUES": {"default": {"URL": "redis://127.0.0.1:1/0"}},
}


@override_settings(**REDIS_DOWN)
class RedisDownTests(TestCase):
    def setUp(self):
        REDIS.since = None
        self.addCleanup(setattr, REDIS, "since", None)

    def test_the_configured_backend_is_the_resilient_one(self):
        self.assertIsInstance(task_backends["default"], ResilientRQBackend)

    def test_enqueue_runs_the_task_in_process_instead_of_raising(self):
        with self.captureOnCommitCallbacks(execute=False):
            send_mail("Hola", "Cuerpo", None, ["marta@example.com"])
        email = OutboundEmail.objects.get()

        with self.assertLogs("portal", "INFO") as logs:
            result = deliver_email.enqueue(email.pk)

        self.assertIn("WARNING:portal.outages:Redis is unavailable", logs.output[0])
        self.assertIn("Running portal.tasks.deliver_email in-process", logs.output[1])
        self.assertEqual(result.status, TaskResultStatus.SUCCESSFUL)
        email.refresh_from_db()
        self.assertEqual(email.status, "sent")
        self.assertEqual(len(mail.outbox), 1)

    def test_mail_sent_in_a_request_still_goes_out(self):
        with self.assertLogs("portal.outages", "WARNING"), self.captureOnCommitCallbacks(execute=True):
            send_mail("Hola", "Cuerpo", None, ["marta@example.com"])
        self.assertEqual(OutboundEmail.objects.get().status, "sent")
        self.assertEqual(len(mail.outbox), 1)


class EnqueueHelperTests(TestCase):
    def test_a_failing_enqueue_is_logged_not_raised(self):
        with (
            mock.patch.object(type(task_backends["default"]), "enqueue", side_effect=RuntimeError("queue full")),
            self.assertLogs("portal.tasks", "ERROR") as logs,
        ):
            self.assertIsNone(enqueue(deliver_email, 123))
        self.assertIn("Could not enqueue", logs.output[0])
        self.assertIn("RuntimeError: queue full", logs.output[0])
