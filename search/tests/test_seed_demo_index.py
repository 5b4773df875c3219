from io import StringIO

from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import TestCase, override_settings

from django_tasks_db.models import DBTaskResult

from search.models import PendingIndexUpdate
from search.services import search_site

# What `make run` uses: tasks wait in the database until a worker takes them.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DATABASE_TASKS)
class SeedDemoSearchIndexTests(TestCase):
    def test_search_finds_python_right_after_seeding_without_a_worker(self):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=out)

        outcome = search_site("python", user=AnonymousUser())
        self.assertGreater(outcome.total, 0)
        self.assertTrue(any("Python" in hit.page.title for hit in outcome.hits), [h.page.title for h in outcome.hits])
        self.assertFalse(PendingIndexUpdate.objects.exists())
        self.assertIn("search index:", out.getvalue())
        # No worker ran: the index updates that seeding queued are still waiting.
        waiting = DBTaskResult.objects.filter(task_path="search.tasks.update_search_index", status="READY")
        self.assertTrue(waiting.exists())
