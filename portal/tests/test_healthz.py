from unittest import mock

from django.test import TestCase
from django.urls import reverse


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
