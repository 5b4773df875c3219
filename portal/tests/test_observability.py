"""Request ids in responses and log lines, JSON logs, and /metrics for Prometheus only."""

import json
import logging

from django.test import TestCase, override_settings

from portal.models import OutboundEmail
from portal.observability import RequestIdFilter


class RequestIdTests(TestCase):
    def test_every_response_carries_a_request_id_and_the_log_lines_of_that_request_too(self):
        with self.assertLogs("portal.tests.request", level="INFO") as logs:
            logger = logging.getLogger("portal.tests.request")
            logger.addFilter(RequestIdFilter())
            with override_settings(ROOT_URLCONF="portal.tests.urls_request_id"):
                response = self.client.get("/log-something/")
        request_id = response["X-Request-ID"]
        self.assertRegex(request_id, r"^[0-9a-f]{32}$")
        self.assertEqual(logs.records[0].request_id, request_id)
        self.assertNotEqual(self.client.get("/healthz/")["X-Request-ID"], request_id)

    def test_the_proxys_id_is_kept_and_a_forged_one_replaced(self):
        nginx_id = "0123456789abcdef0123456789abcdef"
        self.assertEqual(self.client.get("/healthz/", HTTP_X_REQUEST_ID=nginx_id)["X-Request-ID"], nginx_id)
        forged = self.client.get("/healthz/", HTTP_X_REQUEST_ID="<script>\n")["X-Request-ID"]
        self.assertRegex(forged, r"^[0-9a-f]{32}$")

    def test_outside_a_request_lines_say_so(self):
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
        RequestIdFilter().filter(record)
        self.assertEqual(record.request_id, "-")

    def test_production_lines_are_json_objects_with_the_request_id(self):
        from django.conf import settings
        from django.utils.module_loading import import_string

        config = settings.LOGGING["formatters"]["json"]
        formatter = import_string(config["()"])(fmt=config["fmt"], rename_fields=config["rename_fields"])
        record = logging.LogRecord("courses", logging.WARNING, __file__, 1, "Pago %s rechazado", ("LUM-1",), None)
        record.request_id = "abc"
        line = json.loads(formatter.format(record))
        self.assertEqual(line["level"], "WARNING")
        self.assertEqual(line["logger"], "courses")
        self.assertEqual(line["message"], "Pago LUM-1 rechazado")
        self.assertEqual(line["request_id"], "abc")
        self.assertIn("time", line)


class MetricsEndpointTests(TestCase):
    def test_prometheus_on_an_allowed_network_reads_requests_tasks_and_outbox(self):
        OutboundEmail.objects.create(subject="Hola", recipients="ana@example.com", payload={})
        self.client.get("/healthz/")
        response = self.client.get("/metrics", REMOTE_ADDR="127.0.0.1")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        body = response.content.decode()
        self.assertIn("django_http_requests_latency_seconds_by_view_method", body)
        self.assertIn('lumino_outbox_backlog{status="pending"} 1.0', body)
        self.assertIn("lumino_task_queue_depth", body)
        self.assertIn('lumino_tasks{state="failed"}', body)
        self.assertIn('lumino_figure{key="open_tickets"} 0.0', body)
        self.assertIn('lumino_figure{key="reservations"}', body)

    def test_prometheus_scrapes_the_container_by_name_over_plain_http(self):
        with override_settings(ALLOWED_HOSTS=["lumino.example"], SECURE_SSL_REDIRECT=True):
            response = self.client.get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_HOST="web:8000")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(
                self.client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_HOST="web:8000").status_code, 404
            )

    def test_anyone_else_gets_a_404_unless_they_have_the_token(self):
        self.assertEqual(self.client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code, 404)
        with override_settings(METRICS_TOKEN="s3cret-token"):
            self.assertEqual(
                self.client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer nope").status_code,
                404,
            )
            allowed = self.client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer s3cret-token")
            self.assertEqual(allowed.status_code, 200)
