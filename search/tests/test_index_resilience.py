from datetime import timedelta
from unittest import mock

from django.db import connection
from django.db.models.signals import post_save
from django.utils import timezone

from wagtail.search.backends import get_search_backend

from django_tasks.backends.immediate import ImmediateBackend
from modelsearch import signal_handlers as upstream

from portal.sweeps import run_all
from portal.testing import LuminoTestCase
from search.models import PendingIndexUpdate
from search.services import search_site
from search.tests import builders


def found(query):
    return [hit.page.title for hit in search_site(query, user=None).hits]


def backend_down():
    """The configured search backend refusing every write, as a cluster that is down would."""
    return mock.patch.object(type(get_search_backend()), "add", side_effect=ConnectionError("search engine down"))


class IndexFailureTests(LuminoTestCase):
    def setUp(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.index = builders.indexes()
            self.page = builders.news(self.index["news"], "Taller de Excel", body="Tablas dinámicas.")
        self.assertEqual(found("excel"), ["Taller de Excel"])

    def _publish_new_title(self, title):
        self.page.title = title
        with self.captureOnCommitCallbacks(execute=True):
            self.page.save_revision().publish()

    def _later(self):
        PendingIndexUpdate.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
        run_all()

    def test_a_failing_backend_keeps_the_edit_and_logs_it(self):
        with backend_down(), self.assertLogs("search.indexing", "WARNING") as logs:
            self._publish_new_title("Taller de hojas de cálculo")
        self.page.refresh_from_db()
        self.assertEqual(self.page.title, "Taller de hojas de cálculo")
        self.assertIn("failed in backend 'default'", logs.output[0])
        pending = PendingIndexUpdate.objects.get()
        self.assertEqual((pending.object_id, pending.attempts), (str(self.page.pk), 1))
        self.assertIn("search engine down", pending.last_error)
        self.assertGreater(pending.next_attempt_at, timezone.now())

    def test_the_sweep_reindexes_the_page_once_the_backend_is_back(self):
        with backend_down(), self.assertLogs("search.indexing", "WARNING"):
            self._publish_new_title("Taller de hojas de cálculo")
        self.assertEqual(found("cálculo"), [])
        run_all()  # not due yet: nothing happens
        self.assertEqual(PendingIndexUpdate.objects.count(), 1)
        self._later()
        self.assertEqual(found("cálculo"), ["Taller de hojas de cálculo"])
        self.assertFalse(PendingIndexUpdate.objects.exists())

    def test_a_retry_that_fails_again_waits_longer(self):
        with backend_down(), self.assertLogs("search.indexing", "WARNING"):
            self._publish_new_title("Taller de hojas de cálculo")
            first_wait = PendingIndexUpdate.objects.get().next_attempt_at - timezone.now()
            self._later()
        pending = PendingIndexUpdate.objects.get()
        self.assertEqual(pending.attempts, 2)
        self.assertGreater(pending.next_attempt_at - timezone.now(), first_wait)

    def test_a_database_error_inside_the_backend_does_not_poison_the_transaction(self):
        def broken_add(backend, obj):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM search_no_such_table")

        with mock.patch.object(type(get_search_backend()), "add", broken_add), self.assertLogs("search.indexing"):
            self._publish_new_title("Taller de Excel avanzado")
            # On PostgreSQL this query fails if the error escaped its savepoint.
            self.assertEqual(type(self.page).objects.get(pk=self.page.pk).title, "Taller de Excel avanzado")
        self.assertEqual(PendingIndexUpdate.objects.get().attempts, 1)

    def test_a_queue_that_refuses_the_task_leaves_the_update_for_the_sweep(self):
        enqueue = ImmediateBackend.enqueue

        def refuse_index_updates(backend, task, args, kwargs):
            if task.name == "update_search_index":
                raise ConnectionError("queue down")
            return enqueue(backend, task, args, kwargs)

        with mock.patch.object(ImmediateBackend, "enqueue", refuse_index_updates):
            with self.assertLogs("portal.tasks", "ERROR"):
                self._publish_new_title("Taller de macros")
        self.assertEqual(found("macros"), [])
        self.assertTrue(PendingIndexUpdate.objects.filter(object_id=str(self.page.pk)).exists())
        self._later()
        self.assertEqual(found("macros"), ["Taller de macros"])

    def test_a_deleted_page_leaves_the_results(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.page.delete()
        self.assertEqual(found("excel"), [])

    def test_pages_are_indexed_by_search_receivers_not_the_upstream_ones(self):
        receivers = list(post_save._live_receivers(type(self.page))[0])
        self.assertNotIn(upstream.post_save_signal_handler, receivers)
        self.assertIn("index_on_save", [receiver.__name__ for receiver in receivers])
