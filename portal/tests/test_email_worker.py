from unittest import mock

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from django_tasks_db.models import DBTaskResult

from portal.models import OutboundEmail
from search.tasks import update_search_index

# What `make run` uses: tasks wait in the database for `manage.py db_worker`.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DATABASE_TASKS)
class EmailWorkerTests(TestCase):
    def run_worker(self, tasks):
        # The worker drops stale connections between tasks; here that would be the test's own,
        # which holds its transaction (PostgreSQL).
        with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
            call_command("db_worker", batch=True, max_tasks=tasks, startup_delay=False, reload=False, verbosity=0)

    def test_the_worker_delivers_an_email_before_the_background_work_queued_earlier(self):
        for pk in range(3):  # e.g. the index updates seed_demo leaves behind
            update_search_index.enqueue("news", "newspage", str(10_000 + pk))
        with self.captureOnCommitCallbacks(execute=True):
            mail.send_mail("Confirma tu dirección", "Enlace: http://testserver/x/", None, ["ana@example.org"])
        self.assertEqual(mail.outbox, [])  # queued, not sent

        self.run_worker(tasks=1)

        self.assertEqual([message.to for message in mail.outbox], [["ana@example.org"]])
        self.assertIsNotNone(OutboundEmail.objects.get().sent_at)
        waiting = DBTaskResult.objects.filter(task_path="search.tasks.update_search_index", status="READY")
        self.assertEqual(waiting.count(), 3)
