from datetime import timedelta
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from wagtail.search.backends import get_search_backend

from portal.health import check_search
from portal.tasks import run_sweeps


class HealthzTests(TestCase):
    def test_reports_every_check_ok(self):
        response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["status"], "ok")
        self.assertEqual(set(body["checks"]), {"database", "cache", "tasks", "search"})
        self.assertTrue(all(value == "ok" for value in body["checks"].values()))

    def test_a_broken_cache_degrades_but_answers_200(self):
        with mock.patch("portal.health.cache.set", side_effect=ConnectionError("redis down")):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "degraded")
        self.assertEqual(response.json()["checks"]["cache"], "error: ConnectionError")

    def test_a_broken_database_answers_503(self):
        with mock.patch.dict("portal.health.CHECKS", {"database": mock.Mock(side_effect=RuntimeError("down"))}):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["status"], "degraded")


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@override_settings(TASKS=DB_TASKS)
class HealthzDatabaseQueueTests(TestCase):
    def enqueue_waiting_since(self, minutes):
        from django_tasks_db.models import DBTaskResult

        result = run_sweeps.enqueue()
        DBTaskResult.objects.filter(id=result.id).update(enqueued_at=timezone.now() - timedelta(minutes=minutes))

    def test_a_fresh_queue_is_ok(self):
        self.enqueue_waiting_since(minutes=1)
        self.assertEqual(self.client.get(reverse("healthz")).json()["checks"]["tasks"], "ok")

    def test_a_task_waiting_too_long_means_no_worker_and_degrades(self):
        self.enqueue_waiting_since(minutes=11)
        with self.assertLogs("portal.health", "WARNING") as logs:
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "degraded")
        self.assertEqual(response.json()["checks"]["tasks"], "error: RuntimeError")
        self.assertIn("is the worker running?", logs.output[0])


class HealthzMoreTests(TestCase):
    @override_settings(
        TASKS={"default": {"BACKEND": "portal.task_backends.ResilientRQBackend", "QUEUES": ["default"]}},
        RQ_QUEUES={"default": {"URL": "redis://127.0.0.1:1/0"}},
    )
    def test_redis_down_degrades_the_tasks_check(self):
        with self.assertLogs("portal.health", "WARNING"):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["checks"]["tasks"], "error: ConnectionError")

    def test_a_broken_search_backend_degrades(self):
        with mock.patch.dict("portal.health.CHECKS", {"search": mock.Mock(side_effect=ConnectionError("es down"))}):
            response = self.client.get(reverse("healthz"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["checks"]["search"], "error: ConnectionError")

    def test_the_search_probe_asks_about_the_root_page_alone_whatever_the_content(self):
        backend = get_search_backend()
        with (
            mock.patch("portal.health.get_search_backend", return_value=backend),
            mock.patch.object(backend, "search", wraps=backend.search) as search,
        ):
            self.assertEqual(check_search(), "ok")
        queryset = search.call_args.args[1]
        self.assertEqual(queryset.count(), 1)
        self.assertIs(search.call_args.kwargs["order_by_relevance"], False)

    def test_the_answer_is_never_cached_and_tells_no_secrets(self):
        with mock.patch.dict("portal.health.CHECKS", {"cache": mock.Mock(side_effect=RuntimeError("pw=hunter2"))}):
            response = self.client.get(reverse("healthz"))
        self.assertIn("no-cache", response["Cache-Control"])
        self.assertNotIn("hunter2", response.content.decode())
