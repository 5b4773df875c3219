"""A database task whose worker was killed mid-run is queued again by the sweep, once."""

from datetime import timedelta

from django.test import TestCase, override_settings
from django.utils import timezone

from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portal.orphans import requeue_orphaned_tasks
from portal.tasks import deliver_email

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DB_TASKS, LUMINO_TASK_ORPHAN_SECONDS=600)
class OrphanedTaskTests(TestCase):
    def claimed(self, minutes_ago):
        result = deliver_email.using(priority=7).enqueue(42)
        row = DBTaskResult.objects.get(pk=result.id)
        row.claim("worker-that-died")
        DBTaskResult.objects.filter(pk=row.pk).update(started_at=timezone.now() - timedelta(minutes=minutes_ago))
        return row

    def test_a_task_running_past_the_limit_is_queued_again_with_its_arguments(self):
        orphan = self.claimed(minutes_ago=11)
        self.assertEqual(requeue_orphaned_tasks(), 1)
        orphan.refresh_from_db()
        self.assertEqual(orphan.status, TaskResultStatus.FAILED)
        self.assertIn("worker stopped", orphan.traceback)
        again = DBTaskResult.objects.ready().get()
        self.assertEqual((again.task_path, again.args_kwargs["args"], again.priority), (orphan.task_path, [42], 7))

    def test_a_task_still_within_the_limit_is_left_to_its_worker(self):
        running = self.claimed(minutes_ago=5)
        self.assertEqual(requeue_orphaned_tasks(), 0)
        running.refresh_from_db()
        self.assertEqual(running.status, TaskResultStatus.RUNNING)
        self.assertFalse(DBTaskResult.objects.ready().exists())

    def test_a_second_sweep_queues_nothing_more(self):
        self.claimed(minutes_ago=30)
        requeue_orphaned_tasks()
        self.assertEqual(requeue_orphaned_tasks(), 0)
        self.assertEqual(DBTaskResult.objects.ready().count(), 1)


class OtherBackendsTests(TestCase):
    def test_nothing_to_do_when_tasks_do_not_run_from_the_database(self):
        self.assertEqual(requeue_orphaned_tasks(), 0)
